// The Fluent host and account ID a credential points at; plain http only for a loopback host.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { FluentCredentialConfigError } from './credentialErrors';

export type FluentEnvironment = 'sandbox' | 'production' | 'custom';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function trimmed(value: unknown): string {
	return typeof value === 'string'
		? value.trim()
		: value === undefined || value === null
			? ''
			: String(value).trim();
}

/**
 * The Fluent host a credential points at, without a trailing slash.
 * Plain http is only accepted for loopback hosts (a local simulator): anywhere else it would
 * send the password and the bearer token in clear text.
 */
export function resolveFluentBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = (trimmed(credentials.environment) || 'sandbox') as FluentEnvironment;
	let candidate: string;

	if (environment === 'custom') {
		candidate = trimmed(credentials.baseUrl);
		if (!candidate) {
			throw new FluentCredentialConfigError(
				'The credential uses a custom environment but its Base URL is empty. Enter the full Fluent API address, for example https://ACCOUNT.api.fluentretail.com.',
			);
		}
	} else {
		const accountId = trimmed(credentials.accountId);
		if (!accountId) {
			throw new FluentCredentialConfigError(
				'The credential has no Account ID. Enter the Fluent account ID (the first part of your Fluent API host name).',
			);
		}
		if (!ACCOUNT_ID_PATTERN.test(accountId)) {
			throw new FluentCredentialConfigError(
				`The credential's Account ID "${accountId}" is not valid: use only letters, digits and hyphens, as in the host name ACCOUNT.api.fluentretail.com.`,
			);
		}
		candidate =
			environment === 'production'
				? `https://${accountId}.api.fluentretail.com`
				: `https://${accountId}.sandbox.api.fluentretail.com`;
	}

	if (!URL.canParse(candidate)) {
		throw new FluentCredentialConfigError(
			`The credential's Base URL "${candidate}" is not a valid URL. Enter it as https://HOST, for example https://ACCOUNT.api.fluentretail.com.`,
		);
	}
	const url = new URL(candidate);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
		throw new FluentCredentialConfigError(
			`The credential's Base URL "${url.origin}" does not use https. Fluent requires https, and the password and access token must never travel unencrypted; plain http is accepted only for a local test server on localhost or 127.0.0.1.`,
		);
	}
	if (url.username || url.password || url.search || url.hash) {
		throw new FluentCredentialConfigError(
			"The credential's Base URL must not contain a user name, password, query or fragment. Enter only the address, for example https://ACCOUNT.api.fluentretail.com.",
		);
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The account ID Fluent expects in the `fluent.account` header, when one is known. */
export function resolveFluentAccountId(credentials: ICredentialDataDecryptedObject): string {
	return trimmed(credentials.accountId);
}
