// The Fluent Commerce API credential: its fields, its login, the bearer token it adds, its test.
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	resolveFluentAccountId,
	resolveFluentBaseUrl,
} from '../nodes/FluentInventoryBatch/connection/baseUrl';
import { loginWithoutTokenError } from '../nodes/FluentInventoryBatch/connection/loginErrors';
import { loginKey, sharedLogin } from '../nodes/FluentInventoryBatch/connection/sharedLogin';
import { requestToken } from '../nodes/FluentInventoryBatch/connection/tokenRequest';

/** The whole login, headers and body: a token answer trickling in must not hold a run for long. */
const LOGIN_TIMEOUT_MS = 30_000;

interface FluentTokenResponse {
	access_token?: string;
	Retailer_id?: string | number | null;
}

export class FluentCommerceApi implements ICredentialType {
	name = 'fluentCommerceApi';

	displayName = 'Fluent Commerce API';

	icon: Icon = {
		light: 'file:../nodes/FluentInventoryBatch/fluentCommerce.svg',
		dark: 'file:../nodes/FluentInventoryBatch/fluentCommerce.dark.svg',
	};

	documentationUrl = 'https://github.com/fluent-commerce-n8n/n8n-nodes-fluent-commerce#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Sandbox',
					value: 'sandbox',
					description: 'https://ACCOUNT.sandbox.api.fluentretail.com',
				},
				{
					name: 'Production',
					value: 'production',
					description: 'https://ACCOUNT.api.fluentretail.com',
				},
				{
					name: 'Custom Base URL',
					value: 'custom',
					description: 'Any other Fluent host, for example a regional one',
				},
			],
			default: 'sandbox',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			placeholder: 'ACME',
			description:
				'Your Fluent account ID, the first part of your API host name. Fluent sends it with your API client details. Also sent as the fluent.account header when logging in.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://acme.api.fluentretail.com',
			description:
				'The full address of the Fluent API. Must use https; plain http is accepted only for a local test server on localhost or 127.0.0.1, because the password and token would otherwise travel unencrypted.',
			displayOptions: {
				show: {
					environment: ['custom'],
				},
			},
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The API client ID Fluent issued for your retailer',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API client secret that belongs to the client ID',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'A Fluent API user allowed to create jobs and batches',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Retailer ID',
			name: 'retailerId',
			type: 'string',
			default: '',
			description:
				"Default retailer for jobs and inventory records. Leave empty to use the retailer of the API user's login.",
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// Kept with the token because the node can fall back to it when no retailer is configured.
			displayName: 'Retailer ID of the Login',
			name: 'tokenRetailerId',
			type: 'hidden',
			default: '',
		},
	];

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const baseUrl = resolveFluentBaseUrl(credentials);
		const accountId = resolveFluentAccountId(credentials);
		const form = new URLSearchParams({
			username: String(credentials.username ?? ''),
			password: String(credentials.password ?? ''),
			client_id: String(credentials.clientId ?? ''),
			client_secret: String(credentials.clientSecret ?? ''),
			grant_type: 'password',
			scope: 'api',
		});
		const headers: IDataObject = {
			'Content-Type': 'application/x-www-form-urlencoded',
			Accept: 'application/json',
		};
		if (accountId) headers['fluent.account'] = accountId;

		const key = loginKey([
			baseUrl,
			accountId,
			credentials.clientId,
			credentials.clientSecret,
			credentials.username,
			credentials.password,
		]);
		const presentedToken = String(credentials.accessToken ?? '');
		const secrets = [credentials.password, credentials.clientSecret, presentedToken].map((secret) =>
			String(secret ?? ''),
		);
		return await sharedLogin(key, presentedToken, async () => {
			const response = (await requestToken(
				async (options) => await this.helpers.httpRequest(options),
				{
					method: 'POST',
					url: `${baseUrl}/oauth/token`,
					headers,
					body: form.toString(),
					timeout: LOGIN_TIMEOUT_MS,
					// axios' own timeout only fires after that long without a byte; this bounds the whole answer.
					abortSignal: AbortSignal.timeout(LOGIN_TIMEOUT_MS),
					disableFollowRedirect: true,
				},
				{ baseUrl, secrets },
			)) as FluentTokenResponse;

			if (
				typeof response !== 'object' ||
				response === null ||
				typeof response.access_token !== 'string' ||
				response.access_token === ''
			) {
				throw loginWithoutTokenError(baseUrl, response, secrets);
			}
			const retailer = response.Retailer_id;
			return {
				accessToken: response.access_token,
				tokenRetailerId: retailer === undefined || retailer === null ? '' : String(retailer),
			};
		});
	}

	// A function, not n8n's generic form ('=Bearer {{$credentials.accessToken}}'): n8n 2.x
	// evaluates that expression in its sandbox on every request, a few ms per batch.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		requestOptions.headers = {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
		};
		return requestOptions;
	}

	// The address is written out as an expression because n8n evaluates the test request over
	// $credentials alone and cannot call resolveFluentBaseUrl. It cannot go wrong in a way that
	// matters: n8n runs preAuthentication first, which builds the address with resolveFluentBaseUrl
	// and refuses one that breaks its rules, so the expression only repeats it for addresses the
	// rule accepts. A node-side credentialTest (testedBy) would be code, but it runs without
	// preAuthentication and offers only n8n's deprecated helpers.request: a second login path.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.environment === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : "https://" + String($credentials.accountId).trim() + ($credentials.environment === "production" ? "" : ".sandbox") + ".api.fluentretail.com" }}',
			url: '/graphql',
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: { query: '{ me { id username } }' },
		},
	};
}
