import type {
	IAdditionalCredentialOptions,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveFluentBaseUrl } from '../connection/baseUrl';
import { FluentCredentialConfigError } from '../connection/credentialErrors';
import { CREDENTIAL_TYPE } from '../connection/fluentApi';
import { inspectHttpFailure, type HttpFailure } from '../connection/httpFailure';
import { isWorthRetrying } from '../connection/retryRule';
import { cancelledError, pause } from './cancellation';
import { buildRequestError } from './requestErrors';
import { retryDelayMs } from './retryDelay';

export interface FluentRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. /api/v4.1/job */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** What the request does, for messages and logs: "create batch 2 of 3 in job 17". */
	action: string;
	/** What a 404 means here, e.g. "job 17". */
	notFound?: string;
	itemIndex?: number;
}

export interface RequestSettings {
	timeoutSeconds: number;
	maxRetries: number;
	/** Epoch ms after which no further retry is started (the node's own wait deadline). */
	deadline?: number;
}

function failureSummary(failure: HttpFailure): string {
	if (failure.login) return 'login failed';
	if (failure.status !== undefined) return `HTTP ${failure.status}`;
	if (failure.timedOut) return 'no answer in time';
	return failure.code ?? 'connection failed';
}

interface Connection {
	baseUrl: string;
	/**
	 * The credential, read and decrypted once per execution and handed to n8n with every request
	 * (otherwise n8n reads and decrypts it from its database each time). When n8n logs in again
	 * after a 401 it writes the new token into this object, so later requests use it.
	 */
	credential: IAdditionalCredentialOptions;
}

const connectionOfExecution = new WeakMap<IExecuteFunctions, Promise<Connection>>();

async function openConnection(this: IExecuteFunctions, itemIndex: number | undefined): Promise<Connection> {
	const data = await this.getCredentials(CREDENTIAL_TYPE, itemIndex ?? 0);
	let baseUrl: string;
	try {
		baseUrl = resolveFluentBaseUrl(data);
	} catch (error) {
		if (error instanceof FluentCredentialConfigError) {
			throw new NodeOperationError(this.getNode(), error.message, {
				itemIndex,
				description: 'Open the Fluent Commerce API credential and correct it.',
			});
		}
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
	const chosen = this.getNode().credentials?.[CREDENTIAL_TYPE];
	return {
		baseUrl,
		credential: {
			credentialsDecrypted: { id: chosen?.id ?? '', name: chosen?.name ?? '', type: CREDENTIAL_TYPE, data },
		},
	};
}

/** The execution's connection; requests that start together share one credential read. */
function fluentConnection(this: IExecuteFunctions, itemIndex: number | undefined): Promise<Connection> {
	let connection = connectionOfExecution.get(this);
	if (!connection) {
		connection = openConnection.call(this, itemIndex);
		connectionOfExecution.set(this, connection);
		// A failed read is not kept: the next request tries again and reports its own error.
		connection.catch(() => connectionOfExecution.delete(this));
	}
	return connection;
}

/**
 * The one place this node talks to Fluent. Adds the bearer token (n8n logs in again once on a
 * 401), applies a per-request timeout, retries 429, 5xx and network failures a bounded number
 * of times, and turns any final failure into an error that says what was being done.
 */
export async function fluentApiRequest(
	this: IExecuteFunctions,
	request: FluentRequest,
	settings: RequestSettings,
): Promise<IDataObject> {
	const { baseUrl, credential } = await fluentConnection.call(this, request.itemIndex);
	const abortSignal = this.getExecutionCancelSignal();

	for (let attempt = 1; ; attempt++) {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${baseUrl}${request.path}`,
			json: true,
			timeout: settings.timeoutSeconds * 1000,
			// A redirect would carry the bearer token to another host; Fluent's API never redirects.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
		if (request.body !== undefined) options.body = request.body;
		if (request.qs !== undefined) options.qs = request.qs;

		try {
			return (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
				credential,
			)) as IDataObject;
		} catch (error) {
			const failure = inspectHttpFailure(error);
			if (failure.cancelled || abortSignal?.aborted) {
				throw cancelledError(this.getNode(), request.itemIndex);
			}

			const now = Date.now();
			const delay = retryDelayMs(failure, attempt, now);
			const pastDeadline = settings.deadline !== undefined && now + delay > settings.deadline;
			if (!isWorthRetrying(failure) || attempt > settings.maxRetries || pastDeadline) {
				throw buildRequestError(this.getNode(), failure, {
					action: request.action,
					baseUrl,
					attempts: attempt,
					timeoutSeconds: settings.timeoutSeconds,
					itemIndex: request.itemIndex,
					notFound: request.notFound,
				});
			}
			this.logger.warn(
				`Fluent Inventory Batch: ${failureSummary(failure)} while trying to ${request.action}; retry ${attempt} of ${settings.maxRetries} in ${Math.round(delay)} ms`,
			);
			await pause(delay, abortSignal);
		}
	}
}
