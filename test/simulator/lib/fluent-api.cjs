'use strict';

/**
 * The Fluent endpoints. Each handler takes a parsed request and returns a reply
 * `{ status, body, headers }`; writing it (and faults, latency, logging) is the server's job.
 */

const {
	parseJson,
	fluentError,
	fluentErrors,
	oauthError,
	jsonReply,
} = require('./http-helpers.cjs');
const { batchProblem, entityErrorMessages } = require('./batch-validation.cjs');

const AUTHENTICATED_PREFIXES = ['/api/', '/graphql'];
const INVALID_TOKEN_MESSAGE =
	'Invalid user, Authorization header value does not belong to a valid user';
const DEFAULT_SOURCE = 'batch';
const DEFAULT_EVENT = 'InventoryChanged';

const ROUTES = [
	{ endpoint: 'token', method: 'POST', pattern: /^\/oauth\/token$/ },
	{ endpoint: 'jobCreate', method: 'POST', pattern: /^\/api\/v4\.1\/job$/ },
	{ endpoint: 'jobGet', method: 'GET', pattern: /^\/api\/v4\.1\/job\/([^/]+)$/ },
	{ endpoint: 'batchCreate', method: 'POST', pattern: /^\/api\/v4\.1\/job\/([^/]+)\/batch$/ },
	{ endpoint: 'batchGet', method: 'GET', pattern: /^\/api\/v4\.1\/job\/([^/]+)\/batch\/([^/]+)$/ },
	{ endpoint: 'graphql', method: 'POST', pattern: /^\/graphql$/ },
];

