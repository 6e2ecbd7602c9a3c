const { fluentErrorText, inspectHttpFailure } = require('../harness/internals.cjs');

describe("reading Fluent's error bodies", () => {
	test.each([
		[{ errors: [{ code: '400', message: "'name' is required" }] }, "'name' is required (400)"],
		[{ errors: [{ code: 'NotNull', message: "'retailerId' is required" }, { message: 'second' }] }, "'retailerId' is required (NotNull); second"],
		[{ error: 'invalid_grant', error_description: 'Bad credentials' }, 'Bad credentials (invalid_grant)'],
		[{ message: 'Plugin failed', status: 400 }, 'Plugin failed'],
		['<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 'an HTML page titled "502 Bad Gateway"'],
		['<p>Upstream   down</p>', 'an HTML page saying "Upstream down"'],
		['plain words', '"plain words"'],
		['{"errors":[{"code":"500","message":"boom"}]}', 'boom (500)'],
		['', undefined],
	])('%j', (body, expected) => {
		expect(fluentErrorText(body)).toBe(expected);
	});
});

describe('inspecting a failed request', () => {
	test('finds status, headers and body through wrapped causes', () => {
		const axiosLike = { message: 'Request failed', response: { status: 429, headers: { 'Retry-After': '3' }, data: { errors: [] } } };
		const wrapped = { message: 'outer', cause: axiosLike };
		const failure = inspectHttpFailure(wrapped);
		expect(failure).toEqual(expect.objectContaining({ status: 429, headers: { 'retry-after': '3' }, timedOut: false }));
	});

	test('tells timeouts, network errors and cancellation apart', () => {
		expect(inspectHttpFailure({ code: 'ECONNABORTED', message: 'timeout of 100ms exceeded' }).timedOut).toBe(true);
		expect(inspectHttpFailure({ code: 'ECONNREFUSED', message: 'x' })).toEqual(expect.objectContaining({ code: 'ECONNREFUSED', timedOut: false }));
		expect(inspectHttpFailure({ name: 'CanceledError', code: 'ERR_CANCELED', message: 'canceled' }).cancelled).toBe(true);
	});
});
