/**
 * The errors the credential throws. Failure inspection recognises them by class, which works
 * across dist/credentials and dist/nodes because both require this one module.
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
 */
export class FluentLoginError extends Error {
	constructor(
		message: string,
		readonly retryable: boolean,
	) {
		super(message);
		this.name = 'FluentLoginError';
	}
}
