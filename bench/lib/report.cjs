'use strict';

/** Renders the in-process suite's figures as Markdown (in-process.md, and what it prints). */

const count = (value) => value.toLocaleString('en-US');
const s = (ms) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);
const mb = (bytes) => (bytes === undefined ? '–' : `${(bytes / 1048576).toFixed(0)} MB`);
const mb1 = (bytes) => (bytes === undefined ? '–' : `${(bytes / 1048576).toFixed(1)} MB`);
const ratio = (a, b) => (a === undefined || b === undefined ? '–' : (a / b).toFixed(2));

function table(header, rows) {
	const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`];
	for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
	return lines.join('\n');
}

function loopbackTable(results) {
	return table(
		['Records', 'Batches', 'Node wall', 'Raw wall', 'Node / raw', 'n8n floor wall', 'Node / n8n floor', 'Node CPU', 'Raw CPU', 'n8n floor CPU'],
		results.loopback.map((row) => [
			count(row.count),
			count(row.batches),
			s(row.node.wallMs),
			s(row.raw.wallMs),
			`**${ratio(row.node.wallMs, row.raw.wallMs)}**`,
			s(row.minimal?.wallMs),
			ratio(row.node.wallMs, row.minimal?.wallMs),
			s(row.node.cpuMs),
			s(row.raw.cpuMs),
			s(row.minimal?.cpuMs),
		]),
	);
}

function memoryTable(results) {
	const breakdown = new Map(results.memory.map((entry) => [entry.count, entry]));
	return table(
		['Records', 'Node peak heap (beyond input)', 'Raw peak heap (beyond input)', 'Node peak RSS', 'Raw peak RSS', "Engine's copy of the input", 'Node own live peak', 'of which output items', 'One batch (JSON)'],
		results.loopback.map((row) => {
			const entry = breakdown.get(row.count);
			const at = entry?.node?.liveHeap?.at;
			const own = at?.entry !== undefined ? entry.node.liveHeap.peakLive - at.entry : undefined;
			return [
				count(row.count),
				`${mb(row.node.peakHeap)} (+${mb(row.node.peakHeapDelta)})`,
				`${mb(row.raw.peakHeap)} (+${mb(row.raw.peakHeapDelta)})`,
				mb(row.node.peakRss),
				mb(row.raw.peakRss),
				at?.entry !== undefined ? mb(at.entry - entry.node.baselineLive) : '–',
				mb1(own),
				at?.exit !== undefined ? mb1(at.exit - at.entry) : '–',
				mb1(row.payloadBytes),
			];
		}),
	);
}

function requestCells(requests) {
	return [requests.token, requests.job, requests.batchPost, requests.batchGet];
}

function requestsTable(results) {
	const rows = [];
	for (const row of results.loopback) {
		const pages = Math.ceil(results.settings.batchSize / results.settings.resultsPageSize);
		for (const side of ['node', 'raw']) {
			rows.push([count(row.count), side, ...requestCells(row[side].requests), side === 'node' ? `${row.batches} POST, ${row.batches * pages} GET` : '']);
		}
	}
	return table(['Records', 'Side', 'Token', 'Job', 'Batch POST', 'Batch GET', 'Expected'], rows);
}

function latencyTable(results) {
	const latency = results.latency;
	const one = latency.rows.find((row) => row.concurrency === 1);
	const perMillion = (ms) => `${((ms * (1_000_000 / latency.count)) / 1000).toFixed(0)} s`;
	const rows = latency.rows.map((row) => [
		String(row.concurrency),
		s(row.node.wallMs),
		s(row.raw.wallMs),
		ratio(row.node.wallMs, row.raw.wallMs),
		one ? `${(one.node.wallMs / row.node.wallMs).toFixed(1)}×` : '–',
		perMillion(row.node.wallMs),
		mb(row.node.peakHeap),
		`${row.node.requests.batchPost} / ${row.node.requests.token}`,
	]);
	if (latency.waiting?.node) {
		rows.push([
			`${results.settings.defaultConcurrency}, and waiting`,
			s(latency.waiting.node.wallMs),
			s(latency.waiting.raw?.wallMs),
			ratio(latency.waiting.node.wallMs, latency.waiting.raw?.wallMs),
			'',
			perMillion(latency.waiting.node.wallMs),
			mb(latency.waiting.node.peakHeap),
			`${latency.waiting.node.requests.batchPost} / ${latency.waiting.node.requests.token} (+ ${latency.waiting.node.requests.batchGet} GET)`,
		]);
	}
	return table(['Batches Sent at Once', 'Node wall', 'Raw wall', 'Node / raw', 'Node speed-up', 'Node, 1,000,000 records (extrapolated)', 'Node peak heap', 'Batch POST / token'], rows);
}

function renderMarkdown(results) {
	const { machine, settings } = results;
	const heapLimit = results.loopback[0]?.node?.heapLimit;
	const runsNote = results.loopback.map((row) => `${count(row.count)}: ${row.node.runs}`).join(', ');
	const parts = [
		'# In-process benchmark (n8n-core in a small process, not the real n8n): Create Batch against the raw floor',
		'',
		`${results.startedAt.slice(0, 10)}, \`${results.command}\` (${results.durationSeconds} s). Node ${machine.childNode ?? machine.node}${machine.childNode && machine.childNode !== machine.node ? ` (simulator and harness: ${machine.node})` : ''}, ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.platform}; load average at start ${machine.loadAverage.join(' ')}; commit ${machine.commit}.`,
		'',
		`- **node**: Create Batch run by n8n-core's WorkflowExecute with the package as n8n installs it, a stored token, Batch Size ${count(settings.batchSize)}, Batches Sent at Once ${settings.defaultConcurrency}${settings.defaultConcurrency === settings.nodeDefaultConcurrency ? ' (the default)' : ` (the node's default is ${settings.nodeDefaultConcurrency})`}, Wait for Completion on (poll interval ${settings.pollIntervalSeconds} s).`,
		'- **raw**: plain `fetch`, no n8n: the same records (same bytes), the same batches, the same polling and result pages; no validation, retries or pairing.',
		"- **n8n floor**: a minimal node on n8n's engine that sends exactly what raw sends through n8n's own HTTP helper (`httpRequestWithAuthentication`); like raw it checks, retries and pairs nothing. Node / n8n floor is the Fluent node's own overhead; n8n floor / raw is what n8n costs any node.",
		`- Each side runs in a fresh process with Node's default heap limit (${mb(heapLimit)} here), after a ${count(settings.warmupRecords)}-record warm-up; the simulator runs in its own process, is reset between runs, and completes batches at once, so the figures are the client's. Medians of ${runsNote} runs per side, alternating node, raw, n8n floor.`,
		'',
		'## Loopback: send and wait until COMPLETE',
		'',
		loopbackTable(results),
		'',
		`Simulator CPU per run (median; node / raw / n8n floor): ${results.loopback.map((row) => `${count(row.count)}: ${s(row.node.simulatorCpuMs)} / ${s(row.raw.simulatorCpuMs)} / ${s(row.minimal?.simulatorCpuMs)}`).join('; ')}. Other processes on the machine kept on median ${results.loopback.map((row) => `${Math.round(100 * Math.max(row.node.otherLoad ?? 0, row.raw.otherLoad ?? 0))} %`).join(' / ')} of a core busy during these runs (at most ${Math.round(100 * Math.max(...results.loopback.flatMap((row) => [row.node.otherLoadMax, row.raw.otherLoadMax])))} %).`,
		'',
		'## Memory',
		'',
		memoryTable(results),
		'',
		"Peak heap: the most V8 held at once, garbage included (just before a collection). Beyond input: minus the heap after the input items were built. Engine's copy, node own live peak and output items come from a separate run that collects garbage at the node's entry and exit and as batches are sent: own = live heap beyond what the node was handed (input items + the engine's copy).",
		'',
		'## Requests the simulator received, per run',
		'',
		requestsTable(results),
	];
	if (results.latency) {
		parts.push(
			'',
			`## With ${results.latency.latencyMs} ms round trip: ${count(results.latency.count)} records, ${results.latency.batches} batches, sending only`,
			'',
			latencyTable(results),
			'',
			`Raw sends with the same number of batches at once. Medians of ${results.latency.rows[0]?.node.runs ?? 0} runs; the node's default is ${settings.nodeDefaultConcurrency}. ` +
				'"and waiting": the same load with Wait for Completion on, at the default Batches Sent at Once; polls and result pages are read as many at once.',
		);
	}
	if (results.checks.length > 0) {
		parts.push('', '## Request checks', '');
		for (const check of results.checks) {
			const r = check.requests ?? { responses: {} };
			const counts = `token ${r.token}, batch POST ${r.batchCreate}, batch GET ${r.batchGet}, 401 answers ${r.responses['401'] ?? 0}`;
			if (check.name === 'coldToken') parts.push(`- No stored token, ${count(check.count)} records: ${counts}.`);
			if (check.name === 'tokenExpiry')
				parts.push(`- Token lifetime ${check.tokenLifetimeSeconds} s, ${check.latencyMs} ms round trip, ${count(check.count)} records, Batches Sent at Once ${check.concurrency}, ${s(check.wallMs)}: ${counts}.`);
			if (check.name === 'smallHeap')
				parts.push(
					`- ${count(check.count)} records with the heap limited to ${count(check.heapLimitMb)} MB (\`--max-old-space-size\`, as on a machine with less memory): ${check.completed ? `completed in ${s(check.wallMs)}, peak heap ${mb(check.peakHeap)}` : `did not complete (${check.problem})`}.`,
				);
			if (check.name === 'smallHeap') continue;
			if (check.name === 'polling')
				parts.push(`- Batches that take ${((check.simulator.pendingMs + check.simulator.runningMs + check.simulator.perRecordMs * settings.batchSize) / 1000).toFixed(1)} s, poll interval ${check.pollIntervalSeconds} s, ${count(check.count)} records, ${s(check.wallMs)}: ${counts}.`);
			if (check.problem) parts.push(`  PROBLEM: ${check.problem}`);
		}
	}
	parts.push('', '## Goals', '', table(['Goal', 'Met', 'Figures'], results.goals.items.map((goal) => [goal.goal, goal.met === null ? 'not measured' : goal.met ? 'yes' : '**NO**', goal.detail])));
	const problems = results.runs.filter((run) => run.problem);
	if (problems.length > 0) {
		parts.push('', '## Problems', '', ...problems.map((run) => `- ${run.label} ${run.side}: ${run.problem}`));
	}
	return `${parts.join('\n')}\n`;
}

module.exports = { renderMarkdown };
