'use strict';

/**
 * A loopback HTTP server that behaves like Fluent Commerce's OAuth token endpoint, Job API and
 * Batch API (see README.md next to this file), with fault injection and counters for tests.
 * Node built-ins only.
 */

const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { DEFAULTS, DEFAULT_USER, createConfig } = require('./lib/config.cjs');
const {
	readBody,
	BodyTooLargeError,
	fluentError,
	reasonPhrase,
	fluentErrors,
	serializeReply,
} = require('./lib/http-helpers.cjs');
const { createInventoryStore } = require('./lib/inventory-store.cjs');
const { createFaults, ENDPOINTS } = require('./lib/faults.cjs');
const { createFluentState } = require('./lib/fluent-state.cjs');
const { createFluentApi, classifyRequest } = require('./lib/fluent-api.cjs');
const { createAdminApi, isAdminPath } = require('./lib/admin-api.cjs');
const { createStats } = require('./lib/stats.cjs');
const {
	UNPROCESSED_ANSWER,
	malformedReply,
	echoReply,
	writeHuge,
	writeTrickled,
	writeThenBreak,
} = require('./lib/hostile-replies.cjs');

function formatUrl(host, port) {
	return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** `{ pathname, searchParams }` without ever throwing (new URL() does on odd request targets). */
function parseRequestTarget(target) {
	const queryStart = target.indexOf('?');
	if (queryStart === -1) return { pathname: target, searchParams: new URLSearchParams() };
	return {
		pathname: target.slice(0, queryStart),
		searchParams: new URLSearchParams(target.slice(queryStart + 1)),
	};
}

function failNextReply(fault) {
	const headers = fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) };
	if (fault.body === undefined) {
		return {
			status: fault.status,
			body: fluentErrors({ code: fault.status, message: reasonPhrase(fault.status) }),
			headers,
		};
	}
	return { status: fault.status, body: fault.body, contentType: fault.contentType, headers };
}

