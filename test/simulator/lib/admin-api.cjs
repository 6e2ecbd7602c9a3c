'use strict';

/**
 * Control endpoints under /__sim/ for callers in another process (e2e test, demo, benchmark).
 * No auth, no faults, no latency, and never counted in stats.
 */

const { parseJson, jsonReply } = require('./http-helpers.cjs');
const { describeConfig, validateOptions } = require('./config.cjs');

const ADMIN_PREFIX = '/__sim/';

const FAULT_COMMANDS = {
	failNext: (faults, { n, count, ...options }) => faults.failNext(n ?? count ?? 1, options),
	dropConnection: (faults, options) => faults.dropConnection(options),
	hang: (faults, options) => faults.hang(options),
	expireTokens: (faults) => faults.expireTokens(),
	stickBatches: (faults, { stuck = true }) => faults.stickBatches(stuck),
	stickBatch: (faults, { batchId, stuck = true }) => faults.stickBatch(batchId, stuck),
	closeJob: (faults, { jobId }) => faults.closeJob(jobId),
	closeJobAfterBatches: (faults, { jobId, n }) => faults.closeJobAfterBatches(jobId, n),
	failRecords: (faults, { match = {}, responseCode, message, positions, batchId, entityRef }) => {
		if (match === null || typeof match !== 'object') throw new TypeError('match must be an object');
		faults.failRecords(match, { responseCode, message, positions, batchId, entityRef });
	},
	trickle: (faults, options) => faults.trickle(options),
	resetMidBody: (faults, options) => faults.resetMidBody(options),
	malformedReply: (faults, options) => faults.malformedReply(options),
	echoRequest: (faults, options) => faults.echoRequest(options),
	hugeReply: (faults, options) => faults.hugeReply(options),
	revokeTokens: (faults, options) => faults.revokeTokens(options),
	endBatchesAs: (faults, { status, ...options }) => faults.endBatchesAs(status, options),
	endlessResults: (faults, options) => faults.endlessResults(options),
	ignoreStart: (faults, options) => faults.ignoreStart(options),
	clear: (faults) => faults.clear(),
};

const badRequest = (message) => jsonReply(400, { error: message });

function isAdminPath(pathname) {
	return pathname.startsWith(ADMIN_PREFIX);
}

function jsonObjectBody(body, { allowEmpty = true, allowArray = false } = {}) {
	if (body.length === 0 && allowEmpty) return { value: {} };
	const parsed = parseJson(body);
	if (parsed.error) return { error: badRequest('body must be JSON') };
	const value = parsed.value;
	const isObject =
		value !== null && typeof value === 'object' && (allowArray || !Array.isArray(value));
	return isObject ? { value } : { error: badRequest('body must be a JSON object') };
}

/** For benchmarks that want the simulator's own memory use. */
function describeProcess() {
	return { pid: process.pid, uptimeSeconds: process.uptime(), memory: process.memoryUsage() };
}

function createAdminApi(sim) {
	function applyFaults(body) {
		const parsed = jsonObjectBody(body, { allowEmpty: false, allowArray: true });
		if (parsed.error) return parsed.error;
		const commands = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
		for (const { type, ...args } of commands) {
			const command = FAULT_COMMANDS[type];
			if (!command)
				return badRequest(
					`unknown fault type '${type}'; one of ${Object.keys(FAULT_COMMANDS).join(', ')}`,
				);
			command(sim.faults, args);
		}
		return jsonReply(200, { faults: sim.faults.list() });
	}

	function mergeConfig(body) {
		const parsed = jsonObjectBody(body);
		if (parsed.error) return parsed.error;
		validateOptions(parsed.value, { fromHttp: true });
		Object.assign(sim.config, parsed.value);
		return jsonReply(200, { config: describeConfig(sim.config) });
	}

	function storeRecord(query) {
		const keys = ['retailerId', 'locationRef', 'skuRef'].map((name) => query.get(name));
		if (keys.some((key) => key === null))
			return badRequest('retailerId, locationRef and skuRef are required');
		const record = sim.store.get(...keys);
		return record ? jsonReply(200, record) : jsonReply(404, { error: 'record not found' });
	}

	function duplicates(query) {
		const limit = Number(query.get('limit') ?? 100);
		return jsonReply(200, { duplicates: sim.store.duplicates().slice(0, limit) });
	}

	function arrivals(query) {
		const keys = ['retailerId', 'locationRef', 'skuRef'].map((name) => query.get(name));
		if (keys.some((key) => key === null))
			return badRequest('retailerId, locationRef and skuRef are required');
		return jsonReply(200, { arrivals: sim.store.arrivalsOf(...keys) });
	}

	/** `{"now": ISO | ms, "frozen"?: boolean}` sets the time; `{"advanceMs": n}` moves it on. */
	function setClock(body) {
		const parsed = jsonObjectBody(body);
		if (parsed.error) return parsed.error;
		const { now, frozen, advanceMs } = parsed.value;
		if (now !== undefined) {
			const at = typeof now === 'string' ? Date.parse(now) : now;
			if (!Number.isFinite(at)) return badRequest('now must be an ISO date-time or ms since 1970');
			sim.setNow(at, { frozen: frozen === true });
		}
		if (advanceMs !== undefined) sim.advance(advanceMs);
		return jsonReply(200, sim.clock());
	}

	async function advance(body) {
		const parsed = jsonObjectBody(body);
		if (parsed.error) return parsed.error;
		const now = sim.advance(parsed.value.ms ?? 0);
		return jsonReply(200, { now: new Date(now).toISOString() });
	}

	const routes = {
		'GET /__sim/info': () => jsonReply(200, sim.info()),
		'GET /__sim/stats': () => jsonReply(200, sim.stats()),
		'GET /__sim/process': () => jsonReply(200, describeProcess()),
		'GET /__sim/config': () => jsonReply(200, { config: describeConfig(sim.config) }),
		'POST /__sim/config': ({ body }) => mergeConfig(body),
		'GET /__sim/faults': () => jsonReply(200, { faults: sim.faults.list() }),
		'POST /__sim/faults': ({ body }) => applyFaults(body),
		'POST /__sim/reset': () => {
			sim.reset();
			return jsonReply(200, { reset: true });
		},
		'POST /__sim/settle': async () => jsonReply(200, await sim.settle()),
		'POST /__sim/advance': ({ body }) => advance(body),
		'GET /__sim/clock': () => jsonReply(200, sim.clock()),
		'POST /__sim/clock': ({ body }) => setClock(body),
		'GET /__sim/jobs': () => jsonReply(200, { jobs: sim.jobs() }),
		'GET /__sim/store/arrivals': ({ query }) => arrivals(query),
		'GET /__sim/store/by-job': () => jsonReply(200, { arrivalsByJob: sim.store.arrivalsByJob() }),
		'GET /__sim/store': ({ query }) => storeRecord(query),
		'GET /__sim/store/summary': () => jsonReply(200, sim.store.summary()),
		'GET /__sim/store/duplicates': ({ query }) => duplicates(query),
	};

	/** request: `{ method, pathname, query, body }`; resolves to a reply. */
	async function handle(request) {
		const route = routes[`${request.method} ${request.pathname}`];
		if (!route)
			return jsonReply(404, { error: `no admin endpoint ${request.method} ${request.pathname}` });
		try {
			return await route(request);
		} catch (error) {
			if (error instanceof RangeError) return jsonReply(404, { error: error.message });
			if (error instanceof TypeError) return badRequest(error.message);
			throw error;
		}
	}

	return { handle };
}

module.exports = { createAdminApi, isAdminPath };
