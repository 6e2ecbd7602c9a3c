'use strict';

/** The stock-file benchmark's figures (fileBench.cjs): a row per path, issue 15's goals, Markdown. */

const { median } = require('./stats.cjs');

const MB = 1048576;
const HEAP_GROWTH_LIMIT_MB = 80;
const RSS_ABOVE_ONE_ROW_LIMIT_MB = 120;
const RAW_RATIO_LIMIT = 1.15;

const count = (value) => value.toLocaleString('en-US');
const ms = (value) => (value === undefined || Number.isNaN(value) ? '–' : `${Math.round(value)}`);
const mb = (bytes) => (bytes === undefined || Number.isNaN(bytes) ? '–' : `${Math.round(bytes / MB)}`);
const fixed = (value, digits = 2) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits));
const heapGrowth = (run) => (run.memory?.heapAtStart === undefined ? undefined : run.memory.peakHeap - run.memory.heapAtStart);

/** Medians per path over the rounds where every run went right, and each round's ratios. */
function summariseFileRun(result) {
	const good = result.rounds.filter((round) => !round.file.problem && !round.items.problem && !round.raw.problem);
	const pick = (get) => median(good.map(get));
	const side = (name) => ({
		ms: pick((round) => round[name].ms),
		nodeMs: name === 'raw' ? undefined : Object.keys(good[0]?.[name].nodeMs ?? {}).map((node) => [node, pick((round) => round[name].nodeMs[node])]),
		heapGrowth: pick((round) => heapGrowth(round[name])),
		peakHeap: pick((round) => round[name].memory?.peakHeap),
		peakRss: pick((round) => round[name].memory?.processPeakRss),
		processWallMs: pick((round) => round[name].processWallMs),
	});
	const problems = [...result.rounds.flatMap((round) => [round.file, round.items, round.raw]), result.oneRow, result.smallHeap]
		.filter((run) => run?.problem)
		.map((run) => `${run.label}: ${run.problem}`);
	return {
		runs: good.length,
		file: side('file'),
		items: side('items'),
		raw: side('raw'),
		fileToRaw: pick((round) => round.file.ms / round.raw.ms),
		fileToRawAll: good.map((round) => Number((round.file.ms / round.raw.ms).toFixed(3))),
		fileToItems: pick((round) => round.file.ms / round.items.ms),
		oneRowRss: result.oneRow?.memory?.processPeakRss,
		problems,
	};
}

function evaluateFileGoals(result, summary) {
	const rssAbove = summary.file.peakRss === undefined || summary.oneRowRss === undefined ? undefined : summary.file.peakRss - summary.oneRowRss;
	const small = result.smallHeap;
	const goal = (name, met, detail) => ({ goal: name, version: result.version, met, detail });
	return [
		goal(
			`Heap growth during Create Batch ≤ ${HEAP_GROWTH_LIMIT_MB} MB`,
			summary.file.heapGrowth === undefined ? null : summary.file.heapGrowth <= HEAP_GROWTH_LIMIT_MB * MB,
			`${mb(summary.file.heapGrowth)} MB (peak ${mb(summary.file.peakHeap)} MB in Create Batch, garbage included)`,
		),
		goal(
			`Peak RSS ≤ ${RSS_ABOVE_ONE_ROW_LIMIT_MB} MB above the one-row run`,
			rssAbove === undefined ? null : rssAbove <= RSS_ABOVE_ONE_ROW_LIMIT_MB * MB,
			`${mb(summary.file.peakRss)} MB against ${mb(summary.oneRowRss)} MB: ${mb(rssAbove)} MB above`,
		),
		goal(
			`Completes with --max-old-space-size=${small?.heapLimitMb ?? '–'}`,
			small ? !small.problem : null,
			small ? (small.problem ? `did not: ${small.problem.slice(0, 300)}` : `completed in ${ms(small.ms)} ms, peak heap ${mb(small.memory?.peakHeap)} MB`) : 'not run',
		),
		goal(
			`Time ≤ ${RAW_RATIO_LIMIT} × the raw script`,
			summary.fileToRaw === undefined ? null : summary.fileToRaw <= RAW_RATIO_LIMIT,
			`file / raw ${fixed(summary.fileToRaw)} (rounds: ${summary.fileToRawAll.map((ratio) => fixed(ratio)).join(', ') || '–'})`,
		),
		goal(
			'Faster than the item path',
			summary.fileToItems === undefined ? null : summary.fileToItems < 1,
			`file / items ${fixed(summary.fileToItems)}: ${ms(summary.file.ms)} ms against ${ms(summary.items.ms)} ms`,
		),
	];
}

