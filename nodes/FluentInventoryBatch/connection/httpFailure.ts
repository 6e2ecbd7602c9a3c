import { FluentCredentialConfigError, FluentLoginError } from './credentialErrors';

/** What a failed HTTP call tells us, whichever layer (axios, n8n's wrappers) threw it. */
export interface HttpFailure {
	/** HTTP status, when Fluent (or something in front of it) answered at all. */
	status?: number;
	/** Response headers in lower case. */
	headers: Record<string, string>;
	body?: unknown;
	/** Network error code such as ECONNREFUSED, ECONNRESET, ETIMEDOUT, ENOTFOUND. */
	code?: string;
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
	httpCode?: string | null;
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

export function inspectHttpFailure(error: unknown): HttpFailure {
	const chain = errorChain(error);
	const withResponse = chain.find((entry) => entry.response && typeof entry.response === 'object');
	const withCode = chain.find((entry) => typeof entry.code === 'string' && entry.code !== '');
	const code = withCode?.code;
	const cancelled = chain.some(
		(entry) =>
			entry.code === 'ERR_CANCELED' ||
			entry.name === 'CanceledError' ||
			entry.name === 'AbortError' ||
			entry.name === 'ManualExecutionCancelledError',
	);
	const message = chain.map((entry) => entry.message).find((text) => !!text) ?? 'Unknown error';
	const loginFailure = chain.find(
		(entry) => entry instanceof FluentLoginError || entry instanceof FluentCredentialConfigError,
	);
	if (loginFailure) {
		return {
			headers: {},
			timedOut: false,
			cancelled,
			message,
			login: {
				message: loginFailure.message ?? message,
				retryable: loginFailure instanceof FluentLoginError && loginFailure.retryable,
			},
		};
	}
	const timedOut =
		(code !== undefined && TIMEOUT_CODES.has(code)) || /timeout of \d+ms exceeded/i.test(message);

	if (withResponse?.response) {
		const response = withResponse.response;
		return {
			status: response.status ?? response.statusCode,
			headers: lowerCaseHeaders(response.headers),
			body: response.data ?? response.body,
			code,
			timedOut: false,
			cancelled,
			message,
		};
	}
	return { headers: {}, code, timedOut, cancelled, message };
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
