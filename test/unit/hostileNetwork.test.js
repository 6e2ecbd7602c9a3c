const {
	answerShapeProblem,
	buildRequestError,
	redactSecrets,
	retryDelayMs,
	RETRY_AFTER_CAP_MS,
} = require('../harness/internals.cjs');

const node = { id: 'n', name: 'Create Batch', type: 'fluentInventoryBatch', typeVersion: 1, position: [0, 0], parameters: {} };
const tooManyRequests = (retryAfter) => ({
	status: 429,
	headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
	timedOut: false,
	cancelled: false,
	message: 'Request failed with status code 429',
});
const context = { action: 'send batch 1 of 1', baseUrl: 'https://acme.api.fluentretail.com', attempts: 6, timeoutSeconds: 60 };

describe('Retry-After (issue 11, defect 10)', () => {
	test('a Retry-After above the cap is waited as the cap, 60 s', () => {
		expect(RETRY_AFTER_CAP_MS).toBe(60_000);
		expect(retryDelayMs(tooManyRequests(120), 1, Date.now())).toBe(60_000);
		expect(retryDelayMs(tooManyRequests(new Date(Date.now() + 3_600_000).toUTCString()), 1, Date.now())).toBe(60_000);
		expect(retryDelayMs(tooManyRequests(2), 1, Date.now())).toBe(2000);
	});

	test.each([-5, '-0.5', 'soon', ''])('a Retry-After of %p is treated like none: backoff', (value) => {
		for (let retry = 1; retry <= 3; retry++) {
			const delay = retryDelayMs(tooManyRequests(value), retry, Date.now());
			const ceiling = 1000 * 2 ** (retry - 1);
			expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
			expect(delay).toBeLessThanOrEqual(ceiling);
		}
	});

	test('after a Retry-After above the cap, the message says the node waited 60 s', () => {
		const error = buildRequestError(node, tooManyRequests(300), context);
		expect(error.description).toContain('waiting 60 s between them, the longest the node waits, though Fluent asked for 300 s');
		expect(error.description).not.toContain('as long as Fluent asked');
	});

	test('after a Retry-After within the cap, it says the node waited as long as Fluent asked', () => {
		expect(buildRequestError(node, tooManyRequests(5), context).description).toContain('waiting as long as Fluent asked (Retry-After)');
	});

	test('after a negative or missing Retry-After, it says the pauses grew', () => {
		for (const value of [-5, undefined]) {
			const { description } = buildRequestError(node, tooManyRequests(value), context);
			expect(description).toContain('with growing pauses between them');
			expect(description).not.toContain('as long as Fluent asked');
		}
	});
});

describe('secrets sent back by a server are redacted', () => {
	test('as sent, form-encoded, percent-encoded and JSON-escaped, in keys and values', () => {
		const password = 'p@ss word+"1"';
		const echoed = {
			message: `body username=u&${new URLSearchParams({ password })}&x=${encodeURIComponent(password)}`,
			raw: `${JSON.stringify({ password }).slice(1, -1)}`,
			nested: [{ [password]: `Bearer tok-123456` }],
		};
		const redacted = redactSecrets(echoed, [password, 'Bearer tok-123456', 'tok-123456']);
		const text = JSON.stringify(redacted);
		expect(text).not.toContain('ss word');
		expect(text).not.toContain('ss+word');
		expect(text).not.toContain('ss%20word');
		expect(text).not.toContain('tok-123456');
		expect(redacted.nested[0]['[redacted]']).toBe('[redacted]');
	});

	test('an empty secret redacts nothing', () => {
		expect(redactSecrets('nothing to hide', ['', ''])).toBe('nothing to hide');
	});
});

describe("answers that are not Fluent's JSON (issue 11, defect 8)", () => {
	test.each([
		['created', { id: '7' }, undefined],
		['created', { id: 7 }, undefined],
		['created', { id: { id: '7' } }, '"id" is a JSON object'],
		['created', { batchId: ['7'] }, '"batchId" is a JSON array'],
		['job', '{"jobId":"1","na', 'text that is not JSON instead of a JSON object'],
		['job', ['x'], 'a JSON array instead of a JSON object'],
		['job', null, 'null instead of a JSON object'],
		['job', '', 'an empty answer instead of a JSON object'],
		['job', '<html><title>Sign in</title></html>', 'an HTML page titled "Sign in" instead of a JSON object'],
		['batch', { status: 'COMPLETE', results: [] }, undefined],
		['batch', { results: [] }, '"status" is missing'],
		['batch', { status: 3 }, '"status" is the JSON number 3'],
		['batch', { status: 'COMPLETE', results: 'none' }, '"results" is text that is not JSON, not a list'],
	])('%s: %j', (shape, answer, problem) => {
		const found = answerShapeProblem(shape, answer);
		if (problem === undefined) expect(found).toBeUndefined();
		else expect(found).toContain(problem);
	});
});
