#!/usr/bin/env node
'use strict';

/**
 * npm run bench [-- --quick] : Create Batch inside the real n8n CLI (the e2e's cached install)
 * against a raw script that posts the same batches, on the Fluent simulator on loopback.
 * See bench/README.md. Writes bench-results/bench.json and bench.md.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { packPackage } = require('../test/harness/n8nServer.cjs');
const { buildPackage, packageConstants } = require('./lib/build.cjs');
const { startSimulator, killAll, ROOT } = require('./lib/processes.cjs');
const { readyInstalls, BENCH_VERSIONS } = require('./lib/n8nInstalls.cjs');
const { prepareInstance, stopAllN8n } = require('./lib/n8nCli.cjs');
const { benchCredential, benchWorkflow, minimalWorkflow, NODE_NAMES } = require('./lib/benchWorkflow.cjs');
const { measureNodeRun, measureRawRun } = require('./lib/realRuns.cjs');
const { summariseRows, evaluateGoals, renderMarkdown } = require('./lib/realReport.cjs');
const { readProfile, renderSummary, summariseProfile } = require('./lib/cpuProfile.cjs');
const { describeMachine } = require('./lib/benchEnvironment.cjs');
const { prepareFileBench, runFileRounds } = require('./lib/fileBench.cjs');
const { renderFileSection } = require('./lib/fileReport.cjs');

const USAGE = `Usage: npm run bench [-- options]
  --quick                 CI smoke: 10,000 records (Map Automatically / 5,000 and Define Below /
                          1,000), 1 run, the newest installed n8n only (about 2 minutes)
  --runs N                rounds (node, minimal node and raw runs) per setting (default 5; 3 from 1,000,000 records)
  --only LIST             settings as records:mapping:batchSize, e.g. 100000:auto:5000,100000:define:5000
  --sizes, --mappings, --batch-sizes   all combinations of these lists instead (mapping: auto, define)
  --versions LIST         n8n versions from the e2e cache (default: those of ${BENCH_VERSIONS.join(', ')} that are installed)
  --runners LIST          n8n 1.x settings: default (task runners off, as 1.x installs run: the
                          Code node's items are vm2 proxies) and/or on (N8N_RUNNERS_ENABLED=true);
                          default: default,on (2.x always has task runners)
  --no-minimal            leave out the minimal node (the n8n floor) in the real n8n
  --wait-for-install S    wait up to S seconds for an install that is under way (default 0)
  --raw-client C          fetch (default) or http (node:http with a keep-alive agent)
  --no-raw-concurrent     leave out the raw run with the node's Batches Sent at Once
  --heap-limit-mb N       one more node run at 1,000,000+ records with --max-old-space-size=N (default 1024; 0: none)
  --file-rows N           the stock-file comparison (Records From: Binary File against Extract from
                          File → items, and a raw script reading the file) on a CSV of N rows
                          (default 1000000; --quick: 10000; 0: left out)
  --file-only             only the stock-file comparison (none of the item settings)
  --file-runs N           its rounds (default 3; --quick: 1)
  --file-heap-limit-mb N  one more file-path run with --max-old-space-size=N (default 512; 0: none)
  --cpu-prof              profile every n8n and raw process (--cpu-prof) into bench-results/profiles
                          and summarise Create Batch's part (bench/summarise-profile.cjs)
  --source DIR            build the package from another source tree (with node_modules)
  --keep                  keep the temporary n8n user folders
  --out DIR               where bench.json and bench.md go (default bench-results)
  --report FILE           only render an earlier run's bench.json again (to stdout)
  --help

n8n must be installed in the e2e cache first ($N8N_E2E_CACHE, or: node test/e2e/install-n8n.cjs).`;

const DEFAULT_SETTINGS = [
	{ count: 10_000, mapping: 'auto', batchSize: 5000 },
	{ count: 100_000, mapping: 'auto', batchSize: 5000 },
	{ count: 100_000, mapping: 'define', batchSize: 5000 },
	{ count: 100_000, mapping: 'auto', batchSize: 1000 },
	{ count: 1_000_000, mapping: 'auto', batchSize: 5000 },
];
const QUICK_SETTINGS = [
	{ count: 10_000, mapping: 'auto', batchSize: 5000 },
	{ count: 10_000, mapping: 'define', batchSize: 1000 },
];

function parseOptions(argv) {
	const { values } = parseArgs({
		args: argv,
		options: {
			quick: { type: 'boolean' },
			runs: { type: 'string' },
			only: { type: 'string' },
			sizes: { type: 'string' },
			mappings: { type: 'string' },
			'batch-sizes': { type: 'string' },
			versions: { type: 'string' },
			runners: { type: 'string', default: 'default,on' },
			'no-minimal': { type: 'boolean' },
			'wait-for-install': { type: 'string', default: '0' },
			'raw-client': { type: 'string', default: 'fetch' },
			'no-raw-concurrent': { type: 'boolean' },
			'heap-limit-mb': { type: 'string', default: '1024' },
			'file-rows': { type: 'string' },
			'file-runs': { type: 'string' },
			'file-only': { type: 'boolean' },
			'file-heap-limit-mb': { type: 'string', default: '512' },
			'cpu-prof': { type: 'boolean' },
			source: { type: 'string' },
			keep: { type: 'boolean' },
			out: { type: 'string', default: path.join(ROOT, 'bench-results') },
			report: { type: 'string' },
			help: { type: 'boolean' },
		},
	});
	const list = (text) => text.split(',').map((part) => part.trim()).filter(Boolean);
	const quick = values.quick === true;
	let settings = quick ? QUICK_SETTINGS : DEFAULT_SETTINGS;
	if (values.only) {
		settings = list(values.only).map((text) => {
			const [count, mapping, batchSize] = text.split(':');
			return { count: Number(count), mapping, batchSize: Number(batchSize ?? 5000) };
		});
	} else if (values.sizes || values.mappings || values['batch-sizes']) {
		settings = [];
		for (const count of list(values.sizes ?? '10000,100000,1000000'))
			for (const mapping of list(values.mappings ?? 'auto,define'))
				for (const batchSize of list(values['batch-sizes'] ?? '5000,1000')) settings.push({ count: Number(count), mapping, batchSize: Number(batchSize) });
	}
	if (values['file-only']) settings = [];
	for (const setting of settings) {
		if (!Number.isInteger(setting.count) || setting.count < 1) throw new Error(`bad record count in ${JSON.stringify(setting)}`);
		if (!['auto', 'define'].includes(setting.mapping)) throw new Error(`mapping must be auto or define, not ${setting.mapping}`);
		if (!Number.isInteger(setting.batchSize) || setting.batchSize < 1 || setting.batchSize > 5000) throw new Error(`bad Batch Size in ${JSON.stringify(setting)}`);
	}
	for (const name of ['file-rows', 'file-runs', 'file-heap-limit-mb']) {
		if (values[name] !== undefined && !(Number.isInteger(Number(values[name])) && Number(values[name]) >= 0)) throw new Error(`--${name} must be a whole number`);
	}
	if (!['fetch', 'http'].includes(values['raw-client'])) throw new Error('--raw-client must be fetch or http');
	const runners = list(values.runners);
	if (runners.length === 0 || runners.some((name) => !['default', 'on'].includes(name))) throw new Error('--runners must list default and/or on');
	return {
		help: values.help === true,
		report: values.report,
		quick,
		settings,
		runsFor: (count) => Number(values.runs ?? (quick ? 1 : count >= 1_000_000 ? 3 : 5)),
		versions: values.versions ? list(values.versions) : undefined,
		runners,
		minimal: values['no-minimal'] !== true,
		waitForInstallMs: Number(values['wait-for-install']) * 1000,
		rawClient: values['raw-client'],
		rawConcurrent: values['no-raw-concurrent'] !== true,
		heapLimitMb: Number(values['heap-limit-mb']),
		fileRows: Number(values['file-rows'] ?? (quick ? 10_000 : 1_000_000)),
		fileRuns: Number(values['file-runs'] ?? (quick ? 1 : 3)),
		fileHeapLimitMb: Number(values['file-heap-limit-mb']),
		cpuProf: values['cpu-prof'] === true,
		source: values.source ? path.resolve(values.source) : ROOT,
		keep: values.keep === true,
		out: path.resolve(values.out),
	};
}

const workflowId = (setting) => `bench${setting.count}${setting.mapping}${setting.batchSize}`;

/**
 * The settings an n8n version runs under: 2.x as it comes (task runners always on); 1.x with its
 * defaults (task runners off: a Code node runs in-process in vm2 and its items reach the next
 * node as vm2 proxies) and/or with N8N_RUNNERS_ENABLED=true (items arrive as plain JSON).
 */
