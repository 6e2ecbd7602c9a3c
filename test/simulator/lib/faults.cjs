'use strict';

/**
 * Fault injection. Request faults (failNext, dropConnection, hang) sit in one queue in the order
 * they were installed; each request consumes at most one of them: the first still armed whose
 * endpoint matches. Batch, job, record and token faults change how the simulated state behaves.
 */

const ENDPOINTS = ['token', 'jobCreate', 'jobGet', 'batchCreate', 'batchGet', 'graphql'];

function checkEndpoint(endpoint) {
	if (endpoint !== undefined && endpoint !== null && !ENDPOINTS.includes(endpoint)) {
		throw new TypeError(`endpoint must be one of ${ENDPOINTS.join(', ')}`);
	}
	return endpoint ?? null;
}

function checkCount(count, name = 'count') {
	if (!Number.isInteger(count) || count < 1) throw new TypeError(`${name} must be an integer >= 1`);
	return count;
}

/** A predicate from a function, or from an object of fields that must all be equal (as strings). */
function toRecordPredicate(match) {
	if (typeof match === 'function') return match;
	if (match !== null && typeof match === 'object') {
		const wanted = Object.entries(match);
		return (entity) =>
			entity !== null &&
			typeof entity === 'object' &&
			wanted.every(
				([field, value]) => entity[field] !== undefined && String(entity[field]) === String(value),
			);
	}
	throw new TypeError('failRecords needs a predicate function or a match object');
}

/**
 * @param core hooks into the simulated state:
 *   applyDue(), expireAllTokens(), closeJob(jobId), releaseBatches(isStuck)
 */
