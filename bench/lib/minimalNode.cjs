'use strict';

/**
 * The n8n floor: the least an n8n node must do for this load. It runs on n8n's engine and sends
 * through n8n's own HTTP helper (httpRequestWithAuthentication, the credential's token) exactly
 * what the raw client sends (same records, batches, polls and result pages), but like the raw
 * client it checks nothing, retries nothing and outputs nothing. Node minus this is the Fluent
 * node's own cost; this minus raw is what n8n costs any node.
 */

const { RETAILER_ID } = require('./items.cjs');

const TYPE = 'bench.minimalLoader';

function createMinimalNodeType(getSettings) {
	return {
		description: {
			displayName: 'Minimal Loader',
			name: TYPE,
			group: ['output'],
			version: 1,
			description: 'Posts the items as inventory batches and waits, checking nothing (benchmark only)',
			defaults: { name: 'Minimal Loader' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'fluentCommerceApi', required: true }],
			properties: [],
		},
		async execute() {
			const { url, jobId, batchSize, concurrency, waitForCompletion, pollIntervalSeconds, resultsPageSize = 1000 } = getSettings();
			const items = this.getInputData();
			const request = (options) =>
				this.helpers.httpRequestWithAuthentication.call(this, 'fluentCommerceApi', { json: true, ...options });

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
					const response = await request({
						method: 'POST',
						url: `${url}/api/v4.1/job/${jobId}/batch`,
						body: { action: 'UPSERT', entityType: 'INVENTORY', entities },
					});
					batchIds[position] = String(response.id);
				}
			};
			await Promise.all(Array.from({ length: Math.min(concurrency, batchCount) }, worker));
			if (!waitForCompletion) return [[]];

			let pending = batchIds;
			while (pending.length > 0) {
				const still = [];
				const round = pending;
				let nextBatch = 0;
				const poller = async () => {
					while (nextBatch < round.length) {
						const batchId = round[nextBatch++];
						const batchUrl = `${url}/api/v4.1/job/${jobId}/batch/${batchId}`;
						let page = await request({ method: 'GET', url: batchUrl, qs: { start: 0, count: resultsPageSize } });
						if (page.status !== 'COMPLETE') {
							still.push(batchId);
							continue;
						}
						let start = 0;
						for (;;) {
							start += page.results.length;
							if (page.results.length === 0 || start >= page.total) break;
							page = await request({ method: 'GET', url: batchUrl, qs: { start, count: resultsPageSize } });
						}
					}
				};
				await Promise.all(Array.from({ length: Math.min(concurrency, round.length) }, poller));
				pending = still;
				if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, pollIntervalSeconds * 1000));
			}
			return [[]];
		},
	};
}

module.exports = { createMinimalNodeType, MINIMAL_TYPE: TYPE };
