'use strict';

/** The real-n8n benchmark's figures: rows per setting, issue 14's goals, and the Markdown page. */

const { median } = require('./stats.cjs');

/**
 * Issue 14's goals (kept by issue 21): node / raw (one batch after another) at these settings,
 * on n8n with task runners (2.x; 1.x with N8N_RUNNERS_ENABLED=true). Where the n8n floor (the
 * minimal node) is itself above the limit, the goal is Create Batch within FLOOR_LIMIT of it.
 */
const FLOOR_LIMIT = 1.1;
/** Issue 21, n8n 1.x with its default settings (vm2 proxies): Create Batch / the minimal node. */
const PROXY_GOAL = { goal: 'n8n 1.x default settings: Create Batch / minimal node, Map Automatically, 100,000 records', count: 100_000, mapping: 'auto', batchSize: 5000, limit: 1.3 };
/** Issue 21: with task runners on, n8n 1.x was at 1.35× the script before (0.44 s); never slower. */
const RUNNERS_BEFORE = { goal: 'n8n 1.x task runners on: not slower than before issue 21 (node / raw 1.35)', count: 100_000, mapping: 'auto', batchSize: 5000, limit: 1.35 };
const GOALS = [
	{ goal: 'Map Automatically, 100,000 records, Batch Size 5,000', count: 100_000, mapping: 'auto', batchSize: 5000, limit: 1.15 },
	{ goal: 'Map Automatically, 1,000,000 records, Batch Size 5,000', count: 1_000_000, mapping: 'auto', batchSize: 5000, limit: 1.1 },
	{ goal: 'Define Below (plain field mappings), 100,000 records', count: 100_000, mapping: 'define', batchSize: 5000, limit: 1.25 },
	{ goal: 'Batch Size 1,000, 100,000 records', count: 100_000, mapping: 'auto', batchSize: 1000, limit: 1.3 },
];

const count = (value) => value.toLocaleString('en-US');
const ms = (value) => (value === undefined || Number.isNaN(value) ? '–' : `${Math.round(value)}`);
const mb = (bytes) => (bytes === undefined ? '–' : `${Math.round(bytes / 1048576)}`);
const fixed = (value, digits = 2) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits));
const MAPPING = { auto: 'Map Automatically', define: 'Define Below' };

