'use strict';

/**
 * The raw floor: the least a client must do to load the same records, without n8n. It maps each
 * item to the same record the node sends (same fields, same order, so the same bytes), posts the
 * same batches with plain fetch (at most `concurrency` at once), and, when waiting, polls the
 * batches (as many at once) and reads their per-record results page by page (pages of the node's
 * size), like the node does. No validation, no
 * retries, no pairing, no output items beyond the batch ids.
 */

const { RETAILER_ID } = require('./items.cjs');

function createRawRunner({ url, accessToken }) {
	let token = accessToken;

	async function login() {
		const form = new URLSearchParams({
			username: 'sim-user',
			password: 'sim-password',
			client_id: 'sim-client',
			client_secret: 'sim-client-secret',
			grant_type: 'password',
			scope: 'api',
		});
		const response = await fetch(`${url}/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', 'fluent.account': 'SIMACCOUNT' },
			body: form.toString(),
		});
		if (!response.ok) throw new Error(`login: HTTP ${response.status}`);
		token = (await response.json()).access_token;
	}

	async function call(method, path, body) {
		if (!token) await login();
		const response = await fetch(`${url}${path}`, {
			method,
			headers: {
				authorization: `Bearer ${token}`,
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body,
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
		return JSON.parse(text);
	}

	async function run(items, { jobId, batchSize, concurrency, waitForCompletion, pollIntervalSeconds, resultsPageSize = 1000 }) {
		const batchCount = Math.ceil(items.length / batchSize);
		const batchIds = new Array(batchCount);
		let next = 0;
		const worker = async () => {
			while (next < batchCount) {
				const position = next++;
				const end = Math.min(items.length, (position + 1) * batchSize);
				const entities = new Array(end - position * batchSize);
				for (let index = position * batchSize; index < end; index++) {
					const json = items[index].json;
					entities[index - position * batchSize] = {
						retailerId: RETAILER_ID,
						skuRef: json.skuRef,
						locationRef: json.locationRef,
						qty: json.qty,
					};
				}
				const body = JSON.stringify({ action: 'UPSERT', entityType: 'INVENTORY', entities });
				const response = await call('POST', `/api/v4.1/job/${jobId}/batch`, body);
				batchIds[position] = String(response.id);
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, batchCount) }, worker));
		if (!waitForCompletion) return { batchIds };

		// Poll the unfinished batches, `concurrency` at a time as the node does; read all results of
		// a COMPLETE one; pause; repeat.
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
					let page = await call('GET', `${path}?start=0&count=${resultsPageSize}`);
					if (page.status !== 'COMPLETE') {
						still.push(batchId);
						continue;
					}
					let start = 0;
					for (;;) {
						for (const result of page.results) if (result.responseCode !== '200') failed++;
						start += page.results.length;
						if (page.results.length === 0 || start >= page.total) break;
						page = await call('GET', `${path}?start=${start}&count=${resultsPageSize}`);
					}
				}
			};
			await Promise.all(Array.from({ length: Math.min(concurrency, round.length) }, poller));
			pending = still;
			if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, pollIntervalSeconds * 1000));
		}
		return { batchIds, failed };
	}

	return { run, login };
}

module.exports = { createRawRunner };
