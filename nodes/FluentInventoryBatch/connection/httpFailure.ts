// Reads a failed HTTP call, in whichever shape n8n 1.x or 2.x throws it, and words it.
import type { IN8nHttpFullResponse } from 'n8n-workflow';

import { isBodyStream } from './answerSize';
import { FluentCredentialConfigError, FluentLoginError } from './credentialErrors';

/** What a failed HTTP call tells us, whichever layer (axios, n8n's wrappers) threw it. */
export interface HttpFailure {
	/** HTTP status, when Fluent (or something in front of it) answered at all. */
	status?: number;
	/** Response headers in lower case. */
	headers: Record<string, string>;
	body?: unknown;
	code?: string; // a network error code such as ECONNREFUSED, ECONNRESET, ETIMEDOUT, ENOTFOUND
	timedOut: boolean;
	cancelled: boolean;
	message: string;
	/** Set when the credential's login failed; the message says why in the user's terms. */
	login?: { message: string; retryable: boolean };
}

interface ErrorLike {
	name?: string;
	message?: string;
	code?: string;
	cause?: unknown;
	response?: {
		status?: number;
		statusCode?: number;
		headers?: unknown;
		data?: unknown;
		body?: unknown;
	};
	/** NodeApiError: the HTTP status, or on n8n 1.x also a network code such as ECONNREFUSED. */
	httpCode?: string | null;
	/** NodeApiError: the messages of what it wrapped (n8n puts its own words in `message`). */
	messages?: unknown;
	/** NodeApiError: a JSON answer body as `data`; a login failure as `fluentLogin`. */
	context?: { data?: unknown; fluentLogin?: { retryable?: boolean } };
}

const TIMEOUT_CODES = new Set([
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'UND_ERR_HEADERS_TIMEOUT',
]);

function errorChain(error: unknown): ErrorLike[] {
	const chain: ErrorLike[] = [];
	let current: unknown = error;
	while (current && typeof current === 'object' && chain.length < 5) {
		chain.push(current as ErrorLike);
		current = (current as ErrorLike).cause;
	}
	return chain;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return result;
	for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
		if (value !== undefined && value !== null) result[key.toLowerCase()] = String(value);
	}
	return result;
}

/** The login failure in `chain`: by class, or on n8n 1.x (which drops it) by its context. */
function loginFailureIn(chain: ErrorLike[]): { message?: string; retryable: boolean } | undefined {
	for (const entry of chain) {
		if (entry instanceof FluentLoginError) return entry;
		if (entry instanceof FluentCredentialConfigError)
			return { message: entry.message, retryable: false };
		const marker = entry.context?.fluentLogin;
		if (marker !== undefined)
			return { message: entry.message, retryable: marker.retryable === true };
	}
	return undefined;
}

/** A body the node never read (see answerSize.ts readAnswersInError) is no body to show. */
function readBody(body: unknown): unknown {
	return isBodyStream(body) ? undefined : body;
}

/**
 * Reads a thrown failure in either shape n8n gives it. n8n 2.x wraps the original error in a
 * NodeApiError as its `cause`. n8n 1.x's NodeApiError loses the cause (a class field resets it)
 * and keeps only the status or network code (`httpCode`), a JSON body (`context.data`) and the
 * original messages; the headers are gone, which is why fluentApiRequest reads HTTP errors from
 * the answer itself (transport/answer.ts) and leaves only network failures and logins to this.
 */
