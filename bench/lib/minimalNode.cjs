'use strict';

/**
 * The n8n floor: the least an n8n node must do for this load. It runs on n8n's engine and sends
 * through n8n's own HTTP helper (httpRequestWithAuthentication, the credential's token) exactly
 * what the raw client sends (baselineLoad.cjs: same records, batches, polls and result pages), but like the raw
 * client it checks nothing, retries nothing and outputs nothing. Node minus this is the Fluent
 * node's own cost; this minus raw is what n8n costs any node.
 *
 * Used in-process (nodeRunner.cjs) and, as the node of a small benchmark-only package
 * (floorPackage.cjs), in the real n8n beside Create Batch. `getSettings` is called with the
 * node's execution context (the real n8n's node reads them from its parameters).
 */

const { loadLikeTheNode } = require('./baselineLoad.cjs');

const TYPE = 'bench.minimalLoader';

function createMinimalNodeType(getSettings, { name = TYPE, properties = [] } = {}) {
	return {
		description: {
			displayName: 'Minimal Loader',
			name,
			group: ['output'],
			version: 1,
			description: 'Posts the items as inventory batches and waits, checking nothing (benchmark only)',
			defaults: { name: 'Minimal Loader' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'fluentCommerceApi', required: true }],
			properties,
		},
		async execute() {
			const settings = getSettings.call(this);
			const { url } = settings;
			const items = this.getInputData();

			const send = (method, path, { body, qs }) =>
				this.helpers.httpRequestWithAuthentication.call(this, 'fluentCommerceApi', {
					method,
					url: `${url}${path}`,
					body,
					qs,
					json: true,
				});
			await loadLikeTheNode(items, settings, send);
			return [[]];
		},
	};
}

module.exports = { createMinimalNodeType, MINIMAL_TYPE: TYPE };
