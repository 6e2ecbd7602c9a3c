const { resolveFluentBaseUrl } = require('../harness/internals.cjs');

describe('the Fluent base URL of a credential', () => {
	test.each([
		[{ accountId: 'ACME' }, 'https://acme.sandbox.api.fluentretail.com'],
		[{ environment: 'sandbox', accountId: ' ACME ' }, 'https://acme.sandbox.api.fluentretail.com'],
		[{ environment: 'production', accountId: 'ACME' }, 'https://acme.api.fluentretail.com'],
		[{ environment: 'custom', baseUrl: 'https://dublinsandbox.api.fluentretail.com/' }, 'https://dublinsandbox.api.fluentretail.com'],
		[{ environment: 'custom', baseUrl: 'http://127.0.0.1:4010' }, 'http://127.0.0.1:4010'],
		[{ environment: 'custom', baseUrl: 'http://localhost:4010/' }, 'http://localhost:4010'],
		[{ environment: 'custom', baseUrl: 'http://[::1]:4010' }, 'http://[::1]:4010'],
	])('%j → %s', (credentials, expected) => {
		expect(resolveFluentBaseUrl(credentials)).toBe(expected);
	});

	test.each([
		[{ environment: 'custom', baseUrl: 'http://fluent.example.com' }, /does not use https/],
		[{ environment: 'custom', baseUrl: 'http://10.0.0.5:8080' }, /does not use https/],
		[{ environment: 'custom', baseUrl: 'ftp://127.0.0.1' }, /does not use https/],
		[{ environment: 'custom', baseUrl: '' }, /Base URL is empty/],
		[{ environment: 'custom', baseUrl: 'not a url' }, /not a valid URL/],
		[{ environment: 'custom', baseUrl: 'https://user:pw@host.example.com' }, /must not contain a user name/],
		[{ environment: 'sandbox', accountId: '' }, /no Account ID/],
		[{ environment: 'production', accountId: 'evil.com/x' }, /not valid/],
	])('%j is refused', (credentials, message) => {
		expect(() => resolveFluentBaseUrl(credentials)).toThrow(message);
	});
});
