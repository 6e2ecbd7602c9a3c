'use strict';

/**
 * Fault injection. Request faults (failNext, dropConnection, hang, and the hostile answers
 * trickle, resetMidBody, malformedReply, echoRequest) sit in one queue in the order
 * they were installed; each request consumes at most one of them: the first still armed whose
 * endpoint matches. Batch, job, record, result-paging and token faults change how the simulated
 * state behaves.
 */

const { MALFORMED_SHAPES, SHAPES_WITHOUT_ANSWER } = require('./hostile-replies.cjs');

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

function checkInteger(value, name) {
	if (!Number.isInteger(value) || value < 0) throw new TypeError(`${name} must be an integer >= 0`);
	return value;
}

function checkNonNegative(value, name) {
	if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a number >= 0`);
	return value;
}

function checkOneOf(value, allowed, name) {
	if (!allowed.includes(value)) throw new TypeError(`${name} must be one of ${allowed.join(', ')}`);
	return value;
}

function checkStatus(status) {
	if (!Number.isInteger(status) || status < 100 || status > 599) {
		throw new TypeError('status must be an HTTP status code');
	}
	return status;
}

const batchKey = (batchId) => (batchId === undefined || batchId === null ? '*' : String(batchId));

/** A predicate from a function, or from an object of fields that must all be equal (as strings). */
function toRecordPredicate(match) {
	if (typeof match === 'function') return match;
	if (match === undefined || match === null) return () => true;
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
 *   applyDue(), expireAllTokens(), revokeTokensOf(username), closeJob(jobId), releaseBatches(isStuck)
 */
function createFaults(core) {
	let requestFaults = [];
	let stickAll = false;
	let stuckBatchIds = new Set();
	let recordFaults = [];
	let closeAfterLimits = new Map();
	let batchesSinceCloseRule = new Map();
	let closeNextJobAfter = null;
	let batchEndRules = new Map();
	let endlessResultRules = new Map();
	let ignoreStartBatches = new Set();

	/** Forgets every armed fault; used by clear() and by the simulator's reset. */
	function disarmAll() {
		requestFaults = [];
		stickAll = false;
		stuckBatchIds = new Set();
		recordFaults = [];
		closeAfterLimits = new Map();
		batchesSinceCloseRule = new Map();
		closeNextJobAfter = null;
		batchEndRules = new Map();
		endlessResultRules = new Map();
		ignoreStartBatches = new Set();
	}

	const ruleFor = (rules, batchId) => rules.get(String(batchId)) ?? rules.get('*') ?? null;

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
			armRequestFault({
				kind: 'failNext',
				remaining: checkCount(n, 'n'),
				endpoint: checkEndpoint(endpoint),
				status: checkStatus(status),
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

		/**
		 * Processed at once and answered normally, but the body trickles in: headers at once, then
		 * `bytes` bytes every `intervalMs`. `padBytes` spaces after the JSON make the body longer.
		 */
		trickle({ endpoint, count = 1, bytes = 1, intervalMs = 1000, padBytes = 0 } = {}) {
			armRequestFault({
				kind: 'trickle',
				remaining: checkCount(count),
				endpoint: checkEndpoint(endpoint),
				bytes: checkCount(bytes, 'bytes'),
				intervalMs: checkNonNegative(intervalMs, 'intervalMs'),
				padBytes: checkInteger(padBytes, 'padBytes'),
			});
		},

		/**
		 * The answer starts (status, headers with the full Content-Length, part of the body) and the
		 * connection breaks. `processed` (default true): the request was done first (a batch is
		 * stored). Cut after `afterText`, else after `afterBytes`, else after the first `":"`.
		 * `how`: 'reset' (TCP RST, default) or 'close'.
		 */
		resetMidBody({
			endpoint,
			count = 1,
			afterBytes,
			afterText,
			processed = true,
			how = 'reset',
			breakDelayMs = 20,
		} = {}) {
			if (afterText !== undefined && (typeof afterText !== 'string' || afterText === '')) {
				throw new TypeError('afterText must be a non-empty string');
			}
			armRequestFault({
				kind: 'resetMidBody',
				remaining: checkCount(count),
				endpoint: checkEndpoint(endpoint),
				afterBytes: afterBytes === undefined ? null : checkInteger(afterBytes, 'afterBytes'),
				afterText: afterText ?? null,
				processed: processed !== false,
				how: checkOneOf(how, ['reset', 'close'], 'how'),
				breakDelayMs: checkNonNegative(breakDelayMs, 'breakDelayMs'),
			});
		},

		/**
		 * A complete answer (status 200 unless `status`) whose body is not what Fluent sends; see
		 * MALFORMED_SHAPES and the README. `processed` (default true): the request was done first.
		 */
		malformedReply({
			endpoint,
			count = 1,
			shape,
			status = 200,
			bytes,
			omit = [],
			set = {},
			processed = true,
		} = {}) {
			checkOneOf(shape, MALFORMED_SHAPES, 'shape');
			if (processed === false && !SHAPES_WITHOUT_ANSWER.includes(shape)) {
				throw new TypeError(`shape '${shape}' is built from the real answer, so it needs processed: true`);
			}
			if (!Array.isArray(omit) || omit.some((field) => typeof field !== 'string')) {
				throw new TypeError('omit must be an array of field names');
			}
			if (set === null || typeof set !== 'object' || Array.isArray(set)) {
				throw new TypeError('set must be an object');
			}
			armRequestFault({
				kind: 'malformedReply',
				remaining: checkCount(count),
				endpoint: checkEndpoint(endpoint),
				shape,
				status: checkStatus(status),
				bytes: bytes === undefined ? null : checkInteger(bytes, 'bytes'),
				omit,
				set,
				processed: processed !== false,
			});
		},

		/**
		 * Answers `status` with a body that repeats the request's headers and body. `processed`
		 * (JSON only): the request is done, and the echo is added to the real answer as `echo`.
		 */
		echoRequest({ endpoint, count = 1, status = 400, format = 'json', processed = false } = {}) {
			if (processed === true && format !== 'json') throw new TypeError('processed needs format json');
			armRequestFault({
				kind: 'echoRequest',
				remaining: checkCount(count),
				endpoint: checkEndpoint(endpoint),
				status: checkStatus(status),
				format: checkOneOf(format, ['json', 'text'], 'format'),
				processed: processed === true,
			});
		},

		/**
		 * Nothing done; answers `status` with a generated JSON object of `megabytes` MB (written
		 * as it is read, never held), with its Content-Length or, with `chunked`, without one.
		 */
		hugeReply({ endpoint, count = 1, status = 200, megabytes = 150, chunked = false } = {}) {
			armRequestFault({
				kind: 'hugeReply',
				remaining: checkCount(count),
				endpoint: checkEndpoint(endpoint),
				status: checkStatus(status),
				megabytes: checkNonNegative(megabytes, 'megabytes'),
				chunked: chunked === true,
			});
		},

		/** Every token (and refresh token) of that user becomes invalid; of every user without one. */
		revokeTokens({ username } = {}) {
			if (username === undefined || username === null) core.expireAllTokens();
			else core.revokeTokensOf(String(username));
		},

		/**
		 * Batches (one, or every batch for '*', the default) that complete from now on read `status`
		 * instead of COMPLETE. `storeRecords` (default: true only for a status that reads COMPLETE
		 * or COMPLETED in any case): their records are stored and reported; else results stay empty.
		 */
		endBatchesAs(status, { batchId, storeRecords } = {}) {
			if (typeof status !== 'string' || status === '') throw new TypeError('status must be a non-empty string');
			batchEndRules.set(batchKey(batchId), {
				status,
				storeRecords: storeRecords ?? /^COMPLETED?$/i.test(status),
			});
		},

		/**
		 * Result pages of a COMPLETE batch never run out: every page is full (made-up failed records
		 * after the real ones), and `total` reads start + 2 × count ('grows', default) or stays
		 * the real number ('fixed').
		 */
		endlessResults({ batchId, total = 'grows', responseCode = '500', message = 'Record failed' } = {}) {
			endlessResultRules.set(batchKey(batchId), {
				total: checkOneOf(total, ['grows', 'fixed'], 'total'),
				responseCode: String(responseCode),
				message: String(message),
			});
		},

		/** Batch GET ignores `start`: always the first page, while the answer's `start` echoes it. */
		ignoreStart({ batchId } = {}) {
			ignoreStartBatches.add(batchKey(batchId));
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

		/**
		 * The job (every job: '*'; the next job created: 'next') turns CLOSED once n more batches
		 * were accepted into it.
		 */
		closeJobAfterBatches(jobId, n) {
			const key = String(jobId);
			if (key === 'next') {
				closeNextJobAfter = checkCount(n, 'n');
				return;
			}
			closeAfterLimits.set(key, checkCount(n, 'n'));
			if (key === '*') batchesSinceCloseRule = new Map();
			else batchesSinceCloseRule.delete(key);
		},

		/**
		 * Matching records get `responseCode`/`message` in the batch results and are not stored.
		 * `match` is a predicate (entity, {position, batchId, jobId}) => boolean, an object like
		 * { locationRef: 'LOC_X' }, or null (every record). `positions` (0-based places in their
		 * batch) and `batchId` narrow it. `message` and `entityRef` may be functions of the entity;
		 * `entityRef` replaces the reported reference.
		 */
		failRecords(
			match,
			{ responseCode = '500', message = 'Record failed', positions, batchId, entityRef } = {},
		) {
			if (
				positions !== undefined &&
				(!Array.isArray(positions) || !positions.every((position) => Number.isInteger(position) && position >= 0))
			) {
				throw new TypeError('positions must be an array of integers >= 0');
			}
			recordFaults.push({
				matches: toRecordPredicate(match),
				positions: positions === undefined ? null : new Set(positions),
				batchId: batchId === undefined || batchId === null ? null : String(batchId),
				responseCode: String(responseCode),
				message,
				entityRef,
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
				closeJobAfterBatches: {
					...Object.fromEntries(closeAfterLimits),
					...(closeNextJobAfter === null ? {} : { next: closeNextJobAfter }),
				},
				// Listed only while armed, so the list of a simulator without them keeps its old shape.
				...(batchEndRules.size === 0 ? {} : { endBatchesAs: Object.fromEntries(batchEndRules) }),
				...(endlessResultRules.size === 0
					? {}
					: { endlessResults: Object.fromEntries(endlessResultRules) }),
				...(ignoreStartBatches.size === 0 ? {} : { ignoreStart: [...ignoreStartBatches] }),
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

		/**
		 * `{ responseCode, message, entityRef? }` if a failRecords rule matches the entity at
		 * `place` ({ position, batchId, jobId }), else null.
		 */
		recordFailure(entity, place) {
			const rule = recordFaults.find(
				(candidate) =>
					(candidate.positions === null || candidate.positions.has(place.position)) &&
					(candidate.batchId === null || candidate.batchId === place.batchId) &&
					candidate.matches(entity, place),
			);
			if (!rule) return null;
			const valueOf = (option) => (typeof option === 'function' ? option(entity) : option);
			const failure = { responseCode: rule.responseCode, message: valueOf(rule.message) };
			if (rule.entityRef !== undefined) failure.entityRef = String(valueOf(rule.entityRef));
			return failure;
		},

		/** A 'next' closeJobAfterBatches rule becomes a rule for this newly created job. */
		jobCreated(jobId) {
			if (closeNextJobAfter === null) return;
			closeAfterLimits.set(jobId, closeNextJobAfter);
			batchesSinceCloseRule.delete(jobId);
			closeNextJobAfter = null;
		},

		/** `{ status, storeRecords }` for a batch completing now, or null (it reads COMPLETE). */
		batchEnd: (batchId) => ruleFor(batchEndRules, batchId),

		/** How batch GET pages this batch: `{ endless: rule | null, ignoreStart: boolean }`. */
		resultPaging(batchId) {
			return {
				endless: ruleFor(endlessResultRules, batchId),
				ignoreStart: ignoreStartBatches.has(String(batchId)) || ignoreStartBatches.has('*'),
			};
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