function variantsOf(install, runners) {
	if (!install.version.startsWith('1.')) return [{ label: install.version, title: install.version, n8n: install.version, runners: true, env: {} }];
	return runners.map((name) =>
		name === 'default'
			? { label: `${install.version} default`, title: `${install.version}, default settings (task runners off: the Code node's items reach Create Batch as vm2 proxies)`, n8n: install.version, runners: false, env: { N8N_RUNNERS_ENABLED: undefined } }
			: { label: `${install.version} runners`, title: `${install.version}, task runners on (N8N_RUNNERS_ENABLED=true)`, n8n: install.version, runners: true, env: { N8N_RUNNERS_ENABLED: 'true' } },
	);
}
const describe = (setting) => `${setting.count.toLocaleString('en-US')} ${setting.mapping} ${setting.batchSize}`;

async function main() {
	const options = parseOptions(process.argv.slice(2));
	if (options.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	if (options.report) {
		const earlier = JSON.parse(fs.readFileSync(options.report, 'utf8'));
		earlier.rows = summariseRows(earlier.rounds);
		earlier.goals = evaluateGoals(earlier.rows);
		process.stdout.write(renderMarkdown(earlier) + renderFileSection(earlier.fileRuns ?? [], { rawClient: earlier.settings.rawClient }));
		return;
	}
	const startedAt = new Date();
	const log = (line) => process.stderr.write(`${line}\n`);
	// n8n runs in process groups of its own, which Ctrl-C does not reach.
	process.once('exit', stopAllN8n);
	log(`load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}`);

	const found = await readyInstalls(options.versions, { waitMs: options.waitForInstallMs, log });
	let installs = found.filter((install) => install.ready);
	for (const install of found.filter((candidate) => !candidate.ready)) log(`n8n ${install.version}: ${install.reason}; left out`);
	if (installs.length === 0) throw new Error(`no n8n install is ready (${found.map((install) => `${install.version}: ${install.reason}`).join('; ')}). Install one with: node test/e2e/install-n8n.cjs`);
	if (options.quick && !options.versions) installs = installs.slice(0, 1);

	fs.mkdirSync(options.out, { recursive: true });
	const profileDir = options.cpuProf ? path.join(options.out, 'profiles') : undefined;
	if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fluent-bench-'));
	const scratchDir = path.join(workDir, 'scratch');
	fs.mkdirSync(scratchDir);

	log(`building the package${options.source === ROOT ? '' : ` from ${options.source}`} into bench-results/package and packing it ...`);
	const packageRoot = buildPackage(undefined, options.source);
	const nodeDefaultConcurrency = packageConstants(packageRoot).DEFAULT_BATCH_CONCURRENCY;
	const tarball = packPackage(workDir, { root: packageRoot });

	const settings = options.settings.map((setting) => ({ ...setting, workflowId: workflowId(setting), floorWorkflowId: `${workflowId(setting)}floor` }));
	const fileBench = options.fileRows > 0 ? prepareFileBench(workDir, { rows: options.fileRows, batchSize: 5000 }) : undefined;
	const sim = await startSimulator({ 'pending-ms': 0, 'running-ms': 0, 'per-record-ms': 0 });
	const results = {
		startedAt: startedAt.toISOString(),
		command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
		source: options.source,
		machine: describeMachine(options.source),
		installs: installs.map(({ version, nodeVersion }) => ({ version, nodeVersion })),
		settings: { rawClient: options.rawClient, nodeDefaultConcurrency, rawConcurrent: options.rawConcurrent, minimal: options.minimal, runners: options.runners, settings: options.settings },
		rounds: [],
		heapLimitRuns: [],
		fileRuns: [],
		profiles: [],
	};
	const profileSummaries = [];
	const summariseRun = (run) => {
		if (!run.profile) return;
		const relative = path.relative(ROOT, run.profile);
		results.profiles.push(relative);
		const windowFile = run.profile.replace(/\.cpuprofile$/, '.window.json');
		const window = fs.existsSync(windowFile) ? JSON.parse(fs.readFileSync(windowFile, 'utf8')) : undefined;
		profileSummaries.push(renderSummary(summariseProfile(readProfile(run.profile), { ...(window ?? {}), top: 15 }), `${relative}${window ? ` (${window.label})` : ' (whole raw process)'}`));
	};
	const nodeTimes = (run) => {
		const timed = Object.entries(run.nodeMs);
		const parts = [...(run.itemsMs === undefined ? [] : [`Build items ${run.itemsMs} ms`]), ...(timed.length > 1 ? timed.map(([name, value]) => `${name} ${value} ms`) : [])];
		return parts.length > 0 ? `${parts.join(', ')}, ` : '';
	};
	const show = (run) =>
		log(
			`  ${run.label.padEnd(40)} ${run.side}${run.concurrency > 1 ? ` ×${run.concurrency}` : ''}`.padEnd(52) +
				`${String(Math.round(run.ms ?? NaN)).padStart(7)} ms` +
				(run.side === 'node' || run.side === 'minimal' ? `  (${nodeTimes(run)}process ${(run.processWallMs / 1000).toFixed(1)} s, peak heap in ${Object.keys(run.nodeMs).join(' + ')} ${Math.round((run.memory?.peakHeap ?? NaN) / 1048576)} MB, peak RSS ${Math.round((run.memory?.processPeakRss ?? NaN) / 1048576)} MB)` : '') +
				`  load ${run.loadAverage.toFixed(1)}${run.problem ? `  PROBLEM: ${run.problem}` : ''}`,
		);

	try {
		for (const install of installs) {
			log(`n8n ${install.version} (Node.js ${install.nodeVersion}): installing the package and importing ${settings.length} workflows ...`);
			const instance = await prepareInstance(install, {
				workDir,
				tarball,
				credential: benchCredential(sim.url),
				workflows: [
					...settings.map((setting) => benchWorkflow({ id: setting.workflowId, ...setting })),
					...(options.minimal ? settings.map((setting) => minimalWorkflow({ id: setting.floorWorkflowId, ...setting, url: sim.url, concurrency: nodeDefaultConcurrency })) : []),
					...(fileBench?.workflows ?? []),
				],
			});
			for (const variant of variantsOf(install, options.runners)) {
				const variantInstance = { ...instance, env: variant.env };
				for (const setting of settings) {
					const runs = options.runsFor(setting.count);
					log(`n8n ${variant.label}, ${describe(setting)}: ${runs} rounds (load average ${os.loadavg()[0].toFixed(1)})`);
					for (let index = 0; index < runs; index++) {
						const label = `n8n-${variant.label.replace(/ /g, '-')}-${setting.count}-${setting.mapping}-${setting.batchSize}-${index + 1}`;
						const node = () => measureNodeRun(sim, variantInstance, setting, { scratchDir, profileDir, label });
						const minimal = () =>
							measureNodeRun(sim, variantInstance, setting, {
								scratchDir,
								profileDir,
								label: `${label}-minimal`,
								workflowId: setting.floorWorkflowId,
								side: 'minimal',
								nodes: { items: NODE_NAMES.items, timed: [NODE_NAMES.minimal] },
							});
						const raw = (concurrency) => measureRawRun(sim, setting, { nodeBin: install.nodeBin, concurrency, client: options.rawClient, profileDir, label: `${label}-raw${concurrency}` });
						const round = { version: variant.label, variant: { label: variant.label, title: variant.title, n8n: variant.n8n, runners: variant.runners }, setting: { count: setting.count, mapping: setting.mapping, batchSize: setting.batchSize } };
						// Which side goes first alternates, so that a trend in the machine's load favours neither.
						const order = index % 2 === 0 ? ['node', 'minimal', 'raw', 'rawConcurrent'] : ['raw', 'rawConcurrent', 'minimal', 'node'];
						for (const side of order) {
							if (side === 'rawConcurrent' && !options.rawConcurrent) continue;
							if (side === 'minimal' && !options.minimal) continue;
							round[side] = side === 'node' ? await node() : side === 'minimal' ? await minimal() : await raw(side === 'raw' ? 1 : nodeDefaultConcurrency);
							show(round[side]);
							summariseRun(round[side]);
						}
						results.rounds.push(round);
					}
				}
			}
			const largest = settings.filter((setting) => setting.count >= 1_000_000 && setting.mapping === 'auto' && setting.batchSize === 5000);
			if (options.heapLimitMb > 0 && largest.length > 0) {
				const setting = largest[0];
				const label = `n8n-${install.version}-${setting.count}-heap-${options.heapLimitMb}`;
				log(`n8n ${install.version}, ${describe(setting)} with --max-old-space-size=${options.heapLimitMb}:`);
				const run = await measureNodeRun(sim, instance, setting, { scratchDir, heapLimitMb: options.heapLimitMb, label });
				show(run);
				results.heapLimitRuns.push({ version: install.version, count: setting.count, heapLimitMb: options.heapLimitMb, ms: run.ms, memory: run.memory, problem: run.problem });
			}
			if (fileBench) {
				const fileRun = await runFileRounds(fileBench, {
					sim,
					instance,
					install,
					runs: options.fileRuns,
					scratchDir,
					rawClient: options.rawClient,
					heapLimitMb: options.fileHeapLimitMb,
					profileDir,
					log,
					show,
				});
				for (const run of [...fileRun.rounds.flatMap((round) => Object.values(round)), fileRun.oneRow]) summariseRun(run);
				results.fileRuns.push(fileRun);
			}
		}
	} finally {
		await sim.stop();
		if (options.keep) log(`kept ${workDir}`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	}

	results.machine.loadAverageEnd = os.loadavg().map((value) => Number(value.toFixed(2)));
	results.finishedAt = new Date().toISOString();
	results.durationSeconds = Math.round((Date.now() - startedAt.getTime()) / 1000);
	results.rows = summariseRows(results.rounds);
	results.goals = evaluateGoals(results.rows);
	let markdown = renderMarkdown(results) + renderFileSection(results.fileRuns, { rawClient: options.rawClient });
	if (profileSummaries.length > 0) markdown += `\n## Profile summaries\n\n\`\`\`text\n${profileSummaries.join('\n\n')}\n\`\`\`\n`;
	fs.writeFileSync(path.join(options.out, 'bench.json'), `${JSON.stringify(results, null, '\t')}\n`);
	fs.writeFileSync(path.join(options.out, 'bench.md'), markdown);
	process.stdout.write(markdown);
	process.stdout.write(`\nwritten: ${path.relative(process.cwd(), path.join(options.out, 'bench.json'))}, ${path.relative(process.cwd(), path.join(options.out, 'bench.md'))} (${results.durationSeconds} s)\n`);
	const problems = results.rows
		.flatMap((row) => row.problems)
		.concat(results.rows.filter((row) => row.runs === 0).map((row) => `${row.version} ${describe(row.setting)}: no good round`))
		.concat(results.fileRuns.flatMap((run) => run.summary.problems.filter((problem) => !problem.includes('-heap-'))));
	if (problems.length > 0) process.exitCode = 1;
}

main().catch((error) => {
	process.stderr.write(`benchmark failed: ${error.stack ?? error}\n`);
	stopAllN8n();
	killAll();
	process.exitCode = 1;
});
