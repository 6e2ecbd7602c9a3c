// n8n's verification scan (@n8n/scan-community-package, pinned in devDependencies): n8n 3.0
// installs only verified community packages by default, and verification lints both the
// package's source and the tarball npm serves. These tests run the scanner's own analyser on
// both, locally (its CLI downloads the published package from npm instead).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const SCAN_TIMEOUT_MS = 180_000;

/** The scanner's verdict on one folder: `mode` is 'source' or 'packed' (verificationScan.mjs). */
function scan(mode, folder) {
	const output = execFileSync(process.execPath, [path.join(__dirname, 'verificationScan.mjs'), mode, folder], {
		cwd: root,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	return JSON.parse(output.trim().split('\n').pop());
}

/** What a failed scan printed, so that a failing test shows the scanner's own findings. */
function verdict(result) {
	return result.passed ? 'passed' : `${result.message}\n${result.details ?? ''}`;
}

const folders = [];
function temporaryFolder(prefix) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	folders.push(folder);
	return folder;
}
afterAll(() => {
	for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

/** The source tree as the scanner lints it: package.json, nodes/ and credentials/. */
function copySourceTree() {
	const copy = temporaryFolder('fluent-scan-source-');
	fs.copyFileSync(path.join(root, 'package.json'), path.join(copy, 'package.json'));
	for (const folder of ['nodes', 'credentials']) {
		fs.cpSync(path.join(root, folder), path.join(copy, folder), { recursive: true });
	}
	return copy;
}

describe("n8n's verification scan", () => {
	test(
		'passes on the tarball npm pack makes, unpacked',
		() => {
			const packFolder = temporaryFolder('fluent-scan-packed-');
			const [packed] = JSON.parse(
				execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packFolder], {
					cwd: root,
					encoding: 'utf8',
				}),
			);
			const unpacked = path.join(packFolder, 'package');
			fs.mkdirSync(unpacked);
			execFileSync('tar', ['-xzf', path.join(packFolder, packed.filename), '-C', unpacked, '--strip-components=1']);
			expect(fs.existsSync(path.join(unpacked, 'dist/nodes/FluentInventoryBatch/FluentInventoryBatch.node.js'))).toBe(
				true,
			);

			const result = scan('packed', unpacked);
			// "No files found to analyze" passes too: the scan must have linted something.
			expect(verdict(result)).toBe('passed');
			expect(result.message).toBeUndefined();
		},
		SCAN_TIMEOUT_MS,
	);

	test(
		'passes on the source tree: package.json, nodes/ and credentials/',
		() => {
			const result = scan('source', root);
			expect(verdict(result)).toBe('passed');
			expect(result.message).toBeUndefined();
		},
		SCAN_TIMEOUT_MS,
	);

	test(
		'fails node code that imports node:fs or uses the setTimeout or process globals',
		() => {
			const copy = copySourceTree();
			const nodeFile = path.join(copy, 'nodes/FluentInventoryBatch/FluentInventoryBatch.node.ts');
			fs.appendFileSync(
				nodeFile,
				[
					"import { readFileSync } from 'node:fs';",
					'export const scanCanary = () => setTimeout(() => readFileSync(String(process.pid)), 1);',
					'',
				].join('\n'),
			);

			const result = scan('source', copy);
			expect(result.passed).toBe(false);
			expect(result.details).toContain("Import of 'node:fs' is not allowed");
			expect(result.details).toContain("Use of restricted global 'setTimeout' is not allowed");
			expect(result.details).toContain("Use of restricted global 'process' is not allowed");
			expect(result.details).toContain('FluentInventoryBatch.node.ts');
		},
		SCAN_TIMEOUT_MS,
	);
});
