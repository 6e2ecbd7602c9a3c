import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FluentCredentialConfigError, resolveFluentBaseUrl } from '../helpers/baseUrl';
import {
	API_PREFIX,
	CREDENTIAL_TYPE,
	RETRY_AFTER_CAP_MS,
	RETRY_BASE_DELAY_MS,
	RETRY_MAX_DELAY_MS,
} from '../helpers/constants';
import { inspectHttpFailure, type HttpFailure } from '../helpers/httpFailure';
import { cancelledError, pause } from '../helpers/pause';
import { buildRequestError } from '../helpers/requestErrors';

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

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
// Failures that will not go away by asking again: a wrong host name or a certificate problem.
const PERMANENT_NETWORK_CODE = /^(ENOTFOUND|ERR_INVALID_URL|ERR_TLS_.*|.*CERT.*|.*SSL.*)$/;

function isRetryable(failure: HttpFailure): boolean {
	if (failure.cancelled) return false;
	if (failure.login) return failure.login.retryable;
	if (failure.status !== undefined) return RETRYABLE_STATUSES.has(failure.status);
	// No answer at all: the outcome is unknown. Every request this node makes may be repeated
	// safely (an inventory UPSERT of absolute quantities, a job that stays empty), so try again.
	return !(failure.code && PERMANENT_NETWORK_CODE.test(failure.code));
}

function parseRetryAfterMs(value: string | undefined, now: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function retryDelayMs(failure: HttpFailure, retryNumber: number, now: number): number {
	if (failure.status === 429) {
		const retryAfter = parseRetryAfterMs(failure.headers['retry-after'], now);
		if (retryAfter !== undefined) return Math.min(retryAfter, RETRY_AFTER_CAP_MS);
	}
	const ceiling = Math.min(RETRY_BASE_DELAY_MS * 2 ** (retryNumber - 1), RETRY_MAX_DELAY_MS);
	return ceiling / 2 + Math.random() * (ceiling / 2);
}

function failureSummary(failure: HttpFailure): string {
	if (failure.login) return 'login failed';
	if (failure.status !== undefined) return `HTTP ${failure.status}`;
	if (failure.timedOut) return 'no answer in time';
	return failure.code ?? 'connection failed';
}

// n8n reads and decrypts the credential on every call; one execution needs its base URL once.
const baseUrlOfExecution = new WeakMap<IExecuteFunctions, string>();

async function fluentBaseUrl(
	this: IExecuteFunctions,
	itemIndex: number | undefined,
): Promise<string> {
	const known = baseUrlOfExecution.get(this);
	if (known !== undefined) return known;
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex ?? 0);
	try {
		const baseUrl = resolveFluentBaseUrl(credentials);
		baseUrlOfExecution.set(this, baseUrl);
		return baseUrl;
	} catch (error) {
		if (error instanceof FluentCredentialConfigError) {
			throw new NodeOperationError(this.getNode(), error.message, {
				itemIndex,
				description: 'Open the Fluent Commerce API credential and correct it.',
			});
		}
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
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
	const baseUrl = await fluentBaseUrl.call(this, request.itemIndex);
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
			)) as IDataObject;
		} catch (error) {
			const failure = inspectHttpFailure(error);
			if (failure.cancelled || abortSignal?.aborted) {
				throw cancelledError(this.getNode(), request.itemIndex);
			}

			const now = Date.now();
			const delay = retryDelayMs(failure, attempt, now);
			const pastDeadline = settings.deadline !== undefined && now + delay > settings.deadline;
			if (!isRetryable(failure) || attempt > settings.maxRetries || pastDeadline) {
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

const id = (value: string) => encodeURIComponent(value);

export async function postJob(
	this: IExecuteFunctions,
	body: IDataObject,
	itemIndex: number,
	settings: RequestSettings,
): Promise<IDataObject> {
	return await fluentApiRequest.call(
		this,
		{ method: 'POST', path: `${API_PREFIX}/job`, body, action: 'create a job', itemIndex },
		settings,
	);
}

export async function getJob(
	this: IExecuteFunctions,
	jobId: string,
	itemIndex: number,
	settings: RequestSettings,
): Promise<IDataObject> {
	return await fluentApiRequest.call(
		this,
		{
			method: 'GET',
			path: `${API_PREFIX}/job/${id(jobId)}`,
			action: `read job ${jobId}`,
			notFound: `job ${jobId}`,
			itemIndex,
		},
		settings,
	);
}

export async function postBatch(
	this: IExecuteFunctions,
	jobId: string,
	body: IDataObject,
	action: string,
	itemIndex: number,
	settings: RequestSettings,
): Promise<IDataObject> {
	return await fluentApiRequest.call(
		this,
		{
			method: 'POST',
			path: `${API_PREFIX}/job/${id(jobId)}/batch`,
			body,
			action,
			notFound: `job ${jobId}`,
			itemIndex,
		},
		settings,
	);
}

export async function getBatch(
	this: IExecuteFunctions,
	jobId: string,
	batchId: string,
	itemIndex: number,
	settings: RequestSettings,
	page?: { start: number; count: number },
): Promise<IDataObject> {
	return await fluentApiRequest.call(
		this,
		{
			method: 'GET',
			path: `${API_PREFIX}/job/${id(jobId)}/batch/${id(batchId)}`,
			qs: page ? { start: page.start, count: page.count } : undefined,
			action: `read batch ${batchId} of job ${jobId}`,
			notFound: `batch ${batchId} in job ${jobId}`,
			itemIndex,
		},
		settings,
	);
}

/** A cheap authenticated call; it makes n8n log in when no token is stored yet. */
export async function getCurrentUser(
	this: IExecuteFunctions,
	itemIndex: number,
	settings: RequestSettings,
): Promise<IDataObject> {
	return await fluentApiRequest.call(
		this,
		{
			method: 'POST',
			path: '/graphql',
			body: { query: '{ me { id } }' },
			action: 'look up the API user (to learn its retailer)',
			itemIndex,
		},
		settings,
	);
}