function table(header, rows) {
	const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`];
	for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
	return lines.join('\n');
}

const sameSetting = (a, b) => a.count === b.count && a.mapping === b.mapping && a.batchSize === b.batchSize;

/**
 * One row per version and setting from its rounds: medians of each side, and the median of the
 * per-round ratios (node / the raw run next to it), which a change of the machine's load during
 * the benchmark moves less than a ratio of medians.
 */
function summariseRows(rounds) {
	const rows = [];
	for (const round of rounds) {
		let row = rows.find((candidate) => candidate.version === round.version && sameSetting(candidate.setting, round.setting));
		if (!row) {
			row = { version: round.version, variant: round.variant, setting: round.setting, rounds: [] };
			rows.push(row);
		}
		row.rounds.push(round);
	}
	for (const row of rows) {
		const good = row.rounds.filter((round) => !round.node.problem && !round.raw.problem);
		const pick = (get) => median(good.map(get));
		row.runs = good.length;
		row.problems = row.rounds.flatMap((round) => [round.node, round.raw, round.rawConcurrent].filter((run) => run?.problem).map((run) => `${run.label} ${run.side}: ${run.problem}`));
		row.nodeMs = pick((round) => round.node.ms);
		row.rawMs = pick((round) => round.raw.ms);
		row.ratio = pick((round) => round.node.ms / round.raw.ms);
		row.ratioAll = good.map((round) => Number((round.node.ms / round.raw.ms).toFixed(3)));
		row.ratioRange = good.length > 0 ? [Math.min(...row.ratioAll), Math.max(...row.ratioAll)] : undefined;
		// The n8n floor (the minimal node in the same n8n), in the rounds where it ran well.
		const withFloor = good.filter((round) => round.minimal && !round.minimal.problem);
		const pickFloor = (get) => median(withFloor.map(get));
		row.minimalRuns = withFloor.length;
		row.minimalMs = pickFloor((round) => round.minimal.ms);
		row.ownRatio = pickFloor((round) => round.node.ms / round.minimal.ms);
		row.ownRatioAll = withFloor.map((round) => Number((round.node.ms / round.minimal.ms).toFixed(3)));
		row.floorRatio = pickFloor((round) => round.minimal.ms / round.raw.ms);
		row.problems.push(...(floorProblems(row) ?? []));
		row.rawConcurrentMs = pick((round) => round.rawConcurrent?.ms);
		row.ratioConcurrent = pick((round) => (round.rawConcurrent ? round.node.ms / round.rawConcurrent.ms : undefined));
		row.itemsMs = pick((round) => round.node.itemsMs);
		row.processWallMs = pick((round) => round.node.processWallMs);
		row.lowestAfterGc = pick((round) => round.node.memory?.lowestAfterGc);
		row.peakHeap = pick((round) => round.node.memory?.peakHeap);
		row.processPeakRss = pick((round) => round.node.memory?.processPeakRss);
		row.heapLimit = good[0]?.node.memory?.heapLimit;
		row.loadAverage = pick((round) => round.node.loadAverage);
		row.simulatorCpuMs = { node: pick((round) => round.node.simulatorCpuMs), raw: pick((round) => round.raw.simulatorCpuMs), rawClientCpuMs: pick((round) => round.raw.cpuMs) };
		row.machineCores = pick((round) => Math.max(round.node.machineCores, round.raw.machineCores));
	}
	return rows;
}

/** The floor's runs that went wrong (they do not spoil the round's node / raw). */
function floorProblems(row) {
	const failed = row.rounds.filter((round) => round.minimal?.problem).map((round) => `${round.minimal.label} minimal: ${round.minimal.problem}`);
	return failed.length > 0 ? failed : undefined;
}

/** A figure against its limit: met, or by how much missed and how many ms Create Batch must lose. */
function verdict(goal, row, figure, name) {
	const met = figure <= goal.limit;
	// What Create Batch would have to lose for the median round to meet the limit.
	const needed = row.nodeMs * (1 - goal.limit / figure);
	return {
		met,
		ratio: Number(figure.toFixed(3)),
		detail: met
			? `${name} ${fixed(figure)} ≤ ${goal.limit} (${Math.round(100 * (1 - figure / goal.limit))} % below the limit)`
			: `${name} ${fixed(figure)} > ${goal.limit}: MISSED by ${Math.round(100 * (figure / goal.limit - 1))} %; Create Batch would need to be ${Math.round(needed)} ms (${Math.round((100 * needed) / row.nodeMs)} %) faster`,
	};
}

const floorText = (row) =>
	row.ownRatio === undefined ? ' (minimal node not measured)' : `; minimal node ${ms(row.minimalMs)} ms: minimal / raw ${fixed(row.floorRatio)}, Create Batch / minimal ${fixed(row.ownRatio)}`;

/** Issue 14's goal at one row: node / raw, or within FLOOR_LIMIT of the floor where the floor is above the limit. */
function rawGoal(goal, row) {
	if (row.ratio === undefined) return { met: null, detail: `no good run: ${row.problems.join('; ')}` };
	const direct = verdict(goal, row, row.ratio, 'node / raw');
	if (direct.met || row.floorRatio === undefined || row.floorRatio <= goal.limit) return { ...direct, detail: direct.detail + floorText(row) };
	// n8n's engine and HTTP helper alone are above the limit: the node's own cost is what counts.
	const own = verdict({ ...goal, limit: FLOOR_LIMIT }, row, row.ownRatio, `the n8n floor (minimal / raw ${fixed(row.floorRatio)}) is above ${goal.limit}, so Create Batch / minimal`);
	return { ...own, limit: `${goal.limit} (floor: ${FLOOR_LIMIT})`, detail: `node / raw ${fixed(row.ratio)}; ${own.detail}` };
}

function evaluateGoals(rows) {
	const runnersOn = rows.filter((row) => row.variant?.runners !== false);
	const proxies = rows.filter((row) => row.variant?.runners === false);
	const each = (goal, candidates, judge) => {
		const matching = candidates.filter((row) => sameSetting(row.setting, goal));
		if (matching.length === 0) return [{ ...goal, version: '–', met: null, detail: 'not measured in this run' }];
		return matching.map((row) => ({ ...goal, version: row.version, ...judge(goal, row) }));
	};
	return [
		...each(PROXY_GOAL, proxies, (goal, row) =>
			row.ownRatio === undefined
				? { met: null, detail: 'the minimal node was not measured' }
				: {
						...verdict(goal, row, row.ownRatio, 'Create Batch / minimal'),
						// n8n 1.x's runs on vm2 proxies scatter in two groups (GC): a median of round ratios pairs unlike runs.
						detail: `${verdict(goal, row, row.ownRatio, 'Create Batch / minimal').detail}; Create Batch ${ms(row.nodeMs)} ms, minimal node ${ms(row.minimalMs)} ms (ratio of the medians ${fixed(row.nodeMs / row.minimalMs)}; rounds ${row.ownRatioAll.map((value) => fixed(value)).join(', ')}), raw ${ms(row.rawMs)} ms`,
					},
		),
		...each(RUNNERS_BEFORE, runnersOn.filter((row) => row.variant?.n8n?.startsWith('1.')), (goal, row) =>
			row.ratio === undefined ? { met: null, detail: 'no good run' } : { ...verdict(goal, row, row.ratio, 'node / raw'), detail: `${verdict(goal, row, row.ratio, 'node / raw').detail}; Create Batch ${ms(row.nodeMs)} ms` },
		),
		...GOALS.flatMap((goal) => each(goal, runnersOn, rawGoal)),
	];
}

function settingCells(row) {
	return [count(row.setting.count), MAPPING[row.setting.mapping], count(row.setting.batchSize)];
}

function renderMarkdown(results) {
	const { machine, settings } = results;
	const rows = results.rows;
	const withConcurrent = rows.some((row) => row.rawConcurrentMs !== undefined);
	const parts = [
		'# Benchmark: Create Batch in the real n8n against a raw script',
		'',
		`${results.startedAt.slice(0, 19).replace('T', ' ')} UTC, \`${results.command}\` (${results.durationSeconds} s), commit ${machine.commit}. ${machine.cpu}, ${machine.memoryGiB} GiB; load average ${(machine.loadAverage ?? machine.loadAverageStart).join(' ')} at the start, ${machine.loadAverageEnd?.join(' ') ?? '–'} at the end (the machine is shared; node and raw runs alternate so that both see the same load).`,
		'',
		`- **node**: \`n8n execute --id\` of Start → Create Job → Build items (Code, N items) → Create Batch, with the packed package installed in ~/.n8n/nodes; the time is Create Batch's own \`executionTime\` from the run data (valid token, no waiting, Batches Sent at Once ${settings.nodeDefaultConcurrency}, the default). n8n on Node.js ${results.installs.map((install) => `${install.nodeVersion} (n8n ${install.version})`).join(', ')}.`,
		'- **minimal node** (the n8n floor): the same workflow in the same n8n and settings with Minimal Loader (bench/lib/minimalNode.cjs, a benchmark-only package in the same user folder) in place of Create Batch: it reads each item\'s three fields once and posts the same batches through n8n\'s HTTP helper, checking nothing. Create Batch / minimal is the node\'s own cost; minimal / raw what n8n costs any node.',
		`- **raw**: a fresh Node.js process (the same binary) that builds the same records, logs in and opens a job (untimed), then maps and posts the same batches one after another with ${settings.rawClient === 'http' ? 'node:http and a keep-alive agent' : 'plain `fetch`'}; timed from the first record to the last answer.${withConcurrent ? ` **raw, ${settings.nodeDefaultConcurrency} at once**: the same with ${settings.nodeDefaultConcurrency} batches under way, as the node sends them.` : ''}`,
		`- The simulator (own process, reset before every run) answers at once. Medians of ${[...new Set(rows.map((row) => row.runs))].join('/')} rounds; each round runs node and raw back to back (alternating which goes first), and **node / raw** is the median of the rounds' ratios.`,
		'',
	];
	for (const version of [...new Set(rows.map((row) => row.version))]) {
		const own = rows.filter((row) => row.version === version);
		const withFloor = own.some((row) => row.minimalMs !== undefined);
		parts.push(
			`## n8n ${own[0].variant?.title ?? version}`,
			'',
			table(
				[
					'Records',
					'Mapping',
					'Batch Size',
					'Runs',
					'Create Batch ms',
					'Raw ms',
					'**Node / raw**',
					'Rounds\' node / raw',
					...(withFloor ? ['Minimal node ms', '**Create Batch / minimal**', 'Rounds\' Create Batch / minimal', 'Minimal / raw'] : []),
					...(withConcurrent ? [`Raw ${settings.nodeDefaultConcurrency} at once ms`, `Node / raw ${settings.nodeDefaultConcurrency} at once`] : []),
					'Build items ms',
					'n8n execute s',
					'Peak heap in Create Batch MB',
					'Lowest heap after a GC in Create Batch MB',
					'Peak RSS MB',
				],
				own.map((row) => [
					...settingCells(row),
					String(row.runs),
					ms(row.nodeMs),
					ms(row.rawMs),
					`**${fixed(row.ratio)}**`,
					row.ratioRange ? `${fixed(row.ratioRange[0])}–${fixed(row.ratioRange[1])}` : '–',
					...(withFloor
						? [ms(row.minimalMs), `**${fixed(row.ownRatio)}**`, row.ownRatioAll.length > 0 ? `${fixed(Math.min(...row.ownRatioAll))}–${fixed(Math.max(...row.ownRatioAll))}` : '–', fixed(row.floorRatio)]
						: []),
					...(withConcurrent ? [ms(row.rawConcurrentMs), fixed(row.ratioConcurrent)] : []),
					ms(row.itemsMs),
					fixed(row.processWallMs / 1000, 1),
					mb(row.peakHeap),
					mb(row.lowestAfterGc),
					mb(row.processPeakRss),
				]),
			),
			'',
		);
		if (own.some((row) => row.simulatorCpuMs?.raw !== undefined)) {
			parts.push(
				`Simulator CPU per run, median (node run / raw run), and the raw script's own CPU: ${own.map((row) => `${count(row.setting.count)} ${row.setting.mapping} ${row.setting.batchSize}: ${ms(row.simulatorCpuMs.node)} / ${ms(row.simulatorCpuMs.raw)} ms, raw ${ms(row.simulatorCpuMs.rawClientCpuMs)} ms`).join('; ')}. Where the simulator needs more CPU than the raw script, it is most of the raw time, and node / raw understates the node's own cost.`,
				'',
			);
		}
	}
	parts.push(
		'Heap at start: V8 heap as Create Batch starts (n8n, its loaded nodes, the input items and the engine\'s copy of them). Peak heap in Create Batch: the most the heap held during its run, garbage included (sampled every 20 ms and just before every collection). Peak RSS: the n8n process\'s high-water mark over the whole run (including printing the run data).',
		'',
	);
	if (results.heapLimitRuns.length > 0) {
		parts.push('### With a smaller heap (`--max-old-space-size`)', '');
		for (const run of results.heapLimitRuns) {
			parts.push(
				`- n8n ${run.version}, ${count(run.count)} records, heap limit ${run.heapLimitMb} MB: ${run.problem ? `did not complete (${run.problem.slice(0, 300)})` : `completed; Create Batch ${ms(run.ms)} ms, peak heap in Create Batch ${mb(run.memory?.peakHeap)} MB (lowest after a GC ${mb(run.memory?.lowestAfterGc)} MB), process peak RSS ${mb(run.memory?.processPeakRss)} MB`}.`,
			);
		}
		parts.push('');
	}
	parts.push(
		'## Goals',
		'',
		`Issue 21: on n8n 1.x with its default settings (task runners off), Create Batch / the minimal node ≤ ${PROXY_GOAL.limit} at 100,000 records, and with task runners on not slower than before (node / raw ≤ ${RUNNERS_BEFORE.limit}). Issue 14 (with task runners): node / raw, one batch after another, at each limit, or, where the n8n floor (minimal / raw) is itself above the limit, Create Batch / minimal ≤ ${FLOOR_LIMIT}. Load averages are in the run lines and the header.`,
		'',
		table(
			['Goal', 'n8n', 'Limit', 'Figure', 'Met', 'Detail'],
			results.goals.map((goal) => [goal.goal, goal.version, String(goal.limit), goal.ratio === undefined ? '–' : fixed(goal.ratio), goal.met === null ? 'not measured' : goal.met ? 'met' : '**missed**', goal.detail]),
		),
		'',
	);
	const problems = rows.flatMap((row) => row.problems);
	if (problems.length > 0) parts.push('## Problems', '', ...problems.map((problem) => `- ${problem}`), '');
	if (results.profiles.length > 0) {
		parts.push('## CPU profiles', '', ...results.profiles.map((file) => `- \`${file}\` (\`node bench/summarise-profile.cjs ${file}\`)`), '');
	}
	return `${parts.join('\n')}`;
}

module.exports = { GOALS, PROXY_GOAL, RUNNERS_BEFORE, FLOOR_LIMIT, summariseRows, evaluateGoals, renderMarkdown };