function safeDecode(segment) {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** `{ endpoint, jobId?, batchId? }`; endpoint 'other' for anything that is not a Fluent route. */
function classifyRequest(method, pathname) {
	for (const route of ROUTES) {
		const match = route.pattern.exec(pathname);
		if (match && method === route.method) {
			return {
				endpoint: route.endpoint,
				jobId: match[1] && safeDecode(match[1]),
				batchId: match[2] && safeDecode(match[2]),
			};
		}
	}
	return { endpoint: 'other' };
}

const notFound = (pathname) => fluentError(404, `No resource found for ${pathname}`);
const malformedJson = () => fluentError(400, 'Malformed JSON request body');
const jobNotFound = (jobId) => fluentError(404, `Job ${jobId} not found`);

function bearerTokenOf(headers) {
	const match = /^bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
	return match ? match[1] : null;
}

/** Where the token parameters came from: 'form', 'query', or 'form+query' when both had some. */
function describeParameterSource(fromQuery, fromForm) {
	const inQuery = Object.keys(fromQuery).length > 0;
	const inForm = Object.keys(fromForm).length > 0;
	if (inForm && inQuery) return 'form+query';
	return inForm ? 'form' : 'query';
}

function isFormBody(headers) {
	return /^application\/x-www-form-urlencoded\b/i.test(headers['content-type'] ?? '');
}

/** Parses `start`/`count` of a batch GET; returns an error reply instead when they are bad. */
function resultsPage(query, config) {
	const page = {};
	for (const [name, fallback] of [
		['start', 0],
		['count', config.resultsPageSize],
	]) {
		const raw = query.get(name);
		if (raw === null || raw === '') {
			page[name] = fallback;
			continue;
		}
		if (!/^\d+$/.test(raw))
			return { error: fluentError(400, `'${name}' must be a non-negative integer`) };
		page[name] = Number(raw);
	}
	page.count = Math.min(page.count, config.maxResultsPageSize);
	return page;
}

function createFluentApi({ config, state, stats, faults }) {
	// ---- token

	function findClient(clientId, clientSecret) {
		return (
			config.users.find(
				(user) => user.clientId === clientId && user.clientSecret === clientSecret,
			) ?? null
		);
	}

	function findUser(username, password, accountId) {
		return (
			config.users.find(
				(user) =>
					user.username === username && user.password === password && user.accountId === accountId,
			) ?? null
		);
	}

	function tokenResponse(user) {
		const { accessToken, refreshToken, lifetimeSeconds } = state.issueToken(user);
		const body = {
			access_token: accessToken,
			token_type: 'bearer',
			expires_in: lifetimeSeconds,
			scope: 'api',
			...(user.retailerId === undefined || user.retailerId === null
				? {}
				: { Retailer_id: user.retailerId }),
			FirstName: user.firstName ?? user.username,
			LastName: user.lastName ?? '',
			Roles: user.roles ?? [],
			...(refreshToken ? { refresh_token: refreshToken } : {}),
		};
		return jsonReply(200, body);
	}

	function passwordGrant(params, client) {
		if (params.scope !== 'api') {
			return params.scope
				? oauthError(400, 'invalid_scope', `Invalid scope: ${params.scope}`)
				: oauthError(
						400,
						'invalid_scope',
						'Empty scope (either the client or the user is not allowed the requested scopes)',
					);
		}
		const user = findUser(params.username, params.password, client.accountId);
		return user ? tokenResponse(user) : oauthError(400, 'invalid_grant', 'Bad credentials');
	}

	function refreshGrant(params, client) {
		const user = params.refresh_token ? state.redeemRefreshToken(params.refresh_token) : null;
		if (!user || user.accountId !== client.accountId) {
			return oauthError(400, 'invalid_grant', 'Invalid refresh token');
		}
		return tokenResponse(user);
	}

	function grantToken(params) {
		const client = findClient(params.client_id, params.client_secret);
		if (!client) return oauthError(401, 'invalid_client', 'Bad client credentials');
		if (params.grant_type === 'password') return passwordGrant(params, client);
		if (params.grant_type === 'refresh_token') return refreshGrant(params, client);
		if (!params.grant_type) return oauthError(400, 'invalid_request', 'Missing grant type');
		return oauthError(
			400,
			'unsupported_grant_type',
			`Unsupported grant type: ${params.grant_type}`,
		);
	}

	function token(request) {
		const fromQuery = Object.fromEntries(request.query);
		const fromForm = isFormBody(request.headers)
			? Object.fromEntries(new URLSearchParams(request.body.toString('utf8')))
			: {};
		const params = { ...fromQuery, ...fromForm };
		const reply = grantToken(params);
		stats.recordTokenRequest({
			fluentAccountHeader: request.headers['fluent.account'] ?? null,
			via: describeParameterSource(fromQuery, fromForm),
			username: params.username ?? null,
			clientId: params.client_id ?? null,
			grantType: params.grant_type ?? null,
			status: reply.status,
		});
		return reply;
	}

	// ---- jobs

	function jobCreate(request) {
		const parsed = parseJson(request.body);
		if (parsed.error) return malformedJson();
		const body = parsed.value !== null && typeof parsed.value === 'object' ? parsed.value : {};
		if (typeof body.name !== 'string' || body.name.trim() === '')
			return fluentError(400, "'name' is required");
		if (body.retailerId === undefined || body.retailerId === null || body.retailerId === '') {
			return jsonReply(400, fluentErrors({ code: 'NotNull', message: "'retailerId' is required" }));
		}
		const job = state.createJob({ name: body.name, retailerId: body.retailerId, meta: body.meta });
		return jsonReply(200, { id: job.jobId });
	}

	function jobGet(request) {
		const job = state.getJob(request.jobId);
		if (!job) return jobNotFound(request.jobId);
		return jsonReply(200, {
			jobId: job.jobId,
			name: job.name,
			retailerId: job.retailerId,
			status: state.jobStatus(job),
			createdOn: state.iso(job.createdAt),
			meta: job.meta,
			batch: job.batchIds.map((batchId) => {
				const batch = state.batchById(batchId);
				return { batchId, status: state.batchStatus(batch), createdOn: state.iso(batch.createdAt) };
			}),
		});
	}

	// ---- batches

	function batchCreate(request) {
		const job = state.getJob(request.jobId);
		if (!job) return jobNotFound(request.jobId);
		const parsed = parseJson(request.body);
		if (parsed.error) return malformedJson();
		if (state.jobStatus(job) === 'CLOSED') {
			return fluentError(config.closedJobStatus, `Job ${job.jobId} is closed`);
		}
		const body = parsed.value;
		const problem = batchProblem(body, config.maxBatchSize);
		if (problem) return fluentError(400, problem);
		if (config.invalidEntityMode === 'reject-batch') {
			const messages = entityErrorMessages(body.entities);
			if (messages.length > 0) {
				return jsonReply(
					400,
					fluentErrors(...messages.map((message) => ({ code: '400', message }))),
				);
			}
		}
		const batch = state.createBatch(job, body, body.entities);
		const responseBody = { id: batch.batchId };
		if (config.batchCreateResponse === 'id-and-status') responseBody.status = 'PENDING';
		return jsonReply(config.batchCreateStatusCode, responseBody);
	}

	/** The page as Fluent would give it, unless endlessResults/ignoreStart faults say otherwise. */
	function hostilePage(batch, page) {
		const paging = faults.resultPaging(batch.batchId);
		const start = paging.ignoreStart ? 0 : page.start;
		const real = state.batchResults(batch, start, page.count);
		const rule = paging.endless;
		if (!rule || !state.batchCounts(batch)) return real;
		const results = real.results;
		for (let index = start + results.length; results.length < page.count; index += 1) {
			results.push({
				entityRef: `PHANTOM-${index}`,
				responseCode: rule.responseCode,
				message: `${rule.message} (${index})`,
			});
		}
		return { total: rule.total === 'grows' ? page.start + 2 * page.count : real.total, results };
	}

	function batchGet(request) {
		const job = state.getJob(request.jobId);
		if (!job) return jobNotFound(request.jobId);
		const batch = state.getBatch(job.jobId, request.batchId);
		if (!batch) return fluentError(404, `Batch ${request.batchId} not found`);
		const page = resultsPage(request.query, config);
		if (page.error) return page.error;
		const { total, results } = hostilePage(batch, page);
		return jsonReply(200, {
			id: batch.batchId,
			batchId: batch.batchId,
			jobId: batch.jobId,
			entityType: batch.entityType,
			action: batch.action,
			status: state.batchStatus(batch),
			source: batch.sent.source ?? DEFAULT_SOURCE,
			event: batch.sent.event ?? DEFAULT_EVENT,
			catalogueRef: batch.sent.catalogueRef ?? `DEFAULT:${batch.retailerId}`,
			createdOn: state.iso(batch.createdAt),
			lastModifiedOn: state.iso(state.batchLastModified(batch)),
			start: page.start,
			count: results.length,
			total,
			results,
		});
	}

	// ---- GraphQL: only the `me` query, which clients use to check a token and see its user

	function graphql(request) {
		const parsed = parseJson(request.body);
		const query = parsed.value && typeof parsed.value.query === 'string' ? parsed.value.query : '';
		if (parsed.error || !/\bme\b/.test(query)) {
			return jsonReply(200, { errors: [{ message: 'Only the `me` query is simulated' }], data: null });
		}
		const { user } = request;
		return jsonReply(200, {
			data: {
				me: {
					id: String(user.id ?? user.username),
					username: user.username,
					firstName: user.firstName ?? user.username,
					lastName: user.lastName ?? '',
					primaryRetailer:
						user.retailerId === undefined || user.retailerId === null ? null : { id: String(user.retailerId) },
				},
			},
		});
	}

	const handlers = { token, jobCreate, jobGet, batchCreate, batchGet, graphql };

	/** request: `{ endpoint, jobId, batchId, method, pathname, query, headers, body }` */
	function handle(request) {
		if (AUTHENTICATED_PREFIXES.some((prefix) => request.pathname.startsWith(prefix))) {
			const accessToken = bearerTokenOf(request.headers);
			request.user = accessToken ? state.userOfToken(accessToken) : null;
			if (!request.user) return fluentError(401, INVALID_TOKEN_MESSAGE);
		}
		const handler = handlers[request.endpoint];
		return handler ? handler(request) : notFound(request.pathname);
	}

	return { handle };
}

module.exports = { createFluentApi, classifyRequest };
