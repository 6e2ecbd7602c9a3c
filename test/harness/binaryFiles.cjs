// Files in input items' binary data, as n8n's nodes (Read/Write Files from Disk, HTTP Request)
// hand them on: in memory (base64 in the item, n8n's default mode in tests) or in n8n's
// filesystem binary data store (the item holds only an id; nodes read it as a stream).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { core, di } = require('./n8nModules.cjs');

const MIME_TYPES = { csv: 'text/csv', json: 'application/json', jsonl: 'application/x-ndjson' };

function mimeTypeOf(fileName) {
	return MIME_TYPES[path.extname(fileName).slice(1)] ?? 'application/octet-stream';
}

/** An input item holding `content` (text or a Buffer) in memory, in binary field `property`. */
function binaryItem(content, { fileName = 'stock.csv', property = 'data', json = {} } = {}) {
	const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
	return {
		json,
		binary: {
			[property]: {
				data: bytes.toString('base64'),
				mimeType: mimeTypeOf(fileName),
				fileName,
				fileSize: `${bytes.length} B`,
			},
		},
	};
}

/**
 * Switches n8n-core's binary data service of this test process to filesystem mode, in a new
 * temporary folder. Returns `storedItem(content, options)`, which stores a file there and gives
 * the input item that refers to it by id, and `close()`, which removes the folder.
 */
async function filesystemBinaryMode() {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fluent-binary-'));
	const service = new core.BinaryDataService(
		{ mode: 'filesystem', localStoragePath: folder, signingSecret: 'test-signing-secret' },
		{ error: (error) => console.error(error) },
		{ info() {}, warn() {}, error() {}, debug() {} },
	);
	await service.init();
	di.Container.set(core.BinaryDataService, service);

	async function storedItem(content, { fileName = 'stock.csv', property = 'data', json = {} } = {}) {
		const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
		const binaryData = await service.store(
			{ type: 'execution', workflowId: 'test-workflow', executionId: 'files' },
			bytes,
			{ mimeType: mimeTypeOf(fileName), fileName },
		);
		return { json, binary: { [property]: binaryData } };
	}

	return {
		storedItem,
		folder,
		close: () => fs.rmSync(folder, { recursive: true, force: true }),
	};
}

/** A CSV file of the generated inventory items, with a header row of their field names. */
function csvOf(records, { delimiter = ',', columns = ['skuRef', 'locationRef', 'qty'], header = columns } = {}) {
	const lines = [header.join(delimiter)];
	for (const record of records) lines.push(columns.map((column) => record[column]).join(delimiter));
	return `${lines.join('\n')}\n`;
}

module.exports = { binaryItem, filesystemBinaryMode, csvOf };
