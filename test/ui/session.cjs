/**
 * One editor test session: n8n (test/e2e/install-n8n.cjs) on loopback with the packed package
 * installed in a fresh user folder, the Fluent simulator in its own process, the instance owner
 * set up and logged in through n8n's REST API, and headless Chromium (Debian's, through
 * playwright-core) on the editor. The checks in checks/ get the session and use
 *
 *   session.page, session.sim, session.server, session.cookie
 *   session.check(name, body, { needsNode })   one check (test/harness/checks.cjs `attempt`);
 *                                              with needsNode (the default) it fails without
 *                                              running once `nodeMissing` says why
 *   session.screenshot(name, target, { maxHeight })
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { chromium } = require('playwright-core');

const { fail } = require('../harness/checks.cjs');
const { createCleanups } = require('../harness/cleanups.cjs');
const n8n = require('../harness/n8nServer.cjs');
const { startSimulatorProcess } = require('../harness/simulatorProcess.cjs');
const { n8nInstall } = require('../e2e/install-n8n.cjs');
const { applyBreakages } = require('./breakages.cjs');
const ui = require('./editor.cjs');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_DIR = path.join(ROOT, 'test-results', 'ui');
const SHOTS_DIR = path.join(RESULTS_DIR, 'screenshots');
const VIEWPORT = { width: 1440, height: 1000 };
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function log(line) {
	process.stdout.write(`${line}\n`);
}

/**
 * A session whose checks go to `checks`. `start()` is the setup; `cleanups.runAll()` ends it.
 * `breakages`: names from breakages.cjs to patch into the installed package first; `keep`:
 * leave the temporary user folder and browser profile.
 */
function createEditorSession({ checks, n8nVersion, chromiumPath, breakages = [], keep = false }) {
	const install = n8nInstall(n8nVersion);
	const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'fluent-ui-test-'));
	const cleanups = createCleanups('n8n, the simulator and the browser');
	cleanups.add(async () => {
		if (!keep) fs.rmSync(temp, { recursive: true, force: true });
	});
	fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
	fs.mkdirSync(SHOTS_DIR, { recursive: true });

	const session = {
		install,
		cleanups,
		/** Screenshots taken so far (files in SHOTS_DIR). */
		shots: [],
		/** Why the checks that need the node on the canvas cannot run (set once that failed). */
		nodeMissing: undefined,

		check: (name, body, { needsNode = true } = {}) =>
			checks.attempt(name, body, { blockedBy: needsNode ? session.nodeMissing : undefined }),

		/** Saves a screenshot of the page, or of one element, as SHOTS_DIR/<name>.png. */
		async screenshot(name, target = session.page, { maxHeight } = {}) {
			const { page } = session;
			const file = path.join(SHOTS_DIR, `${name}.png`);
			// The pointer rests on a blank spot of the node's panel, so no field shows its hover state.
			const modalOpen = await page.getByTestId('editCredential-modal').isVisible();
			if (!modalOpen && (await page.getByTestId('ndv').isVisible())) {
				await page.getByTestId('node-parameters').hover({ position: { x: 5, y: 5 } });
			}
			const options = { path: file, animations: 'disabled', caret: 'hide' };
			if (maxHeight && target !== page) {
				const box = await target.boundingBox();
				await page.screenshot({
					...options,
					clip: { ...box, height: Math.min(box.height, maxHeight) },
				});
			} else {
				await target.screenshot(options);
			}
			session.shots.push(file);
		},

		/** A screenshot of the page at a failed check, beside the results. */
		async screenshotFailure(number) {
			if (!session.page) return;
			const file = path.join(RESULTS_DIR, `failed-${number}.png`);
			await session.page.screenshot({ path: file }).catch(() => undefined);
			log(`        page at the failure: ${path.relative(ROOT, file)}`);
		},

		async start() {
			const started = Date.now();
			if (!fs.existsSync(chromiumPath))
				fail(`no browser at ${chromiumPath} (install Debian's chromium)`);
			if (!install.isInstalled()) install.ensure();
			const userFolder = await installPackage(temp, breakages);

			session.sim = await startSimulatorProcess({
				flags: { 'pending-ms': 200, 'running-ms': 400 },
			});
			cleanups.add(() => session.sim.stop());
			// Should this process end without its cleanup (an uncaught error), take n8n along.
			process.once('exit', () => {
				const child = session.server?.child;
				if (!child || child.exitCode !== null) return;
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					// already gone
				}
			});
			const n8nLog = fs.createWriteStream(path.join(RESULTS_DIR, 'n8n.log'));
			cleanups.add(async () => new Promise((resolve) => n8nLog.end(resolve)));
			session.server = await n8n.startServer({
				install,
				userFolder,
				log: (text) => n8nLog.write(text),
			});
			cleanups.add(() => session.server.stop());
			await n8n.setupOwner(session.server.url);
			session.cookie = await n8n.login(session.server.url);
			session.page = await openEditor(session, path.join(temp, 'chromium-profile'), chromiumPath);
			log(
				`  n8n ${session.server.url}, simulator ${session.sim.url} (setup ${((Date.now() - started) / 1000).toFixed(0)} s)`,
			);
		},
	};
	return session;
}

/** Packs the package (retrying while a parallel build rewrites dist/) into a fresh user folder. */
async function installPackage(temp, breakages) {
	let tarball;
	for (let attempt = 1; !tarball; attempt += 1) {
		try {
			tarball = n8n.packPackage(path.join(temp, 'pack'));
		} catch (error) {
			if (attempt >= 3) throw error;
			await ui.sleep(3000);
		}
	}
	const userFolder = n8n.createUserFolder(tarball, { userFolder: path.join(temp, 'n8n-user') });
	if (breakages.length) {
		for (const note of applyBreakages(n8n.installedPackageDir(userFolder), breakages)) {
			log(`  broken on purpose: ${note}`);
		}
	}
	return userFolder;
}

/** A fresh browser profile, logged in, on a new workflow; no browser is downloaded. */
async function openEditor(session, profileDir, chromiumPath) {
	const { server, cookie, cleanups } = session;
	const context = await chromium.launchPersistentContext(profileDir, {
		executablePath: chromiumPath,
		args: CHROMIUM_ARGS,
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
	});
	cleanups.add(async () => context.close());
	const [name, value] = cookie.split(/=(.*)/s);
	await context.addCookies([{ name, value, url: server.url }]);
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(15_000);
	await page.goto(`${server.url}/workflow/new`);
	await page.getByTestId('canvas-add-button').waitFor({ timeout: 60_000 });
	return page;
}

module.exports = { createEditorSession, ROOT, RESULTS_DIR, SHOTS_DIR };
