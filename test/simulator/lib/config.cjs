'use strict';

/** Options of the simulator: defaults, and checks for options given in code or over HTTP. */

const DEFAULT_USER = Object.freeze({
	accountId: 'SIMACCOUNT',
	clientId: 'sim-client',
	clientSecret: 'sim-client-secret',
	username: 'sim-user',
	password: 'sim-password',
	retailerId: 1,
	firstName: 'Sim',
	lastName: 'User',
	roles: Object.freeze(['ADMIN']),
});

const DEFAULTS = Object.freeze({
	pendingMs: 500,
	runningMs: 1000,
	perRecordMs: 0.2,
	latencyMs: 0,
	tokenLifetimeSeconds: 86386,
	refreshTokens: false,
	jobLifetime: 'midnight-utc',
	closedJobStatus: 400,
	maxBatchSize: 5000,
	invalidEntityMode: 'reject-batch',
	batchCreateResponse: 'id',
	batchCreateStatusCode: 200,
	resultsPageSize: 1000,
	maxResultsPageSize: 5000,
	maxBodyBytes: 16 * 1024 * 1024,
	logRequests: true,
	requestLogLimit: 1000,
	users: Object.freeze([DEFAULT_USER]),
	recordFailure: null,
	clock: Date.now,
	onRequest: null,
});

const FUNCTION_OPTIONS = new Set(['recordFailure', 'clock', 'onRequest']);

const isNonNegativeNumber = (value) =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isIntegerIn = (low, high) => (value) =>
	Number.isInteger(value) && value >= low && value <= high;
const isPositiveInteger = (value) => Number.isInteger(value) && value > 0;
const isOneOf =
	(...allowed) =>
	(value) =>
		allowed.includes(value);
const isBoolean = (value) => typeof value === 'boolean';
const isFunctionOrNull = (value) => value === null || typeof value === 'function';

const CHECKS = {
	pendingMs: [isNonNegativeNumber, 'a number >= 0'],
	runningMs: [isNonNegativeNumber, 'a number >= 0'],
	perRecordMs: [isNonNegativeNumber, 'a number >= 0'],
	latencyMs: [isNonNegativeNumber, 'a number >= 0'],
	tokenLifetimeSeconds: [isNonNegativeNumber, 'a number >= 0'],
	refreshTokens: [isBoolean, 'a boolean'],
	jobLifetime: [
		(value) =>
			value === 'midnight-utc' || value === '24h' || (isNonNegativeNumber(value) && value > 0),
		"'midnight-utc', '24h' or a number of ms > 0",
	],
	closedJobStatus: [isIntegerIn(400, 599), 'an HTTP status 400..599'],
	maxBatchSize: [isPositiveInteger, 'an integer > 0'],
	invalidEntityMode: [isOneOf('reject-batch', 'per-record'), "'reject-batch' or 'per-record'"],
	batchCreateResponse: [isOneOf('id', 'id-and-status'), "'id' or 'id-and-status'"],
	batchCreateStatusCode: [isIntegerIn(200, 299), 'an HTTP status 200..299'],
	resultsPageSize: [isPositiveInteger, 'an integer > 0'],
	maxResultsPageSize: [isPositiveInteger, 'an integer > 0'],
	maxBodyBytes: [isPositiveInteger, 'an integer > 0'],
	logRequests: [isBoolean, 'a boolean'],
	requestLogLimit: [isPositiveInteger, 'an integer > 0'],
	users: [(value) => Array.isArray(value) && value.every(isUser), 'an array of users (see README)'],
	recordFailure: [isFunctionOrNull, 'a function or null'],
	clock: [(value) => typeof value === 'function', 'a function returning ms'],
	onRequest: [isFunctionOrNull, 'a function or null'],
};

function isUser(user) {
	const requiredStrings = ['accountId', 'clientId', 'clientSecret', 'username', 'password'];
	return (
		user !== null &&
		typeof user === 'object' &&
		requiredStrings.every((key) => typeof user[key] === 'string' && user[key] !== '')
	);
}

/**
 * Throws a TypeError naming the first bad key. `fromHttp` forbids function options, which
 * cannot travel as JSON.
 */
function validateOptions(patch, { fromHttp = false } = {}) {
	if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
		throw new TypeError('options must be an object');
	}
	for (const [key, value] of Object.entries(patch)) {
		if (!(key in CHECKS)) throw new TypeError(`unknown simulator option '${key}'`);
		if (fromHttp && FUNCTION_OPTIONS.has(key)) {
			throw new TypeError(`option '${key}' can only be set in-process`);
		}
		const [isValid, expected] = CHECKS[key];
		if (!isValid(value)) throw new TypeError(`option '${key}' must be ${expected}`);
	}
}

function createConfig(options = {}) {
	validateOptions(options);
	return { ...DEFAULTS, users: [...DEFAULTS.users], ...options };
}

/** The JSON-safe part of the config (functions left out), for the admin API. */
function describeConfig(config) {
	const described = {};
	for (const [key, value] of Object.entries(config)) {
		if (typeof value !== 'function') described[key] = value;
	}
	return described;
}

module.exports = { DEFAULTS, DEFAULT_USER, createConfig, validateOptions, describeConfig };
