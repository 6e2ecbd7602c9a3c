// Create Batch waiting, and its two outputs (Success and, with On Error: Continue (using error
// output), Error): a workflow that wires both, reading what each got, and the report file
// Create Batch attaches.

/**
 * Create Batch waiting for its batches of 10 (polled every 0.1 s, for at most 10 s). `parameters`
 * add to or replace its parameters, `options` its options, `settings` the node's settings.
 */
function waitingCreateBatch(world, { jobId, options = {}, parameters = {}, settings = {} }) {
	return world.fluentNode(
		'Create Batch',
		{
			operation: 'createBatch',
			jobId,
			batchSize: 10,
			waitForCompletion: true,
			options: { pollIntervalSeconds: 0.1, timeoutSeconds: 10, ...options },
			...parameters,
		},
		{ settings },
	);
}

/**
 * `input` → Create Batch (waitingCreateBatch), its Success output to "Batches" and its error
 * output to "Failed records" (stand-ins that only show they ran).
 */
function bothOutputsWorkflow(world, { input, jobId, onError = 'continueErrorOutput', options = {}, parameters = {} }) {
	const settings = onError ? { onError } : {};
	const createBatch = waitingCreateBatch(world, { jobId, options, parameters, settings });
	return {
		nodes: [
			input,
			createBatch,
			world.emitItemsNode('Batches', [{ ran: 'main' }]),
			world.emitItemsNode('Failed records', [{ ran: 'error' }]),
		],
		connections: {
			[input.name]: { main: [[{ node: 'Create Batch', type: 'main', index: 0 }]] },
			'Create Batch': {
				main: [
					[{ node: 'Batches', type: 'main', index: 0 }],
					[{ node: 'Failed records', type: 'main', index: 0 }],
				],
			},
		},
	};
}

/** The items of one output of a node: 0 the main (Success) output, 1 the error output. */
function outputItems(result, nodeName, output) {
	return result.run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[output] ?? [];
}

/** A binary property's content as text (n8n keeps small files base64 in memory). */
function binaryText(binary) {
	return Buffer.from(binary.data, 'base64').toString('utf8');
}

/** Parses the report file: header row, then one object per row (RFC 4180 quoting). */
function parseCsv(text) {
	const rows = [];
	let row = [];
	let value = '';
	let quoted = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (quoted) {
			if (char === '"' && text[index + 1] === '"') {
				value += '"';
				index++;
			} else if (char === '"') quoted = false;
			else value += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			row.push(value);
			value = '';
		} else if (char === '\r' && text[index + 1] === '\n') {
			row.push(value);
			rows.push(row);
			row = [];
			value = '';
			index++;
		} else value += char;
	}
	const [header, ...body] = rows;
	return { header, rows: body.map((cells) => Object.fromEntries(header.map((name, at) => [name, cells[at]]))) };
}

module.exports = { waitingCreateBatch, bothOutputsWorkflow, outputItems, binaryText, parseCsv };
