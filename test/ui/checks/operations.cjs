/** Each operation's parameters and options as the node's panel shows them. */
const { expectations, show } = require('../../harness/checks.cjs');
const ui = require('../editor.cjs');
const {
	NODE_NAME,
	OPERATIONS,
	N8N_CUSTOM_API_CALL,
	RECORD_FIELDS,
	REQUEST_OPTIONS,
	GET_JOB_TIMEOUT_OPTION,
	WAIT_OPTIONS,
	WAIT_OPTION_NAMES,
} = require('../expected.cjs');

const { expectEqual, expectSameSet } = expectations({ shown: 'the editor shows' });

/** Opens the node on `operation` and checks that it shows exactly the `expected` parameters. */
async function showsExactlyParameters(page, operation, expected) {
	await ui.openNode(page, NODE_NAME);
	await ui.chooseOperation(page, operation);
	expectSameSet(
		await ui.settleTo(() => ui.visibleParameters(page), expected),
		expected,
		`${operation} parameters`,
	);
}

async function operationChecks(session) {
	const { page, check, screenshot } = session;
	const params = () => page.getByTestId('node-parameters');

	await check(
		'Operation: the dropdown offers Create Batch, Create Job, Get Batch, Get Job',
		async () => {
			await ui.openNode(page, NODE_NAME);
			const select = page.getByTestId('parameter-input-operation');
			await select.click();
			const choices = await ui.openSelectChoices(page);
			await ui.pickSelectChoice(page, 'Create Job', select);
			expectEqual(
				choices.filter((choice) => choice !== N8N_CUSTOM_API_CALL),
				OPERATIONS,
				'the operations',
			);
		},
	);

	await check('Create Job: shows exactly operation, jobName, retailerId, options', async () => {
		const expected = ['operation', 'jobName', 'retailerId', 'options'];
		await showsExactlyParameters(page, 'Create Job', expected);
	});

	await check(
		"Create Job: Options offers Skip Batch Pre-Processing, Reuse Today's Job and the request options",
		async () => {
			const choices = await ui.optionsCollectionChoices(page);
			expectSameSet(
				choices,
				['Skip Batch Pre-Processing', "Reuse Today's Job", ...REQUEST_OPTIONS],
				'Create Job options',
			);
			await ui.addOption(page, 'Skip Batch Pre-Processing');
			await ui.settleTo(() => ui.visibleOptionValues(page), ['skipPreprocessing']);
			await screenshot('create-job', page.getByTestId('ndv'));
		},
	);

	await check(
		'Create Batch: shows exactly operation, jobId, recordsFrom, columns, retailerId, batchSize, waitForCompletion, options',
		async () => {
			await showsExactlyParameters(page, 'Create Batch', [
				'operation',
				'jobId',
				'recordsFrom',
				'columns',
				'retailerId',
				'batchSize',
				'waitForCompletion',
				'options',
			]);
		},
	);

	await check(
		'Create Batch: Records From → Binary File shows the file parameters instead of the mapping, and CSV Delimiter under Options',
		async () => {
			const recordsFrom = page.getByTestId('parameter-input-recordsFrom');
			const choose = async (label) => {
				await recordsFrom.click();
				// Wait for this dropdown's own entries, not those of one still closing.
				await ui.settle(
					() => ui.openSelectChoices(page),
					(choices) => choices.includes(label),
				);
				await ui.pickSelectChoice(page, label, recordsFrom);
				await ui.settleTo(() => recordsFrom.locator('input').inputValue(), label);
			};
			await choose('Binary File');
			const expected = [
				'operation',
				'jobId',
				'recordsFrom',
				'binaryPropertyName',
				'fileFormat',
				'fileColumns',
				'retailerId',
				'batchSize',
				'waitForCompletion',
				'options',
			];
			expectSameSet(
				await ui.settleTo(() => ui.visibleParameters(page), expected),
				expected,
				'Create Batch parameters for Binary File',
			);
			expectEqual(
				(await ui.optionsCollectionChoices(page)).includes('CSV Delimiter'),
				true,
				'CSV Delimiter among the options',
			);
			await choose('Input Items');
		},
	);

	const mappingMode = () => page.getByTestId('mapping-mode-select').locator('input').inputValue();
	const chooseMappingMode = async (label) => {
		if ((await mappingMode()) === label) return;
		const select = page.getByTestId('mapping-mode-select').locator('input');
		await select.click();
		await ui.pickSelectChoice(page, label, select);
		await ui.settleTo(mappingMode, label);
	};
	const notices = () =>
		params()
			.locator('.notice')
			.evaluateAll((elements) =>
				elements.filter((element) => element.checkVisibility()).map((element) => element.innerText),
			);

	await check("Create Batch: Map Automatically names Fluent's record fields", async () => {
		await chooseMappingMode('Map Automatically');
		const named = (texts) =>
			RECORD_FIELDS.every((field) => texts.some((text) => new RegExp(`\\b${field}\\b`).test(text)));
		const texts = await ui.settle(notices, named);
		const missing = RECORD_FIELDS.filter(
			(field) => !texts.some((text) => new RegExp(`\\b${field}\\b`).test(text)),
		);
		expectEqual(missing, [], `record fields not named in auto-map mode (notices: ${show(texts)})`);
		await screenshot('create-batch-auto-map', page.getByTestId('ndv'));
	});

	await check(
		"Create Batch: Map Each Column Manually offers exactly Fluent's record fields",
		async () => {
			await chooseMappingMode('Map Each Column Manually');
			const mapped = () =>
				page
					.getByTestId('mapping-fields-container')
					.locator('label[for]')
					.evaluateAll((labels) =>
						labels
							.filter((label) => label.checkVisibility())
							.map((label) => label.getAttribute('for').match(/^value\["(.+)"\]$/)?.[1])
							.filter(Boolean),
					);
			const required = ['skuRef', 'locationRef', 'qty'];
			expectSameSet(
				await ui.settleTo(mapped, required),
				required,
				'the fields shown at first (the required ones)',
			);
			// Add every other field through "Add record field to send".
			for (let round = 0; round < RECORD_FIELDS.length; round += 1) {
				const add = page.getByTestId('add-fields-select');
				if (!(await add.isVisible())) break;
				await add.locator('button').click();
				const items = page.locator('[role="menuitem"]').filter({ visible: true });
				await items.first().waitFor();
				const labels = (await ui.visibleTexts(items)).filter(Boolean);
				if (labels.length === 0) break;
				const before = (await mapped()).length;
				await items.filter({ hasText: labels[0] }).first().click();
				await ui.settle(mapped, (list) => list.length > before);
			}
			const all = await ui.settle(mapped, (list) => list.length >= RECORD_FIELDS.length);
			expectSameSet(all, RECORD_FIELDS, 'the record fields that can be mapped');
			await page
				.getByTestId('mapping-mode-select')
				.evaluate((element) => element.scrollIntoView({ block: 'start' }));
			await screenshot('create-batch-define-below', page.getByTestId('ndv'));
			await chooseMappingMode('Map Automatically');
		},
	);

	// waitOnlyOptions: the operation's own options that, like the wait options, need waiting.
	const waitOptionChecks = async (operationOptions, shotName, waitOnlyOptions = []) => {
		await ui.setSwitch(page, 'waitForCompletion', false);
		let choices = await ui.optionsCollectionChoices(page);
		expectSameSet(
			choices,
			[...operationOptions, ...REQUEST_OPTIONS],
			'Options while Wait for Completion is off',
		);
		await ui.setSwitch(page, 'waitForCompletion', true);
		choices = await ui.optionsCollectionChoices(page);
		expectSameSet(
			choices,
			[...operationOptions, ...waitOnlyOptions, ...WAIT_OPTIONS, ...REQUEST_OPTIONS],
			'Options while Wait for Completion is on',
		);
		for (const option of WAIT_OPTIONS) await ui.addOption(page, option);
		const added = await ui.settleTo(() => ui.visibleOptionValues(page), WAIT_OPTION_NAMES);
		expectEqual(added, WAIT_OPTION_NAMES, 'the wait options added under Options');
		if (shotName) await screenshot(shotName, page.getByTestId('ndv'));
		await ui.setSwitch(page, 'waitForCompletion', false);
		const hidden = await ui.settleTo(() => ui.visibleOptionValues(page), []);
		expectEqual(hidden, [], 'the added wait options once Wait for Completion is off again');
		await ui.setSwitch(page, 'waitForCompletion', true);
	};

	await check(
		'Create Batch: Poll Interval, Timeout, Fail on Record Errors, Failed Records File are offered only while waiting',
		async () => {
			await ui.openNode(page, NODE_NAME);
			await waitOptionChecks(
				['Catalogue Ref', 'Event', 'Source', 'When the Job Closes', 'Batches Sent at Once'],
				'create-batch-waiting',
				['Failed Records File'],
			);
		},
	);

	await check(
		'Get Batch: shows exactly operation, jobId, batchId, waitForCompletion, options',
		async () => {
			await showsExactlyParameters(page, 'Get Batch', [
				'operation',
				'jobId',
				'batchId',
				'waitForCompletion',
				'options',
			]);
		},
	);

	await check(
		'Get Batch: Poll Interval, Timeout, Fail on Record Errors are offered only while waiting',
		async () => {
			await waitOptionChecks([], 'get-batch');
		},
	);

	await check(
		'Get Job: shows exactly operation, jobId, options (Include Batch Results, its Timeout and the request options)',
		async () => {
			await showsExactlyParameters(page, 'Get Job', ['operation', 'jobId', 'options']);
			expectSameSet(
				await ui.optionsCollectionChoices(page),
				['Include Batch Results', GET_JOB_TIMEOUT_OPTION, ...REQUEST_OPTIONS],
				'Get Job options',
			);
			await screenshot('get-job', page.getByTestId('ndv'));
		},
	);
}

module.exports = { operationChecks };
