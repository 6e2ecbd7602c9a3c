// Takes the credential's secrets out of what a server sent back, in every form they may come back.
import type { HttpFailure } from './httpFailure';

export const REDACTED = '[redacted]';

/**
 * The ways a secret can come back inside an answer that repeats the request: as sent in a
 * header, form-encoded in a login body, percent-encoded, or escaped inside a JSON string.
 */
function writtenForms(secret: string): string[] {
	const forms = new Set([
		secret,
		new URLSearchParams({ s: secret }).toString().slice(2),
		encodeURIComponent(secret),
		JSON.stringify(secret).slice(1, -1),
	]);
	return [...forms].filter((form) => form !== '').sort((a, b) => b.length - a.length);
}

function formsOf(secrets: readonly string[]): string[] {
	return [...new Set(secrets.filter((secret) => secret !== '').flatMap(writtenForms))];
}

/**
 * Whether `text` holds any secret in any of the ways it can come back: the quick test that
 * lets an answer be read without redactSecrets walking every value of it.
 */
export function mentionsSecret(text: string, secrets: readonly string[]): boolean {
	return formsOf(secrets).some((form) => text.includes(form));
}

/**
 * Replaces every secret by "[redacted]" in a string or, deeply, in what JSON.parse gives.
 * Every secret counts, however short: a short password repeated back is still the password.
 */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
	const forms = formsOf(secrets);
	if (forms.length === 0) return value;
	const redactText = (text: string) =>
		forms.reduce((redacted, form) => redacted.split(form).join(REDACTED), text);
	const redact = (entry: unknown, depth: number): unknown => {
		if (typeof entry === 'string') return redactText(entry);
		if (!entry || typeof entry !== 'object' || depth > 20) return entry;
		if (Buffer.isBuffer(entry)) return redactText(entry.toString('utf8'));
		if (Array.isArray(entry)) return entry.map((item) => redact(item, depth + 1));
		return Object.fromEntries(
			Object.entries(entry).map(([key, item]) => [redactText(key), redact(item, depth + 1)]),
		);
	};
	return redact(value, 0) as T;
}

/** The failure with every secret removed from what the server sent back. */
export function redactFailure(failure: HttpFailure, secrets: readonly string[]): HttpFailure {
	return {
		...failure,
		headers: redactSecrets(failure.headers, secrets),
		body: redactSecrets(failure.body, secrets),
		message: redactSecrets(failure.message, secrets),
	};
}

/**
 * The Authorization header value a failed request carried (axios keeps the request's config on
 * its error), and the token inside it: the exact token sent, even if a login replaced it since.
 */
export function sentAuthorization(error: unknown): string[] {
	let current: unknown = error;
	for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		const headers = (current as { config?: { headers?: unknown } }).config?.headers;
		if (headers && typeof headers === 'object') {
			const entry = Object.entries(headers as Record<string, unknown>).find(
				([name]) => name.toLowerCase() === 'authorization',
			);
			if (entry && typeof entry[1] === 'string' && entry[1] !== '') {
				const token = entry[1].replace(/^\S+\s+/, '');
				return token === entry[1] ? [entry[1]] : [entry[1], token];
			}
		}
		current = (current as { cause?: unknown }).cause;
	}
	return [];
}
