/**
 * The node reads a failed request from the error n8n throws, and n8n 1.x and 2.x throw different
 * ones for the same failure. Both wrap the original axios error in a NodeApiError; n8n 2.x keeps
 * it as `cause`, n8n 1.x (n8n-workflow 1.120.31, errors/abstract/execution-base.error.js) declares
 * `cause;` as a class field of ExecutionBaseError, which resets the cause that `super()` had set.
 * Everything else NodeApiError keeps (httpCode, messages, context.data) is the same in both, so
 * the 1.x error is the 2.x one with its cause reset, as built below. The real n8n 1.123.81 runs
 * the same failures end to end in test/e2e (npm run test:e2e).
 */
const http = require('node:http');
const path = require('node:path');

const { NodeApiError } = require('n8n-workflow');
const { inspectHttpFailure, answeredFailure, fluentErrorText, FluentLoginError } = require('../harness/internals.cjs');

// The axios that n8n-core itself sends requests with.
const axios = require(require.resolve('axios', { paths: [path.dirname(require.resolve('n8n-core'))] }));

const NODE = { id: '1', name: 'Create Batch', type: 'n8n-nodes-fluent-commerce.fluentInventoryBatch', typeVersion: 1, position: [0, 0], parameters: {} };

/** What n8n 2.x's httpRequestWithAuthentication throws for `error`. */
function asN8n2(error) {
	return new NodeApiError(NODE, error);
}

/** What n8n 1.x's throws: the same NodeApiError, with the cause its class field resets. */
function asN8n1(error) {
	const wrapped = new NodeApiError(NODE, error);
	Object.defineProperty(wrapped, 'cause', { value: undefined, enumerable: true, writable: true });
	return wrapped;
}

let server;
let baseUrl;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		const answers = {
			'/429': [429, { 'content-type': 'application/json', 'retry-after': '2' }, '{"errors":[{"code":"429","message":"Too many requests"}]}'],
			'/closed': [400, { 'content-type': 'application/json' }, '{"errors":[{"code":"400","message":"Job 17 is closed"}]}'],
		};
		const [status, headers, body] = answers[request.url] ?? [404, {}, ''];
		if (request.url === '/hang') return; // never answered
		response.writeHead(status, headers);
		response.end(body);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${server.address().port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

/** The error axios throws for a GET of `url`. */
async function axiosError(url, options = {}) {
	try {
		await axios({ url, method: 'GET', ...options });
	} catch (error) {
		return error;
	}
	throw new Error(`GET ${url} did not fail`);
}

describe.each([
	['n8n 2.x', asN8n2],
	['n8n 1.x', asN8n1],
])("a failed request as %s's NodeApiError", (_version, wrap) => {
	test('HTTP 400 for a CLOSED job: the status and Fluent\'s message are read', async () => {
		const failure = inspectHttpFailure(wrap(await axiosError(`${baseUrl}/closed`)));
		expect(failure.status).toBe(400);
		expect(fluentErrorText(failure.body)).toBe('Job 17 is closed (400)');
		expect(failure.login).toBeUndefined();
	});

	test('HTTP 429: the status is read (headers only from 2.x: the node reads them from the answer)', async () => {
		const failure = inspectHttpFailure(wrap(await axiosError(`${baseUrl}/429`)));
		expect(failure.status).toBe(429);
		expect(failure.headers['retry-after']).toBe(wrap === asN8n2 ? '2' : undefined);
	});

	test('a refused connection: no status, the network code', async () => {
		const closed = http.createServer();
		await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = closed.address().port;
		await new Promise((resolve) => closed.close(resolve));
		const failure = inspectHttpFailure(wrap(await axiosError(`http://127.0.0.1:${port}/`)));
		expect(failure.status).toBeUndefined();
		expect(failure).toEqual(expect.objectContaining({ code: 'ECONNREFUSED', timedOut: false, cancelled: false }));
	});

	test('no answer in time: a timeout, not a status', async () => {
		const failure = inspectHttpFailure(wrap(await axiosError(`${baseUrl}/hang`, { timeout: 100 })));
		expect(failure.status).toBeUndefined();
		expect(failure.timedOut).toBe(true);
	});

	test('a cancelled execution: cancelled', async () => {
		const controller = new AbortController();
		const pending = axiosError(`${baseUrl}/hang`, { signal: controller.signal });
		controller.abort();
		expect(inspectHttpFailure(wrap(await pending)).cancelled).toBe(true);
	});

	test.each([true, false])('a login that failed (retryable %s): its message and whether to retry', (retryable) => {
		const failure = inspectHttpFailure(wrap(new FluentLoginError('Fluent rejected the login: Bad credentials (invalid_grant).', retryable)));
		expect(failure.login).toEqual({ message: 'Fluent rejected the login: Bad credentials (invalid_grant).', retryable });
		expect(failure.status).toBeUndefined();
	});
});

test('an answer that is not a success: status, headers in lower case and the body as sent', () => {
	const failure = answeredFailure({ statusCode: 429, headers: { 'Retry-After': '2', 'Content-Type': 'application/json' }, body: { errors: [] } });
	expect(failure).toEqual(expect.objectContaining({ status: 429, headers: { 'retry-after': '2', 'content-type': 'application/json' }, body: { errors: [] }, timedOut: false, cancelled: false }));
	expect(fluentErrorText(answeredFailure({ statusCode: 502, headers: {}, body: '<html><title>502 Bad Gateway</title></html>' }).body)).toBe('an HTML page titled "502 Bad Gateway"');
});