function createSimulator(options = {}) {
	const config = createConfig(options);
	let state;
	const store = createInventoryStore({ beforeRead: () => state.applyDue() });
	const faults = createFaults({
		applyDue: () => state.applyDue(),
		expireAllTokens: () => state.expireAllTokens(),
		revokeTokensOf: (username) => state.revokeTokensOf(username),
		closeJob: (jobId) => state.closeJob(jobId),
		releaseBatches: (isStuck) => state.releaseBatches(isStuck),
	});
	state = createFluentState({ config, store, faults });
	const stats = createStats(config);
	const fluentApi = createFluentApi({ config, state, stats, faults });

	let server = null;
	let baseUrl = null;
	const sockets = new Set();
	const timers = new Set();
	// Requests not answered yet, or answered slowly: reset() cuts them off.
	const slowExchanges = new Set();

	function schedule(ms, fn) {
		const timer = setTimeout(() => {
			timers.delete(timer);
			fn();
		}, ms);
		timers.add(timer);
	}

	// ---- writing and logging one request/response exchange

	function logExchange(exchange, status, outcome) {
		if (exchange.logged) return;
		exchange.logged = true;
		const entry = {
			method: exchange.request.method,
			path: exchange.request.pathname,
			endpoint: exchange.request.endpoint,
			status,
			ms: Math.round((performance.now() - exchange.startedAt) * 10) / 10,
			...(outcome ? { outcome } : {}),
		};
		stats.logRequest(entry);
		config.onRequest?.(entry);
	}

	/** `writeTo(res, serialized)` writes it; the default writes it whole. */
	function writeReply(exchange, reply, { writeTo = null, outcome } = {}) {
		const { res } = exchange;
		if (res.destroyed || res.writableEnded) return;
		const serialized = serializeReply(reply);
		// The Date header follows simulator time, as a real server's follows its clock.
		serialized.headers.Date = new Date(state.now()).toUTCString();
		stats.countResponse(serialized.status);
		logExchange(exchange, serialized.status, outcome);
		if (writeTo) return writeTo(res, serialized);
		res.writeHead(serialized.status, serialized.headers);
		res.end(serialized.payload);
	}

	function sendReply(exchange, reply, how) {
		if (config.latencyMs > 0) schedule(config.latencyMs, () => writeReply(exchange, reply, how));
		else writeReply(exchange, reply, how);
	}

	function dropConnection(exchange, outcome) {
		logExchange(exchange, null, outcome);
		exchange.res.socket?.destroy();
	}

	/** Answers a Fluent request as of now: a hung request is answered later, with the state then. */
	function handleSafely(request) {
		try {
			state.applyDue();
			return fluentApi.handle(request);
		} catch (error) {
			return fluentError(500, `Simulator error: ${error.message}`);
		}
	}

	function applyRequestFault(exchange, fault) {
		stats.countFault(fault.kind);
		switch (fault.kind) {
			case 'failNext':
				if (fault.afterProcessing) handleSafely(exchange.request);
				return sendReply(exchange, failNextReply(fault));
			case 'dropBefore':
				return dropConnection(exchange, 'dropped-before');
			case 'dropAfter':
				handleSafely(exchange.request);
				return dropConnection(exchange, 'dropped-after');
			case 'hang':
				if (fault.ms === null) return hangForever(exchange);
				return schedule(fault.ms, () => sendReply(exchange, handleSafely(exchange.request)));
			case 'trickle':
				slowExchanges.add(exchange);
				return sendReply(exchange, handleSafely(exchange.request), {
					outcome: 'trickled',
					writeTo: (res, serialized) => writeTrickled(res, serialized, fault, schedule),
				});
			case 'resetMidBody': {
				const reply = fault.processed
					? handleSafely(exchange.request)
					: { status: 200, body: UNPROCESSED_ANSWER, headers: {} };
				return sendReply(exchange, reply, {
					outcome: fault.how === 'reset' ? 'reset-mid-body' : 'closed-mid-body',
					writeTo: (res, serialized) => writeThenBreak(res, serialized, fault, schedule),
				});
			}
			case 'malformedReply': {
				const realReply = fault.processed ? handleSafely(exchange.request) : null;
				return sendReply(exchange, malformedReply(fault, realReply));
			}
			case 'echoRequest': {
				const realReply = fault.processed ? handleSafely(exchange.request) : null;
				return sendReply(exchange, echoReply(fault, exchange.request, realReply));
			}
			case 'hugeReply':
				slowExchanges.add(exchange);
				return sendReply(
					exchange,
					{ status: fault.status, body: '', headers: {} },
					{ outcome: 'huge', writeTo: (res, serialized) => writeHuge(res, serialized, fault) },
				);
		}
	}

	function hangForever(exchange) {
		exchange.outcomeOnClose = 'hung';
		slowExchanges.add(exchange);
	}

	// ---- the request handler

	async function handleFluentRequest(req, res, url) {
		const route = classifyRequest(req.method, url.pathname);
		stats.countRequest(route.endpoint, req.headers.host);
		const request = {
			...route,
			method: req.method,
			target: req.url,
			pathname: url.pathname,
			query: url.searchParams,
			headers: req.headers,
		};
		const exchange = {
			req,
			res,
			request,
			startedAt: performance.now(),
			logged: false,
			outcomeOnClose: 'client-closed',
		};
		res.on('close', () => {
			slowExchanges.delete(exchange);
			logExchange(exchange, null, exchange.outcomeOnClose);
		});
		try {
			request.body = await readBody(req, config.maxBodyBytes);
		} catch (error) {
			if (error instanceof BodyTooLargeError) {
				writeReply(exchange, {
					...fluentError(413, error.message),
					headers: { Connection: 'close' },
				});
			}
			return;
		}
		const fault = faults.takeRequestFault(route.endpoint);
		if (fault) return applyRequestFault(exchange, fault);
		sendReply(exchange, handleSafely(request));
	}

	async function handleAdminRequest(req, res, url) {
		let reply;
		try {
			const body = await readBody(req, config.maxBodyBytes);
			reply = await adminApi.handle({
				method: req.method,
				pathname: url.pathname,
				query: url.searchParams,
				body,
			});
		} catch (error) {
			reply = { status: 500, body: { error: error.message }, headers: {} };
		}
		if (res.destroyed) return;
		const { status, headers, payload } = serializeReply(reply);
		res.writeHead(status, headers);
		res.end(payload);
	}

	function onRequest(req, res) {
		const url = parseRequestTarget(req.url);
		const handler = isAdminPath(url.pathname) ? handleAdminRequest : handleFluentRequest;
		handler(req, res, url).catch((error) => {
			if (!res.headersSent) res.writeHead(500).end(String(error));
		});
	}

	// ---- the public object

	const sim = {
		config,
		faults: faults.api,
		store,

		/** Starts listening; resolves with the base URL, e.g. 'http://127.0.0.1:40123'. */
		start(port = 0, host = '127.0.0.1') {
			if (server) return Promise.reject(new Error('simulator already started'));
			return new Promise((resolve, reject) => {
				const starting = http.createServer(onRequest);
				starting.on('connection', (socket) => {
					sockets.add(socket);
					socket.on('close', () => sockets.delete(socket));
				});
				starting.once('error', reject);
				starting.listen(port, host, () => {
					starting.off('error', reject);
					server = starting;
					baseUrl = formatUrl(host, server.address().port);
					resolve(baseUrl);
				});
			});
		},

		/** Closes the server and destroys every open, idle or hanging connection. */
		async stop() {
			if (!server) return;
			const stopping = server;
			server = null;
			baseUrl = null;
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			const closed = new Promise((resolve) => stopping.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			sockets.clear();
			await closed;
		},

		get url() {
			return baseUrl;
		},

		/** Forgets jobs, batches, tokens, store, counters and faults; hung requests are cut off. */
		reset() {
			for (const exchange of slowExchanges) exchange.res.socket?.destroy();
			slowExchanges.clear();
			faults.reset();
			state.reset();
			store.clear();
			stats.reset();
		},

		/** Completes every batch that is not stuck and applies it to the store. */
		settle() {
			return Promise.resolve(state.settle());
		},

		/** Moves simulator time forward by ms and applies what became due; returns the new time. */
		advance(ms) {
			return state.advance(ms);
		},

		/** Current simulator time in ms. */
		now() {
			return state.now();
		},

		/**
		 * Simulator time jumps to `time` (ms or ISO text); it runs on from there, or with
		 * `{ frozen: true }` stands still but for advance(). Returns the new time in ms.
		 */
		setNow(time, options) {
			const at = typeof time === 'string' ? Date.parse(time) : time;
			return state.setNow(at, options);
		},

		/** `{ now: ISO, frozen }` */
		clock() {
			return { now: state.iso(state.now()), frozen: state.clockFrozen };
		},

		/** Every job with its batches and their outcome counts (null until a batch is done). */
		jobs() {
			state.applyDue();
			return [...state.allJobs()].map((job) => ({
				...describeJobForStats(job),
				batches: job.batchIds.map((batchId) => {
					const batch = state.batchById(batchId);
					return {
						batchId,
						status: state.batchStatus(batch),
						entityCount: batch.entityCount,
						createdOn: state.iso(batch.createdAt),
						...(state.batchCounts(batch) ?? { succeeded: null, failed: null }),
					};
				}),
			}));
		},

		stats() {
			state.applyDue();
			return {
				...stats.snapshot(),
				tokensIssued: state.tokensIssued,
				jobs: [...state.allJobs()].map(describeJobForStats),
				batches: [...state.allBatches()].map(describeBatchForStats),
			};
		},

		/** What the CLI prints: where to connect and the default credentials. */
		info() {
			const user = config.users[0];
			return {
				url: baseUrl,
				accountId: user?.accountId,
				clientId: user?.clientId,
				clientSecret: user?.clientSecret,
				username: user?.username,
				password: user?.password,
				retailerId: user?.retailerId,
			};
		},
	};

	function describeJobForStats(job) {
		return {
			jobId: job.jobId,
			name: job.name,
			retailerId: job.retailerId,
			status: state.jobStatus(job),
			meta: job.meta,
			batchIds: [...job.batchIds],
			createdOn: state.iso(job.createdAt),
		};
	}

	function describeBatchForStats(batch) {
		return {
			jobId: batch.jobId,
			batchId: batch.batchId,
			entityCount: batch.entityCount,
			status: state.batchStatus(batch),
			...batch.sent,
			createdOn: state.iso(batch.createdAt),
		};
	}

	const adminApi = createAdminApi(sim);
	return sim;
}

module.exports = { createSimulator, DEFAULTS, DEFAULT_USER, ENDPOINTS };
