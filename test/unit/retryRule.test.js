const { FluentLoginError, inspectHttpFailure, isWorthRetrying } = require('../harness/internals.cjs');

const httpError = (status) => Object.assign(new Error(`HTTP ${status}`), { response: { status, headers: {} } });
const networkError = (code) => Object.assign(new Error(code), { code });

describe('one retry rule for every request and the login', () => {
	test.each([
		[httpError(429), true],
		[httpError(500), true],
		[httpError(503), true],
		[httpError(501), false],
		[httpError(400), false],
		[networkError('ECONNRESET'), true],
		[networkError('ENOTFOUND'), false],
		[networkError('CERT_HAS_EXPIRED'), false],
		[networkError('ERR_TLS_CERT_ALTNAME_INVALID'), false],
	])('%s', (error, retryable) => {
		expect(isWorthRetrying(inspectHttpFailure(error))).toBe(retryable);
	});

	test('a failed login is recognised by its class, wrapped or not, and keeps its retry verdict', () => {
		const login = new FluentLoginError('Fluent rejected the login', false);
		const wrapped = Object.assign(new Error('outer'), { cause: login });
		expect(inspectHttpFailure(wrapped).login).toEqual({ message: 'Fluent rejected the login', retryable: false });
		expect(isWorthRetrying(inspectHttpFailure(new FluentLoginError('down', true)))).toBe(true);
	});

	test('an error that only borrows the name is not taken for a failed login', () => {
		const impostor = Object.assign(new Error('not ours'), { name: 'FluentLoginError', retryable: true });
		expect(inspectHttpFailure(impostor).login).toBeUndefined();
	});
});
