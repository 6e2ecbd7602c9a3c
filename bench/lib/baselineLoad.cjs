'use strict';

/**
 * The load both baselines perform, request for request what the Fluent node does: the batches
 * posted at most `concurrency` at once; then, when waiting, rounds in which the unfinished
 * batches are polled (as many at once) and a COMPLETE one's per-record results are read page by
 * page, with a pause between rounds. No validation, retries, pairing or output. The baselines
 * differ only in `send`: plain fetch (raw) or n8n's HTTP helper (the n8n floor).
 *
 * send(method, path, { body, qs }) resolves to the parsed JSON answer.
 */

const { inventoryRecord } = require('./record.cjs');

async function loadLikeTheNode(items, settings, send) {
	const { jobId, batchSize, concurrency, waitForCompletion, pollIntervalSeconds, resultsPageSize = 1000 } = settings;
	const batchCount = Math.ceil(items.length / batchSize);
	const batchIds = new Array(batchCount);
	let next = 0;
	const sender = async () => {
		while (next < batchCount) {
			const position = next++;
			const start = position * batchSize;
			const end = Math.min(items.length, start + batchSize);
			const entities = new Array(end - start);
			for (let index = start; index < end; index++) entities[index - start] = inventoryRecord(items[index].json);
			const body = { action: 'UPSERT', entityType: 'INVENTORY', entities };
			const response = await send('POST', `/api/v4.1/job/${jobId}/batch`, { body });
			batchIds[position] = String(response.id);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, batchCount) }, sender));
	if (!waitForCompletion) return { batchIds };

	let pending = batchIds;
	let failed = 0;
	while (pending.length > 0) {
		const still = [];
		const round = pending;
		let nextBatch = 0;
		const poller = async () => {
			while (nextBatch < round.length) {
				const batchId = round[nextBatch++];
				const path = `/api/v4.1/job/${jobId}/batch/${batchId}`;
				let page = await send('GET', path, { qs: { start: 0, count: resultsPageSize } });
				if (page.status !== 'COMPLETE') {
					still.push(batchId);
					continue;
				}
				let start = 0;
				for (;;) {
					for (const result of page.results) if (result.responseCode !== '200') failed++;
					start += page.results.length;
					if (page.results.length === 0 || start >= page.total) break;
					page = await send('GET', path, { qs: { start, count: resultsPageSize } });
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, round.length) }, poller));
		pending = still;
		if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, pollIntervalSeconds * 1000));
	}
	return { batchIds, failed };
}

module.exports = { loadLikeTheNode };
