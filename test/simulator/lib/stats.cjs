'use strict';

/** Counters of what clients did. Lists are bounded so a million-record run stays small. */

const MAX_TOKEN_REQUESTS_KEPT = 1000;
const MAX_HOST_HEADERS_KEPT = 100;

function emptyCounters() {
	return {
		requests: { token: 0, jobCreate: 0, jobGet: 0, batchCreate: 0, batchGet: 0, graphql: 0, other: 0 },
		responses: {},
		faultsTriggered: { failNext: 0, dropBefore: 0, dropAfter: 0, hang: 0 },
		tokenRequests: [],
		hostHeaders: new Set(),
		requestLog: [],
	};
}

function pushBounded(list, entry, limit) {
	list.push(entry);
	if (list.length > limit) list.splice(0, list.length - limit);
}

function createStats(config) {
	let counters = emptyCounters();

	return {
		countRequest(endpoint, hostHeader) {
			counters.requests[endpoint] += 1;
			if (hostHeader && counters.hostHeaders.size < MAX_HOST_HEADERS_KEPT)
				counters.hostHeaders.add(hostHeader);
		},
		countResponse(status) {
			counters.responses[status] = (counters.responses[status] ?? 0) + 1;
		},
		countFault(kind) {
			counters.faultsTriggered[kind] = (counters.faultsTriggered[kind] ?? 0) + 1;
		},
		recordTokenRequest(entry) {
			pushBounded(counters.tokenRequests, entry, MAX_TOKEN_REQUESTS_KEPT);
		},
		logRequest(entry) {
			if (config.logRequests) pushBounded(counters.requestLog, entry, config.requestLogLimit);
		},
		reset() {
			counters = emptyCounters();
		},
		/** A JSON-safe copy. */
		snapshot() {
			return {
				requests: { ...counters.requests },
				responses: { ...counters.responses },
				faultsTriggered: { ...counters.faultsTriggered },
				tokenRequests: counters.tokenRequests.map((entry) => ({ ...entry })),
				hostHeaders: [...counters.hostHeaders],
				requestLog: counters.requestLog.map((entry) => ({ ...entry })),
			};
		},
	};
}

module.exports = { createStats };