function createFaults(core) {
	let requestFaults = [];
	let stickAll = false;
	let stuckBatchIds = new Set();
	let recordFaults = [];
	let closeAfterLimits = new Map();
	let batchesSinceCloseRule = new Map();

	/** Forgets every armed fault; used by clear() and by the simulator's reset. */
	function disarmAll() {
		requestFaults = [];
		stickAll = false;
		stuckBatchIds = new Set();
		recordFaults = [];
		closeAfterLimits = new Map();
		batchesSinceCloseRule = new Map();
	}

	function armRequestFault(fault) {
		requestFaults.push(fault);
	}

	const isBatchStuck = (batchId) => stickAll || stuckBatchIds.has(String(batchId));

	const api = {
		/** Every issued token becomes invalid; the next API call with one gets 401. */
		expireTokens() {
			core.expireAllTokens();
		},

		/**
		 * The next n requests (to `endpoint`, or any) answer `status` without doing anything; with
		 * `afterProcessing`, they are processed first (a batch is stored) and then answer `status`.
		 */
		failNext(n = 1, { status = 500, retryAfter, body, contentType, endpoint, afterProcessing = false } = {}) {
			if (!Number.isInteger(status) || status < 100 || status > 599) {
				throw new TypeError('status must be an HTTP status code');
			}
			armRequestFault({
				kind: 'failNext',
				remaining: checkCount(n, 'n'),
				endpoint: checkEndpoint(endpoint),
				status,
				retryAfter,
				body,
				contentType,
				...(afterProcessing === true ? { afterProcessing: true } : {}),
			});
		},

		/** 'before': socket destroyed, nothing done; 'after': request fully processed, then destroyed. */
		dropConnection({ when = 'before', endpoint, count = 1 } = {}) {
			if (when !== 'before' && when !== 'after')
				throw new TypeError("when must be 'before' or 'after'");
			armRequestFault({
				kind: when === 'before' ? 'dropBefore' : 'dropAfter',
				remaining: checkCount(count),
				endpoint: checkEndpoint(endpoint),
			});
		},

		/** No answer: forever (nothing done), or for `ms` and then processed and answered normally. */
		hang({ endpoint, count = 1, ms } = {}) {
			if (ms !== undefined && ms !== null && !(Number.isFinite(ms) && ms >= 0)) {
				throw new TypeError('ms must be a number >= 0');
			}
			armRequestFault({
				kind: 'hang',
				remaining: checkCount(count),
				endpoint: checkEndpoint(endpoint),
				ms: ms ?? null,
			});
		},

		/** true: every batch not yet complete stays RUNNING; false: releases every stuck batch. */
		stickBatches(stuck = true) {
			core.applyDue();
			if (!stuck) core.releaseBatches(isBatchStuck);
			stickAll = Boolean(stuck);
			if (!stuck) stuckBatchIds = new Set();
		},

		/** One batch (also one not created yet) stays RUNNING; `stuck = false` releases it. */
		stickBatch(batchId, stuck = true) {
			const id = String(batchId);
			core.applyDue();
			if (stuck) {
				stuckBatchIds.add(id);
			} else {
				core.releaseBatches((candidate) => String(candidate) === id && !stickAll);
				stuckBatchIds.delete(id);
			}
		},

		closeJob(jobId) {
			core.closeJob(String(jobId));
		},

		/** The job (or every job: '*') turns CLOSED once n more batches were accepted into it. */
		closeJobAfterBatches(jobId, n) {
			const key = String(jobId);
			closeAfterLimits.set(key, checkCount(n, 'n'));
			if (key === '*') batchesSinceCloseRule = new Map();
			else batchesSinceCloseRule.delete(key);
		},

		/**
		 * Matching records get `responseCode`/`message` in the batch results and are not stored.
		 * `match` is a predicate (entity) => boolean, or an object like { locationRef: 'LOC_X' }.
		 * `message` may be a function of the entity.
		 */
		failRecords(match, { responseCode = '500', message = 'Record failed' } = {}) {
			recordFaults.push({
				matches: toRecordPredicate(match),
				responseCode: String(responseCode),
				message,
			});
		},

		/** Removes every armed fault. Closed jobs stay closed and expired tokens stay expired. */
		clear() {
			core.applyDue();
			if (stickAll || stuckBatchIds.size > 0) core.releaseBatches(isBatchStuck);
			disarmAll();
		},

		/** What is armed, JSON-safe. */
		list() {
			return {
				requestFaults: requestFaults.map(({ body, ...fault }) => ({
					...fault,
					...(body === undefined ? {} : { body: typeof body === 'string' ? body : '<object>' }),
				})),
				stickAll,
				stuckBatchIds: [...stuckBatchIds],
				recordFaults: recordFaults.length,
				closeJobAfterBatches: Object.fromEntries(closeAfterLimits),
			};
		},
	};

	return {
		api,
		isBatchStuck,

		/** Consumes and returns the request fault for this request, or null. */
		takeRequestFault(endpoint) {
			const index = requestFaults.findIndex(
				(fault) => fault.endpoint === null || fault.endpoint === endpoint,
			);
			if (index === -1) return null;
			const fault = requestFaults[index];
			fault.remaining -= 1;
			if (fault.remaining === 0) requestFaults.splice(index, 1);
			return fault;
		},

		/** `{ responseCode, message }` if a failRecords rule matches the entity, else null. */
		recordFailure(entity) {
			const rule = recordFaults.find(({ matches }) => matches(entity));
			if (!rule) return null;
			const message = typeof rule.message === 'function' ? rule.message(entity) : rule.message;
			return { responseCode: rule.responseCode, message };
		},

		/** Counts an accepted batch; true when a closeJobAfterBatches rule says the job closes now. */
		batchAccepted(jobId) {
			const limit = closeAfterLimits.get(jobId) ?? closeAfterLimits.get('*');
			if (limit === undefined) return false;
			const accepted = (batchesSinceCloseRule.get(jobId) ?? 0) + 1;
			batchesSinceCloseRule.set(jobId, accepted);
			return accepted >= limit;
		},

		reset: disarmAll,
	};
}

module.exports = { createFaults, ENDPOINTS };
