/** The nodes panel finds the node, shows its icon and actions; adding it puts it on the canvas. */
const { expectations, show } = require('../../harness/checks.cjs');
const ui = require('../editor.cjs');
const { NODE_NAME, NODE_TYPE, ACTIONS } = require('../expected.cjs');

const { expectEqual, expectSameSet, expectTruthy } = expectations({ shown: 'the editor shows' });

async function nodesPanelChecks(session) {
	const { page, check, screenshot } = session;
	await check('nodes panel: searching "Fluent" finds Fluent Inventory Batch', async () => {
		await page.getByTestId('canvas-add-button').click();
		await page.getByTestId('node-creator-search-bar').fill('Fluent');
		const names = await ui.settle(
			() => ui.visibleTexts(page.getByTestId('node-creator-item-name')),
			(list) => list.includes(NODE_NAME),
		);
		expectTruthy(names.includes(NODE_NAME), `the search lists ${show(names)}, not "${NODE_NAME}"`);
		const item = page.getByTestId('item-iterator-item').filter({ hasText: NODE_NAME });
		const description = await item.getByTestId('node-creator-item-description').innerText();
		expectEqual(
			description,
			'Load inventory into Fluent Commerce through its Job and Batch API',
			'its description',
		);
		await screenshot('nodes-panel-search', page.getByTestId('node-creator'), { maxHeight: 260 });
	});

	await check("nodes panel: the node's icon renders", async () => {
		const icon = page
			.getByTestId('item-iterator-item')
			.filter({ hasText: NODE_NAME })
			.locator('img')
			.first();
		const src = await icon.getAttribute('src');
		expectTruthy(
			/n8n-nodes-fluent-commerce\/.*fluentCommerce(\.dark)?\.svg$/.test(src ?? ''),
			`the icon is not the package's SVG: src=${src}`,
		);
		const loaded = await ui.settle(() => ui.imageLoaded(icon), Boolean);
		expectTruthy(loaded, `the icon ${src} did not render (the image is broken)`);
	});

	await check('nodes panel: the node offers its four operations as actions', async () => {
		await page.getByTestId('node-creator-item-name').filter({ hasText: NODE_NAME }).click();
		const actions = await ui.settle(
			() => ui.visibleTexts(page.getByTestId('node-creator').getByTestId('node-creator-item-name')),
			(list) => ACTIONS.every((action) => list.includes(action)),
		);
		// The panel also lists its title (the node's name) and two triggers n8n suggests.
		const ours = actions.filter(
			(text) => ![NODE_NAME, 'On a Schedule', 'On a Webhook call'].includes(text),
		);
		expectSameSet(ours, ACTIONS, 'the actions');
		await screenshot('nodes-panel-actions', page.getByTestId('node-creator'), { maxHeight: 620 });
	});

	await check(
		'canvas: "Create a job" adds the node after a Manual Trigger and opens it',
		async () => {
			await page.getByTestId('node-creator-item-name').filter({ hasText: 'Create a job' }).click();
			await page.getByTestId('ndv').waitFor();
			await ui.settleTo(
				() => page.getByTestId('parameter-input-operation').locator('input').inputValue(),
				'Create Job',
			);
			const types = await page
				.getByTestId('canvas-node')
				.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node-type')));
			expectSameSet(types, ['n8n-nodes-base.manualTrigger', NODE_TYPE], 'the canvas nodes');
		},
	);

	await check("canvas: the node's icon renders on the canvas and in the node's panel", async () => {
		const ndvIcon = page.getByTestId('ndv').locator('img[src*="fluentCommerce"]').first();
		expectTruthy(
			await ui.settle(() => ui.imageLoaded(ndvIcon), Boolean),
			'the icon in the NDV header did not render',
		);
		const canvasIcon = page
			.locator(`[data-test-id="canvas-node"][data-node-type="${NODE_TYPE}"] img`)
			.first();
		expectTruthy(
			await ui.settle(() => ui.imageLoaded(canvasIcon), Boolean),
			'the icon on the canvas node did not render',
		);
	});
}

module.exports = { nodesPanelChecks };
