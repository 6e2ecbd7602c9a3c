/**
 * Small helpers for driving n8n 2.41's editor with playwright-core. Everything is found by
 * n8n's own data-test-id attributes (the ones its Playwright suite uses) or by ARIA roles, and
 * every read waits until the page shows what is expected or a timeout passes, so no step
 * depends on a fixed sleep.
 */
const { selectors } = require('playwright-core');

selectors.setTestIdAttribute('data-test-id');

const DEFAULT_WAIT_MS = 8_000;

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Polls `read` until `accept(value)` holds, then returns the value. After `timeout` it returns
 * the last value read (the caller's assertion then reports what was actually shown).
 */
async function settle(read, accept, timeout = DEFAULT_WAIT_MS) {
	const deadline = Date.now() + timeout;
	let value;
	for (;;) {
		try {
			value = await read();
			if (accept(value)) return value;
		} catch (error) {
			value = error;
		}
		if (Date.now() > deadline) {
			if (value instanceof Error) throw value;
			return value;
		}
		await sleep(150);
	}
}

/** Reads until the value equals `expected` (JSON equality) or the timeout passes. */
function settleTo(read, expected, timeout) {
	return settle(read, (value) => same(value, expected), timeout);
}

/**
 * Names of the node's top-level parameters that the NDV shows right now, in display order.
 * A parameter counts when its label is visible; the resource mapper (no label of its own in
 * auto-map mode) counts as "columns"; notices and the credential slot are not parameters.
 */
function visibleParameters(page) {
	return page.getByTestId('node-parameters').evaluate((root) => {
		const names = [];
		const walk = root.querySelectorAll('label[for], [data-test-id="resource-mapper-container"]');
		for (const element of walk) {
			if (!element.checkVisibility()) continue;
			if (element.matches('[data-test-id="resource-mapper-container"]')) {
				names.push('columns');
				continue;
			}
			if (element.closest('[data-test-id="resource-mapper-container"]')) continue;
			const item = element.closest('[data-test-id="parameter-item"]');
			if (!item || item.parentElement.closest('[data-test-id="parameter-item"]')) continue;
			names.push(element.getAttribute('for'));
		}
		return names;
	});
}

/** Names of the values added to the node's "Options" collection that are shown right now. */
function visibleOptionValues(page) {
	return page.getByTestId('node-parameters').evaluate((root) => {
		const names = [];
		for (const label of root.querySelectorAll('label[for]')) {
			if (!label.checkVisibility()) continue;
			const item = label.closest('[data-test-id="parameter-item"]');
			const outer = item?.parentElement.closest('[data-test-id="parameter-item"]');
			const outerLabel = outer?.querySelector('label[for]');
			if (outerLabel?.getAttribute('for') === 'options') names.push(label.getAttribute('for'));
		}
		return names;
	});
}

/** Texts of the visible entries of an open dropdown (Element Plus select or Reka menu). */
function visibleTexts(locator) {
	return locator.evaluateAll((elements) =>
		elements
			.filter((element) => element.checkVisibility())
			.map((element) => element.innerText.trim()),
	);
}

/**
 * Opens the "Add option" dropdown of the Options collection, reads its entries, closes it.
 * n8n shows no "Add option" for a collection without options, and for one with a single
 * option a button that adds it at once; both are reported instead of a list.
 */
async function optionsCollectionChoices(page) {
	const add = page.getByTestId('node-parameters').getByTestId('collection-parameter-add');
	if (!(await add.isVisible())) return ['(no "Add option": the collection offers nothing)'];
	if ((await add.locator('.el-select').count()) === 0) {
		return ['(a single option, added by the "Add option" button)'];
	}
	await add.click();
	const choices = page.getByTestId('collection-parameter-option');
	await choices.filter({ visible: true }).first().waitFor();
	const texts = await settle(
		() => visibleTexts(choices),
		(list) => list.length > 0,
	);
	await add.click();
	await settle(
		() => visibleTexts(choices),
		(list) => list.length === 0,
	);
	return texts;
}

/** Adds one entry of the Options collection by its label. */
async function addOption(page, label) {
	await page.getByTestId('node-parameters').getByTestId('collection-parameter-add').click();
	await page
		.getByTestId('collection-parameter-option')
		.filter({ visible: true })
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
		.click();
}

/** The visible entries of an open Element Plus select, first line of each (its headline). */
async function openSelectChoices(page) {
	const options = page.locator('.el-select-dropdown__item');
	await options.filter({ visible: true }).first().waitFor();
	const texts = await visibleTexts(options);
	return texts.map((text) => text.split('\n')[0].trim());
}

/**
 * Clicks the visible Element Plus select entry whose headline is exactly `headline`. The visible
 * list can change while it is read (a dropdown that is closing fades out, and its entries shift
 * the others' positions), so the scan is repeated until the entry is found or the wait ends.
 * When there is none, clicks `trigger` (the select) again to close the dropdown, then fails.
 */
async function pickSelectChoice(page, headline, trigger) {
	const options = page.locator('.el-select-dropdown__item').filter({ visible: true });
	await options.first().waitFor();
	const clicked = await settle(
		async () => {
			const count = await options.count();
			for (let index = 0; index < count; index += 1) {
				const option = options.nth(index);
				const first = (await option.innerText({ timeout: 1000 })).split('\n')[0].trim();
				if (first === headline) {
					await option.click({ timeout: 2000 });
					return true;
				}
			}
			return false;
		},
		(found) => found === true,
	);
	if (clicked === true) return;
	if (trigger) await trigger.click();
	throw new Error(`the dropdown has no entry "${headline}"`);
}

/** Sets the node's Operation through its dropdown and waits until the NDV shows it. */
async function chooseOperation(page, operationName) {
	const input = page.getByTestId('parameter-input-operation');
	await input.click();
	await pickSelectChoice(page, operationName, input);
	await settleTo(() => input.locator('input').inputValue(), operationName);
}

/** Turns a boolean parameter's switch on or off (clicks only when needed). */
async function setSwitch(page, name, on) {
	const input = page.getByTestId(`parameter-input-${name}`);
	const isOn = () =>
		input.locator('.el-switch').evaluate((element) => element.classList.contains('is-checked'));
	if ((await isOn()) !== on) await input.locator('.el-switch').click();
	const now = await settleTo(isOn, on);
	if (now !== on) throw new Error(`the ${name} switch did not turn ${on ? 'on' : 'off'}`);
}

/** The NDV of the canvas node called `nodeName`; opens it (double click) when it is closed. */
async function openNode(page, nodeName) {
	await closeCredentialModal(page);
	const ndv = page.getByTestId('ndv');
	if (await ndv.isVisible()) {
		const title = await page.getByTestId('node-title-container').innerText();
		if (title.trim() === nodeName) return ndv;
		await closeNode(page);
	}
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
	await ndv.waitFor();
	return ndv;
}

/** Closes the credential modal if a check left it open. */
async function closeCredentialModal(page) {
	const modal = page.getByTestId('editCredential-modal');
	if (!(await modal.isVisible())) return;
	await modal.getByRole('button', { name: 'Close this dialog' }).click();
	await modal.waitFor({ state: 'hidden' });
}

async function closeNode(page) {
	await closeCredentialModal(page);
	const ndv = page.getByTestId('ndv');
	if (!(await ndv.isVisible())) return;
	await page.getByTestId('ndv-close-button').click();
	await ndv.waitFor({ state: 'hidden' });
}

/** Closes the toasts ("Node executed successfully") so they do not cover a screenshot. */
async function dismissToasts(page) {
	const close = page
		.locator('.el-notification .el-notification__closeBtn')
		.filter({ visible: true });
	for (let count = await close.count(); count > 0; count = await close.count()) {
		await close.first().click();
		await settle(
			() => close.count(),
			(now) => now < count,
			3_000,
		);
	}
}

/** Field names of the credential form that are shown right now, in display order. */
function visibleCredentialFields(modal) {
	return modal
		.getByTestId('credential-connection-parameter')
		.evaluateAll((forms) =>
			forms
				.filter((form) => form.checkVisibility())
				.map((form) => form.querySelector('[data-test-id]')?.getAttribute('data-test-id')),
		);
}

/** Header and rows of the output panel's table view. */
async function outputTable(page) {
	const panel = page.getByTestId('output-panel');
	const table = panel.locator('table').first();
	await table.waitFor();
	return table.evaluate((element) => {
		const cells = (row) => [...row.children].map((cell) => cell.innerText.trim());
		const header = cells(element.querySelector('thead tr') ?? element.querySelector('tr'));
		const rows = [...element.querySelectorAll('tbody tr')].map(cells);
		return { header, rows };
	});
}

/** Whether an <img> inside `locator` has loaded and decoded (a broken image has width 0). */
function imageLoaded(locator) {
	return locator.evaluate((img) => img.complete && img.naturalWidth > 0);
}

module.exports = {
	addOption,
	chooseOperation,
	closeNode,
	dismissToasts,
	imageLoaded,
	openNode,
	openSelectChoices,
	optionsCollectionChoices,
	outputTable,
	pickSelectChoice,
	same,
	setSwitch,
	settle,
	settleTo,
	sleep,
	visibleCredentialFields,
	visibleOptionValues,
	visibleParameters,
	visibleTexts,
};
