'use strict';

/**
 * The simulated account: tokens, jobs and batches, and how they change over simulator time.
 * Simulator time is config.clock() plus whatever advance() added. Nothing runs on timers: a batch
 * whose completion time has passed is applied to the store by applyDue(), which every request and
 * every read of stats or store calls first. That keeps tests deterministic.
 */

const { randomUUID } = require('node:crypto');
const { entityProblem } = require('./batch-validation.cjs');
const { entityRefOf } = require('./inventory-store.cjs');

const DAY_MS = 24 * 60 * 60 * 1000;
const SUCCESS_MESSAGE = 'Success';

function nextMidnightUtc(ms) {
	const date = new Date(ms);
	return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
}

function jobClosesAt(createdAt, jobLifetime) {
	if (jobLifetime === 'midnight-utc') return nextMidnightUtc(createdAt);
	if (jobLifetime === '24h') return createdAt + DAY_MS;
	return createdAt + jobLifetime;
}

const iso = (ms) => new Date(ms).toISOString();

/** A failed record in batch results; successful ones are represented by their StoredRecord. */
class RecordFailure {
	constructor(entityRef, responseCode, message) {
		this.entityRef = entityRef;
		this.responseCode = responseCode;
		this.message = message;
	}
}

function createFluentState({ config, store, faults }) {
	// Ids are one increasing sequence shared by jobs and batches and are never reset, so a job id
	// can never be mistaken for a batch id and a stale id from before reset() never finds anything.
	let lastId = 0;
	let timeOffsetMs = 0;
	let frozenAt = null;
	let tokens = new Map();
	let refreshTokens = new Map();
	let jobs = new Map();
	let batches = new Map();
	let unappliedBatches = [];
	let tokensIssued = 0;

	const now = () => (frozenAt ?? config.clock()) + timeOffsetMs;
	const nextId = () => String(++lastId);

	// ---- tokens

	function issueToken(user) {
		const issuedAt = now();
		const accessToken = randomUUID();
		const lifetimeSeconds = config.tokenLifetimeSeconds;
		tokens.set(accessToken, { user, expiresAt: issuedAt + lifetimeSeconds * 1000 });
		tokensIssued += 1;
		let refreshToken = null;
		if (config.refreshTokens) {
			refreshToken = randomUUID();
			refreshTokens.set(refreshToken, user);
		}
		return { accessToken, refreshToken, lifetimeSeconds };
	}

	/** Refresh tokens are single-use: the first call removes it. */
	function redeemRefreshToken(refreshToken) {
		const user = refreshTokens.get(refreshToken);
		refreshTokens.delete(refreshToken);
		return user ?? null;
	}

	/** The token's user, or null when unknown or expired. */
	function userOfToken(accessToken) {
		const token = tokens.get(accessToken);
		if (!token) return null;
		if (now() >= token.expiresAt) {
			tokens.delete(accessToken);
			return null;
		}
		return token.user;
	}

	function expireAllTokens() {
		tokens = new Map();
		refreshTokens = new Map();
	}

	function revokeTokensOf(username) {
		for (const [accessToken, token] of tokens) {
			if (token.user.username === username) tokens.delete(accessToken);
		}
		for (const [refreshToken, user] of refreshTokens) {
			if (user.username === username) refreshTokens.delete(refreshToken);
		}
	}

	// ---- jobs

	function createJob({ name, retailerId, meta }) {
		const createdAt = now();
		const job = {
			jobId: nextId(),
			name,
			retailerId: String(retailerId),
			meta: meta ?? null,
			createdAt,
			closesAt: jobClosesAt(createdAt, config.jobLifetime),
			closedByFault: false,
			batchIds: [],
		};
		jobs.set(job.jobId, job);
		faults.jobCreated(job.jobId);
		return job;
	}

	const getJob = (jobId) => jobs.get(String(jobId));

	const jobStatus = (job) => (job.closedByFault || now() >= job.closesAt ? 'CLOSED' : 'OPEN');

	function closeJob(jobId) {
		const job = getJob(jobId);
		if (!job) throw new RangeError(`Job ${jobId} not found`);
		job.closedByFault = true;
	}

	// ---- batches

	/** Stores an accepted batch. `fields` are the batch-level fields as sent. */
	function createBatch(job, fields, entities) {
		const createdAt = now();
		const pendingUntil = createdAt + config.pendingMs;
		const batch = {
			batchId: nextId(),
			jobId: job.jobId,
			action: fields.action,
			entityType: fields.entityType,
			sent: {
				source: fields.source ?? null,
				event: fields.event ?? null,
				catalogueRef: fields.catalogueRef ?? null,
			},
			retailerId: job.retailerId,
			createdAt,
			pendingUntil,
			completeAt: pendingUntil + config.runningMs + config.perRecordMs * entities.length,
			entityCount: entities.length,
			entities,
			outcomes: null,
		};
		batches.set(batch.batchId, batch);
		unappliedBatches.push(batch);
		job.batchIds.push(batch.batchId);
		if (faults.batchAccepted(job.jobId)) job.closedByFault = true;
		return batch;
	}

	function getBatch(jobId, batchId) {
		const batch = batches.get(String(batchId));
		return batch && batch.jobId === String(jobId) ? batch : undefined;
	}

	function batchStatus(batch) {
		if (batch.outcomes) return batch.endStatus ?? 'COMPLETE';
		return now() < batch.pendingUntil ? 'PENDING' : 'RUNNING';
	}

	/** When the batch last changed status. */
	function batchLastModified(batch) {
		if (batch.outcomes) return batch.completeAt;
		return now() < batch.pendingUntil ? batch.createdAt : batch.pendingUntil;
	}

	function outcomeOf(entity, position, jobId, batchId) {
		const problem = entityProblem(entity);
		if (problem) return new RecordFailure(entityRefOf(entity), '400', problem);
		const failure =
			faults.recordFailure(entity, { position, batchId, jobId }) ??
			config.recordFailure?.(entity) ??
			null;
		if (failure) {
			return new RecordFailure(
				failure.entityRef ?? entityRefOf(entity),
				String(failure.responseCode ?? '500'),
				failure.message ?? '',
			);
		}
		return store.apply(entity, jobId, batchId);
	}

	/** Processes the batch's records into the store and keeps only the compact outcome list. */
	function applyBatch(batch) {
		const endRule = faults.batchEnd(batch.batchId);
		if (endRule) batch.endStatus = endRule.status;
		batch.outcomes =
			endRule && !endRule.storeRecords
				? []
				: batch.entities.map((entity, position) =>
						outcomeOf(entity, position, batch.jobId, batch.batchId),
					);
		batch.entities = null;
	}

	/** Applies every batch whose completion time has come, in completion order. Returns how many. */
	function applyDue() {
		if (unappliedBatches.length === 0) return 0;
		const at = now();
		const due = unappliedBatches.filter(
			(batch) => at >= batch.completeAt && !faults.isBatchStuck(batch.batchId),
		);
		if (due.length === 0) return 0;
		due.sort((a, b) => a.completeAt - b.completeAt || Number(a.batchId) - Number(b.batchId));
		due.forEach(applyBatch);
		unappliedBatches = unappliedBatches.filter((batch) => !batch.outcomes);
		return due.length;
	}

	/** Finishes every batch that is not stuck right now. */
	function settle() {
		const at = now();
		for (const batch of unappliedBatches) {
			if (faults.isBatchStuck(batch.batchId)) continue;
			batch.pendingUntil = Math.min(batch.pendingUntil, at);
			batch.completeAt = Math.min(batch.completeAt, at);
		}
		const applied = applyDue();
		return { applied, stuck: unappliedBatches.length };
	}

	/** Stuck batches that are overdue complete from now on, once they are released. */
	function releaseBatches(isStuck) {
		const at = now();
		for (const batch of unappliedBatches) {
			if (isStuck(batch.batchId)) batch.completeAt = Math.max(batch.completeAt, at);
		}
	}

	/**
	 * Simulator time jumps to `at` (ms); with `frozen` it then moves only through advance(),
	 * else it runs on from there with the clock.
	 */
	function setNow(at, { frozen = false } = {}) {
		if (!Number.isFinite(at)) throw new TypeError('setNow needs a time (ms or ISO text)');
		if (frozen) {
			frozenAt = at;
			timeOffsetMs = 0;
		} else {
			frozenAt = null;
			timeOffsetMs = at - config.clock();
		}
		applyDue();
		return now();
	}

	function advance(ms) {
		if (!Number.isFinite(ms) || ms < 0) throw new TypeError('advance(ms) needs a number >= 0');
		timeOffsetMs += ms;
		applyDue();
		return now();
	}

	/** `{ succeeded, failed }` of a finished batch, null before. */
	function batchCounts(batch) {
		if (!batch.outcomes) return null;
		const failed = batch.outcomes.filter((outcome) => outcome instanceof RecordFailure).length;
		return { succeeded: batch.outcomes.length - failed, failed };
	}

	/** One page of results of a COMPLETE batch; empty before. */
	function batchResults(batch, start, count) {
		if (!batch.outcomes) return { total: 0, results: [] };
		const page = batch.outcomes.slice(start, start + count);
		return { total: batch.outcomes.length, results: page.map(describeOutcome) };
	}

	function describeOutcome(outcome) {
		if (outcome instanceof RecordFailure) {
			return {
				entityRef: outcome.entityRef,
				responseCode: outcome.responseCode,
				message: outcome.message,
			};
		}
		return {
			entityId: String(outcome.entityId),
			entityRef: entityRefOf(outcome.entity),
			responseCode: '200',
			message: SUCCESS_MESSAGE,
		};
	}

	function reset() {
		tokens = new Map();
		refreshTokens = new Map();
		jobs = new Map();
		batches = new Map();
		unappliedBatches = [];
		tokensIssued = 0;
	}

	return {
		now,
		advance,
		setNow,
		get clockFrozen() {
			return frozenAt !== null;
		},
		iso,
		issueToken,
		redeemRefreshToken,
		userOfToken,
		expireAllTokens,
		revokeTokensOf,
		get tokensIssued() {
			return tokensIssued;
		},
		createJob,
		getJob,
		jobStatus,
		closeJob,
		allJobs: () => jobs.values(),
		createBatch,
		getBatch,
		batchById: (batchId) => batches.get(String(batchId)),
		allBatches: () => batches.values(),
		batchStatus,
		batchLastModified,
		batchResults,
		batchCounts,
		applyDue,
		settle,
		releaseBatches,
		reset,
	};
}

module.exports = { createFluentState };