function table(header, rows) {
	const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`];
	for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
	return lines.join('\n');
}

/** The Markdown section of every version's stock-file run; adds `summary` and `goals` to each. */
function renderFileSection(fileRuns, { rawClient }) {
	if (fileRuns.length === 0) return '';
	const first = fileRuns[0];
	const parts = [
		'## Stock file: Records From → Binary File against Extract from File → items (issue 15)',
		'',
		`One CSV stock file of ${count(first.rows)} rows (${(first.fileBytes / 1e6).toFixed(1)} MB), read by Read/Write Files from Disk in n8n's filesystem binary data mode, loaded with Batch Size ${count(first.batchSize)}, no waiting. **file**: Read stock file → Create Batch (Records From: Binary File), Create Batch's time. **items**: Read stock file → Extract from File → Create Batch (Map Automatically), Extract from File's time plus Create Batch's. **raw**: a fresh Node.js process that reads the same file as a stream, splits it and posts the same batches one after another with ${rawClient === 'http' ? 'node:http' : 'plain `fetch`'} (no checks, one pass). Heap growth: the peak heap in the timed nodes' window minus the heap as it opened (garbage included). Peak RSS: the n8n process's high-water mark over the whole \`n8n execute\`.`,
		'',
	];
	for (const result of fileRuns) {
		const summary = summariseFileRun(result);
		result.summary = summary;
		result.goals = evaluateFileGoals(result, summary);
		const row = (name, label) => {
			const side = summary[name];
			return [
				label,
				ms(side.ms),
				side.nodeMs ? side.nodeMs.map(([node, value]) => `${node} ${ms(value)}`).join(' + ') : '–',
				name === 'raw' ? '1.00' : fixed(side.ms / summary.raw.ms),
				name === 'raw' ? '–' : mb(side.heapGrowth),
				name === 'raw' ? '–' : mb(side.peakHeap),
				name === 'raw' ? '–' : mb(side.peakRss),
				name === 'raw' ? '–' : fixed(side.processWallMs / 1000, 1),
			];
		};
		parts.push(
			`### n8n ${result.version} (${summary.runs} good rounds of ${result.rounds.length})`,
			'',
			table(
				['Path', 'Time ms', 'Nodes ms', '/ raw', 'Heap growth MB', 'Peak heap MB', 'Peak RSS MB', 'n8n execute s'],
				[row('file', '**file** (Records From: Binary File)'), row('items', 'items (Extract from File → items)'), row('raw', 'raw script')],
			),
			'',
			`One-row file, file path: peak RSS ${mb(summary.oneRowRss)} MB.${result.smallHeap ? ` With --max-old-space-size=${result.smallHeap.heapLimitMb}: ${result.smallHeap.problem ? `did not complete (${result.smallHeap.problem.slice(0, 300)})` : `completed, Create Batch ${ms(result.smallHeap.ms)} ms, peak heap ${mb(result.smallHeap.memory?.peakHeap)} MB, peak RSS ${mb(result.smallHeap.memory?.processPeakRss)} MB`}.` : ''}`,
			'',
			table(
				['Goal', 'Met', 'Detail'],
				result.goals.map((goal) => [goal.goal, goal.met === null ? 'not measured' : goal.met ? 'met' : '**missed**', goal.detail]),
			),
			'',
		);
		if (summary.problems.length > 0) parts.push(...summary.problems.map((problem) => `- problem: ${problem}`), '');
	}
	return parts.join('\n');
}

module.exports = { renderFileSection, summariseFileRun, evaluateFileGoals };
