import {
	describeNetworkFailure,
	fluentErrorText,
	inspectHttpFailure,
	type HttpFailure,
} from './httpFailure';
import { FluentLoginError } from './credentialErrors';
import { isWorthRetrying } from './retryRule';

/** Builds the error for a failed login; see describeLoginFailure for the wording. */
export function loginError(error: unknown, baseUrl: string): FluentLoginError {
	const failure = inspectHttpFailure(error);
	return new FluentLoginError(describeLoginFailure(failure, baseUrl), isWorthRetrying(failure));
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
