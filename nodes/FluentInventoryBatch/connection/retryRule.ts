// The one rule for whether a failed request or login is worth asking again.
import type { HttpFailure } from './httpFailure';

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
// Failures that will not go away by asking again: a wrong host name or a certificate problem.
const PERMANENT_NETWORK_CODE = /^(ENOTFOUND|ERR_INVALID_URL|ERR_TLS_.*|.*CERT.*|.*SSL.*)$/;

/**
 * Whether asking Fluent again might succeed: the one rule for every request and for the login.
 * Without any answer the outcome is unknown; every request this node makes may be repeated
 * safely (an inventory UPSERT of absolute quantities, a job that stays empty, a login).
 */
export function isWorthRetrying(failure: HttpFailure): boolean {
	if (failure.cancelled) return false;
	if (failure.login) return failure.login.retryable;
	if (failure.status !== undefined) return RETRYABLE_STATUSES.has(failure.status);
	return !(failure.code && PERMANENT_NETWORK_CODE.test(failure.code));
}
