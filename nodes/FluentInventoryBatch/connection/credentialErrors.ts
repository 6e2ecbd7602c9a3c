// The error classes the credential throws and the node recognises: configuration and login.
import { ExecutionBaseError } from 'n8n-workflow';

/**
 * The errors the credential throws. Failure inspection recognises them by class, which works
 * across dist/credentials and dist/nodes because both require this one module; on n8n 1.x,
 * which drops the wrapped error, a login error is recognised by its `context.fluentLogin`.
 */

/** A configuration problem in the credential, worded for the person filling it in. */
export class FluentCredentialConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FluentCredentialConfigError';
	}
}

/**
 * The login failed. Thrown from the credential's preAuthentication; carries only our own words
 * (never the request, which holds the password) and whether asking again might help.
 * An ExecutionBaseError because n8n hands such an error's `context` on to the NodeApiError it
 * wraps it in; n8n 1.x keeps nothing else of it (inspectHttpFailure reads `fluentLogin` there).
 */
export class FluentLoginError extends ExecutionBaseError {
	constructor(
		message: string,
		readonly retryable: boolean,
	) {
		super(message);
		this.name = 'FluentLoginError';
		this.context.fluentLogin = { retryable };
	}
}
