// The one request to Fluent: credential, timeouts, retries, answer check, redacted errors.
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { AnswerTooLargeError } from '../connection/answerSize';
import { CREDENTIAL_TYPE } from '../connection/fluentApi';
import { answeredFailure, inspectHttpFailure, type HttpFailure } from '../connection/httpFailure';
import { isWorthRetrying } from '../connection/retryRule';
import { redactFailure, sentAuthorization } from '../connection/secretRedaction';
import { answerOf } from './answer';
import {
	ANSWER_LIMIT_BYTES,
	answerShapeProblem,
	answerTooLargeError,
	unexpectedAnswerError,
	type AnswerShape,
} from './answerShape';
import { cancelledError, pause, requestSignals, withAbortSignal } from './cancellation';
import { fluentConnection } from './fluentConnection';
import { buildRequestError } from './requestErrors';
import { retryDelayMs } from './retryDelay';

export interface FluentRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. /api/v4.1/job */
	path: string;
	/** JSON, or JSON already written as bytes. */
	body?: IDataObject | Buffer;
	qs?: IDataObject;
	/** What the request does, for messages and logs: "create batch 2 of 3 in job 17". */
	action: string;
	/** What a 404 means here, e.g. "job 17". */
	notFound?: string;
	itemIndex?: number;
	/**
	 * The shape a 200 answer must have; anything else is an error naming the endpoint. It also
	 * sets the most of any answer the node reads (ANSWER_LIMIT_BYTES).
	 */
	answer: AnswerShape;
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

/** Every secret the credential holds, and the Authorization value the failed request carried. */
async function credentialSecrets(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number | undefined,
): Promise<string[]> {
	const sent = sentAuthorization(error);
	try {
		const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex ?? 0);
		const stored = [credentials.password, credentials.clientSecret, credentials.accessToken];
		// An answered failure (answer.ts) carries no request: the header as the credential sends it.
		const header = credentials.accessToken ? [`Bearer ${String(credentials.accessToken)}`] : [];
		return [...sent, ...header, ...stored.map((secret) => String(secret ?? ''))];
	} catch {
		return sent;
	}
}

/** The time one attempt may take: Request Timeout, or what is left before the wait's deadline. */
function attemptBound(settings: RequestSettings, now: number): { ms: number; byWait: boolean } {
	const requestMs = settings.timeoutSeconds * 1000;
	if (settings.deadline === undefined || settings.deadline - now >= requestMs) {
		return { ms: requestMs, byWait: false };
	}
	return { ms: Math.max(1, settings.deadline - now), byWait: true };
}

/**
 * The one place this node talks to Fluent. Adds the bearer token (n8n logs in again once on a
 * 401), reads HTTP errors from Fluent's answer itself (answer.ts: n8n 1.x's errors lose the
 * answer's headers and body), bounds each whole attempt by Request Timeout (and by the wait's
 * deadline), retries 429, 5xx and network failures a bounded number of times, checks that a 200
 * answer has the shape Fluent gives it, and turns any final failure into an error that says
 * what was being done, with every secret of the credential taken out of what the server sent back.
 */
export async function fluentApiRequest(
	this: IExecuteFunctions,
	request: FluentRequest,
	settings: RequestSettings,
): Promise<IDataObject> {
	return (await requestWithRetries.call(this, request, settings, false)) as IDataObject;
}

/**
 * fluentApiRequest for a status poll of the wait: resolves to undefined when the wait's Timeout
 * ran out while the request was under way, so the wait ends as any wait that runs out, with
 * the batch's last known status, instead of failing on a request it cut short itself.
 */
export async function fluentApiRequestDuringWait(
	this: IExecuteFunctions,
	request: FluentRequest,
	settings: RequestSettings,
): Promise<IDataObject | undefined> {
	return await requestWithRetries.call(this, request, settings, true);
}

async function requestWithRetries(
	this: IExecuteFunctions,
	request: FluentRequest,
	settings: RequestSettings,
	duringWait: boolean,
): Promise<IDataObject | undefined> {
	const { baseUrl, credential } = await fluentConnection.call(this, request.itemIndex);
	const cancelSignal = this.getExecutionCancelSignal();

	for (let attempt = 1; ; attempt++) {
		const bound = attemptBound(settings, Date.now());
		const signals = requestSignals(cancelSignal, bound.ms);
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${baseUrl}${request.path}`,
			json: true,
			// axios' timeout only fires after this long without a byte; the signal bounds the whole.
			timeout: bound.ms,
			abortSignal: signals.either,
			// A redirect would carry the bearer token to another host; Fluent's API never redirects.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
		if (request.body !== undefined) options.body = request.body;
		// n8n's helper sends a Buffer as it is; only an object does it mark as JSON itself.
		if (Buffer.isBuffer(request.body)) options.headers = { 'Content-Type': 'application/json' };
		if (request.qs !== undefined) options.qs = request.qs;

		let answer: unknown;
		let failure: HttpFailure | undefined;
		let thrown: unknown;
		try {
			const full = await answerOf.call(
				withAbortSignal(this, signals.either),
				options,
				credential,
				ANSWER_LIMIT_BYTES[request.answer],
			);
			if (full.statusCode >= 200 && full.statusCode < 300) answer = full.body;
			else failure = answeredFailure(full);
		} catch (error) {
			if (cancelSignal?.aborted) throw cancelledError(this.getNode(), request.itemIndex);
			if (error instanceof AnswerTooLargeError) {
				throw answerTooLargeError(this.getNode(), error, { ...request, baseUrl });
			}
			thrown = error;
			failure = inspectHttpFailure(error);
			if (signals.timeout.aborted && failure.cancelled && failure.status === undefined) {
				failure = { ...failure, cancelled: false, timedOut: true };
			}
		}
		if (failure) {
			if (failure.cancelled) throw cancelledError(this.getNode(), request.itemIndex);
			failure = redactFailure(
				failure,
				await credentialSecrets.call(this, thrown, request.itemIndex),
			);

			const now = Date.now();
			const delay = retryDelayMs(failure, attempt, now);
			const pastDeadline = settings.deadline !== undefined && now + delay > settings.deadline;
			if (duringWait && failure.timedOut && bound.byWait) return undefined;
			if (!isWorthRetrying(failure) || attempt > settings.maxRetries || pastDeadline) {
				throw buildRequestError(this.getNode(), failure, {
					action: request.action,
					baseUrl,
					attempts: attempt,
					timeoutSeconds: Math.round(bound.ms / 100) / 10,
					boundByWait: bound.byWait,
					itemIndex: request.itemIndex,
					notFound: request.notFound,
				});
			}
			this.logger.warn(
				`Fluent Inventory Batch: ${failureSummary(failure)} while trying to ${request.action}; retry ${attempt} of ${settings.maxRetries} in ${Math.round(delay)} ms`,
			);
			await pause(delay, cancelSignal);
			continue;
		}
		const problem = answerShapeProblem(request.answer, answer);
		if (problem === undefined) return answer as IDataObject;
		throw unexpectedAnswerError(this.getNode(), {
			problem,
			method: request.method,
			path: request.path,
			baseUrl,
			action: request.action,
			itemIndex: request.itemIndex,
			secrets: await credentialSecrets.call(this, undefined, request.itemIndex),
		});
	}
}
