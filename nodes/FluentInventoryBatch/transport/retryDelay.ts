// How long to wait before a retry: Fluent's Retry-After on a 429, else backoff with jitter.
import type { HttpFailure } from '../connection/httpFailure';

/** First pause before retrying a 5xx or network failure; it doubles each time, with jitter. */
const RETRY_BASE_DELAY_MS = 1000;
const RETRY_MAX_DELAY_MS = 30_000;
/** The longest Retry-After we honour; a longer one is treated as this. */
export const RETRY_AFTER_CAP_MS = 60_000;

/**
 * How long a 429's Retry-After asks to wait, in seconds or as a date; undefined when it asks
 * nothing usable (absent, unreadable, or a negative number, which is treated like none).
 */
export function retryAfterMs(failure: HttpFailure, now: number): number | undefined {
	const value = failure.status === 429 ? failure.headers['retry-after'] : undefined;
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return seconds < 0 ? undefined : seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long to pause before retry number `retryNumber`: Fluent's Retry-After on a 429, else backoff. */
export function retryDelayMs(failure: HttpFailure, retryNumber: number, now: number): number {
	const retryAfter = retryAfterMs(failure, now);
	if (retryAfter !== undefined) return Math.min(retryAfter, RETRY_AFTER_CAP_MS);
	const ceiling = Math.min(RETRY_BASE_DELAY_MS * 2 ** (retryNumber - 1), RETRY_MAX_DELAY_MS);
	return ceiling / 2 + Math.random() * (ceiling / 2);
}
