'use strict';

/** Medians and the summary of several runs of one side at one setting. */

function median(values) {
	const sorted = values.filter((value) => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
	if (sorted.length === 0) return undefined;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const ENDPOINT_COLUMNS = {
	token: (requests) => requests.token,
	job: (requests) => requests.jobCreate + requests.jobGet,
	batchPost: (requests) => requests.batchCreate,
	batchGet: (requests) => requests.batchGet,
	other: (requests) => requests.graphql + requests.other,
};

/** Request counts of the runs: the value when all runs agree, else "min–max". */
function requestSummary(runs) {
	const summary = {};
	for (const [name, pick] of Object.entries(ENDPOINT_COLUMNS)) {
		const values = runs.map((run) => pick(run.requests));
		const min = Math.min(...values);
		const max = Math.max(...values);
		summary[name] = min === max ? min : `${min}–${max}`;
	}
	const failures = {};
	for (const run of runs) {
		for (const [status, count] of Object.entries(run.requests.responses)) {
			if (Number(status) >= 400) failures[status] = (failures[status] ?? 0) + count;
		}
	}
	summary.errorResponses = failures;
	return summary;
}

function summarise(runs) {
	if (runs.length === 0) return undefined;
	return {
		runs: runs.length,
		wallMs: median(runs.map((run) => run.wallMs)),
		cpuMs: median(runs.map((run) => run.cpuMs)),
		wallMsAll: runs.map((run) => Math.round(run.wallMs)),
		baselineHeap: median(runs.map((run) => run.baseline.heapUsed)),
		peakHeap: median(runs.map((run) => run.peaks.peakHeap)),
		peakHeapDelta: median(runs.map((run) => run.peaks.peakHeap - run.baseline.heapUsed)),
		peakRss: median(runs.map((run) => run.peaks.peakRss)),
		heapLimit: runs[0].heapLimit,
		gcMs: median(runs.map((run) => run.peaks.gcMs)),
		simulatorCpuMs: median(runs.map((run) => run.simulatorCpuMs)),
		otherLoad: median(runs.map((run) => run.otherLoad)),
		otherLoadMax: Math.max(...runs.map((run) => run.otherLoad ?? 0)),
		requests: requestSummary(runs),
		problems: runs.map((run) => run.problem).filter(Boolean),
	};
}

module.exports = { summarise, median };