export function inspectHttpFailure(error: unknown): HttpFailure {
	const chain = errorChain(error);
	const withResponse = chain.find((entry) => entry.response && typeof entry.response === 'object');
	const httpCodes = chain
		.map((entry) => entry.httpCode)
		.filter((httpCode): httpCode is string => typeof httpCode === 'string');
	const code =
		chain.find((entry) => typeof entry.code === 'string' && entry.code !== '')?.code ??
		httpCodes.find((httpCode) => /^[A-Z][A-Z0-9_]+$/.test(httpCode));
	// The wrapped errors' own words first: a NodeApiError's `message` is n8n's generic sentence.
	const messages = chain
		.flatMap((entry) => [...(Array.isArray(entry.messages) ? entry.messages : []), entry.message])
		.filter((text): text is string => typeof text === 'string' && text !== '');
	const message = messages[0] ?? 'Unknown error';
	const cancelled =
		code === 'ERR_CANCELED' ||
		chain.some(
			(entry) =>
				entry.name === 'CanceledError' ||
				entry.name === 'AbortError' ||
				entry.name === 'ManualExecutionCancelledError',
		);
	const loginFailure = loginFailureIn(chain);
	if (loginFailure) {
		return {
			headers: {},
			timedOut: false,
			cancelled,
			message,
			login: { message: loginFailure.message ?? message, retryable: loginFailure.retryable },
		};
	}
	const timedOut =
		(code !== undefined && TIMEOUT_CODES.has(code)) ||
		messages.some((text) => /timeout of \d+ms exceeded/i.test(text));

	const status = withResponse?.response?.status ?? withResponse?.response?.statusCode;
	// A 2xx can only fail when its body could not be read to the end: the connection broke
	// while Fluent was answering, which is a lost connection like any other, not an answer.
	const answerBrokeOff = status !== undefined && status >= 200 && status < 300;
	if (withResponse?.response && !answerBrokeOff) {
		const response = withResponse.response;
		return {
			status,
			headers: lowerCaseHeaders(response.headers),
			body: readBody(response.data ?? response.body),
			code,
			timedOut: false,
			cancelled,
			message,
		};
	}
	// n8n 1.x: the status only as the NodeApiError's httpCode (a 2xx there broke off, as above).
	const statusOfCode = httpCodes.map(Number).find((value) => value >= 300 && value <= 599);
	if (statusOfCode !== undefined) {
		const body = chain.find((entry) => entry.context?.data !== undefined)?.context?.data;
		return {
			status: statusOfCode,
			headers: {},
			body: readBody(body),
			timedOut: false,
			cancelled,
			message,
		};
	}
	return { headers: {}, code, timedOut, cancelled, message };
}

/** An HTTP answer that is not a success, as the node reads it (see transport/answer.ts). */
export function answeredFailure(answer: IN8nHttpFullResponse): HttpFailure {
	return {
		status: answer.statusCode,
		headers: lowerCaseHeaders(answer.headers),
		body: answer.body,
		timedOut: false,
		cancelled: false,
		message: `HTTP ${answer.statusCode}`,
	};
}

// Kept out of the message on purpose: n8n replaces any message that names a code like
// ECONNREFUSED with its own generic sentence, which would hide the host and the action.
const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was closed before Fluent answered',
	EPIPE: 'the connection was closed while sending',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

/** A network failure in words; n8n's own mapping would replace any message naming the code. */
export function describeNetworkFailure(failure: HttpFailure): string {
	if (failure.code && NETWORK_REASONS[failure.code]) return NETWORK_REASONS[failure.code];
	if (/socket hang up/i.test(failure.message))
		return 'the connection was closed before Fluent answered';
	if (/aborted/i.test(failure.message)) return 'the connection broke while Fluent was answering';
	return 'the connection failed';
}

function squeezeText(text: string, limit = 200): string {
	const squeezed = text.replace(/\s+/g, ' ').trim();
	return squeezed.length > limit ? `${squeezed.slice(0, limit - 1)}…` : squeezed;
}

/** A readable rendering of a body that is not Fluent's JSON, e.g. a proxy's HTML error page. */
function describeTextBody(text: string): string {
	const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
	if (title) return `an HTML page titled "${squeezeText(title, 120)}"`;
	if (/<[a-z!][^>]*>/i.test(text)) {
		return `an HTML page saying "${squeezeText(text.replace(/<[^>]*>/g, ' '))}"`;
	}
	return `"${squeezeText(text)}"`;
}

function parseMaybeJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!text.startsWith('{') && !text.startsWith('[')) return body;
	try {
		return JSON.parse(text);
	} catch {
		return body;
	}
}

/**
 * Fluent's own words from an error body. Fluent uses `{"errors":[{code,message}]}` on the REST API
 * and `{"error","error_description"}` on the token endpoint.
 */
export function fluentErrorText(rawBody: unknown): string | undefined {
	const body = parseMaybeJson(rawBody);
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string') return describeTextBody(body);
	if (Buffer.isBuffer(body)) return describeTextBody(body.toString('utf8'));
	if (typeof body !== 'object') return squeezeText(String(body));

	const record = body as Record<string, unknown>;
	if (Array.isArray(record.errors) && record.errors.length > 0) {
		return record.errors
			.map((entry) => {
				if (!entry || typeof entry !== 'object') return String(entry);
				const { message, code } = entry as { message?: unknown; code?: unknown };
				const text = message === undefined ? JSON.stringify(entry) : String(message);
				return code !== undefined && String(code) !== '' ? `${text} (${String(code)})` : text;
			})
			.join('; ');
	}
	if (typeof record.error_description === 'string') {
		return typeof record.error === 'string'
			? `${record.error_description} (${record.error})`
			: record.error_description;
	}
	if (typeof record.message === 'string') return record.message;
	if (typeof record.error === 'string') return record.error;
	return squeezeText(JSON.stringify(body));
}
