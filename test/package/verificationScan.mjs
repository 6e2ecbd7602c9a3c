// Runs n8n's verification lint (@n8n/scan-community-package's analyzePackage) on one folder, as
// the scanner does when n8n verifies a community package, without its npm download.
//
//   node test/package/verificationScan.mjs source <folder>   the source tree (nodes/, credentials/, package.json)
//   node test/package/verificationScan.mjs packed <folder>   an unpacked `npm pack` tarball
//
// Prints one JSON line, { passed, message, details }, and exits 0 whatever the verdict: the
// caller (test/package/verificationScan.test.js) judges it. A child process because the scanner
// is an ES module that jest's CommonJS tests cannot import.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

// The scanner makes a temporary folder when it is loaded, for its downloads; tmp removes it at
// exit only when asked to.
const scannerRequire = createRequire(
	fileURLToPath(import.meta.resolve('@n8n/scan-community-package/scanner/scanner.mjs')),
);
scannerRequire('tmp').setGracefulCleanup();

// The file patterns of the scanner's two legs (analyzePackageByName): the attested source gets
// SOURCE_FILE_PATTERNS, the downloaded tarball its compiled JavaScript and package.json.
const PATTERNS = { source: SOURCE_FILE_PATTERNS, packed: ['**/*.js', 'package.json'] };

const [mode, folder] = process.argv.slice(2);
if (!PATTERNS[mode] || !folder) {
	process.stderr.write('usage: node test/package/verificationScan.mjs source|packed <folder>\n');
	process.exit(2);
}
const { passed, message, details } = await analyzePackage(path.resolve(folder), PATTERNS[mode]);
process.stdout.write(`${JSON.stringify({ passed, message, details })}\n`);
