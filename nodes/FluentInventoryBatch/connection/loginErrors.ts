// The errors of a failed login, worded without anything that was sent.
import {
	describeNetworkFailure,
	fluentErrorText,
	inspectHttpFailure,
	type HttpFailure,
} from './httpFailure';
import { FluentLoginError } from './credentialErrors';
import { isWorthRetrying } from './retryRule';
import { redactFailure, redactSecrets } from './secretRedaction';

export interface LoginAttempt {
	/** The login's own time limit ran out (its abort signal fired). */
	timedOut: boolean;
	/** The credential's secrets, removed from whatever the server sent back. */
	secrets: string[];
}

/** Builds the error for a failed login; see describeLoginFailure for the wording. */
export function loginError(
	error: unknown,
	baseUrl: string,
	attempt: LoginAttempt,
): FluentLoginError {
	const inspected = redactFailure(inspectHttpFailure(error), attempt.secrets);
	const failure =
		attempt.timedOut && inspected.status === undefined
			? { ...inspected, timedOut: true, cancelled: false }
			: inspected;
	return new FluentLoginError(describeLoginFailure(failure, baseUrl), isWorthRetrying(failure));
}

/** What a token answer without a token was; never its content, which may hold part of a token. */
function whatCameInstead(answer: unknown): string {
	if (typeof answer === 'string' && /<[a-z!][^>]*>/i.test(answer)) {
		const page = fluentErrorText(answer) ?? 'an HTML page';
		return `it sent ${page}, as a proxy or captive portal does`;
	}
	if (typeof answer === 'string')
		return answer.trim() === '' ? 'it sent nothing' : 'it sent text that is not JSON';
	if (answer && typeof answer === 'object' && !Array.isArray(answer))
		return 'its JSON has no access_token';
	return 'it sent JSON that is not an object';
}

/** A login answered 200 without a token: not a lost connection, and asking again will not help. */
export function loginWithoutTokenError(
	baseUrl: string,
	answer: unknown,
	secrets: string[],
): FluentLoginError {
	const instead = redactSecrets(whatCameInstead(answer), secrets);
	return new FluentLoginError(
		`Fluent's login at ${baseUrl}/oauth/token answered without an access token (${instead}). Check that the credential points at the Fluent API host.`,
		false,
	);
}

/** The message shown when the password-grant login fails; it never repeats what was sent. */
function describeLoginFailure(failure: HttpFailure, baseUrl: string): string {
	const endpoint = `${baseUrl}/oauth/token`;

	if (failure.status === undefined) {
		if (failure.timedOut) {
			return `Fluent's login at ${endpoint} did not answer in time. Check the credential's environment, account ID or base URL, and try again.`;
		}
		return `Could not reach Fluent's login at ${endpoint}: ${describeNetworkFailure(failure)}. Check the credential's environment, account ID or base URL, and that this n8n instance can reach that host.`;
	}

	const fluentSays = fluentErrorText(failure.body) ?? `HTTP ${failure.status}`;
	const body = (typeof failure.body === 'object' && failure.body) as { error?: unknown } | false;
	const oauthError = body ? body.error : undefined;
	if (oauthError === 'invalid_grant') {
		return `Fluent rejected the login: ${fluentSays}. Check the Username and Password of the Fluent Commerce API credential.`;
	}
	if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
		return `Fluent rejected the login: ${fluentSays}. Check the Client ID and Client Secret of the Fluent Commerce API credential.`;
	}
	if (failure.status === 404) {
		return `Fluent's login endpoint ${endpoint} was not found (HTTP 404). Check the credential's environment, account ID or base URL.`;
	}
	return `Fluent rejected the login with HTTP ${failure.status}: ${fluentSays}. Check the Fluent Commerce API credential.`;
}
