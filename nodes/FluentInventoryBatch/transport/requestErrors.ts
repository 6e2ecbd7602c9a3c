// Words a request that failed for good as an error saying what was being done and why.
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	describeNetworkFailure,
	fluentErrorText,
	type HttpFailure,
} from '../connection/httpFailure';
import { RETRY_AFTER_CAP_MS, retryAfterMs } from './retryDelay';

export interface RequestErrorContext {
	/** What the request was doing, e.g. "create batch 2 of 3 in job 17". */
	action: string;
	baseUrl: string;
	attempts: number;
	/** How long the last attempt was given: Request Timeout, or less when the wait's end was nearer. */
	timeoutSeconds: number;
	/** The last attempt was cut short because the wait's Timeout was about to run out. */
	boundByWait?: boolean;
	itemIndex?: number;
	/** What a 404 means for this request, e.g. "job 17". */
	notFound?: string;
}

function attemptsText(attempts: number): string {
	return attempts === 1 ? '1 attempt' : `${attempts} attempts`;
}

/** How the node paused between 429s, judged by the last answer's Retry-After. */
function pausesAfterTooManyRequests(failure: HttpFailure): string {
	const asked = retryAfterMs(failure, Date.now());
	if (asked === undefined) {
		return 'with growing pauses between them, as Fluent asked for no usable wait (Retry-After)';
	}
	if (asked > RETRY_AFTER_CAP_MS) {
		return `waiting ${RETRY_AFTER_CAP_MS / 1000} s between them, the longest the node waits, though Fluent asked for ${Math.round(asked / 1000)} s (Retry-After)`;
	}
	return 'waiting as long as Fluent asked (Retry-After) between them';
}

function messageAndDescription(
	failure: HttpFailure,
	context: RequestErrorContext,
): { message: string; description: string } {
	const { action, baseUrl, attempts, timeoutSeconds } = context;
	const fluentSays = fluentErrorText(failure.body);
	const said = fluentSays ? `: ${fluentSays}` : '';

	if (failure.login) {
		return {
			message: failure.login.message,
			description: `The node could not log in to Fluent to ${action}${attempts > 1 ? ` (${attemptsText(attempts)})` : ''}. ${failure.login.retryable ? 'Fluent could not be reached or had trouble; try again later, and check the credential if it persists.' : 'Open the Fluent Commerce API credential and correct it; its "Test" button checks the login.'}`,
		};
	}

	if (failure.status === undefined) {
		if (failure.timedOut && context.boundByWait) {
			return {
				message: `Fluent did not answer within the ${timeoutSeconds} s left of the wait's Timeout while trying to ${action}`,
				description: `Gave up after ${attemptsText(attempts)}: the wait's "Timeout (Seconds)" ran out while this request was under way. Fluent may be slow; try again later, or raise the Timeout.`,
			};
		}
		if (failure.timedOut) {
			return {
				message: `Fluent did not answer within ${timeoutSeconds} s while trying to ${action}`,
				description: `Gave up after ${attemptsText(attempts)}. "Request Timeout (Seconds)" bounds each whole request, its answer included. Fluent may be slow or unreachable; try again later, or raise "Request Timeout (Seconds)" in the node's options.`,
			};
		}
		const reason = describeNetworkFailure(failure);
		const hint =
			failure.code === 'ENOTFOUND' || failure.code === 'EAI_AGAIN'
				? "The host name does not resolve: check the credential's environment, account ID or base URL."
				: "Check that this n8n instance can reach that host, and the credential's environment, account ID or base URL.";
		return {
			message: `Could not reach Fluent at ${baseUrl} to ${action}: ${reason}`,
			description: `Gave up after ${attemptsText(attempts)}${failure.code ? ` (${failure.code})` : ''}. ${hint}`,
		};
	}

	const status = failure.status;
	if (status >= 300 && status < 400) {
		const location = failure.headers.location ? ` to ${failure.headers.location}` : '';
		return {
			message: `Fluent answered with a redirect (HTTP ${status})${location} while trying to ${action}`,
			description:
				"The node does not follow redirects, so the access token is only ever sent to the configured host. Check the credential's base URL.",
		};
	}
	if (status === 400 || status === 409 || status === 422) {
		return {
			message: `Fluent rejected the request to ${action}${said}`,
			description: `Fluent answered HTTP ${status}. Correct what the message names. The request was not retried, because sending the same thing again would fail the same way.`,
		};
	}
	if (status === 401) {
		return {
			message: `Fluent did not accept the login while trying to ${action}${said}`,
			description:
				'Fluent answered HTTP 401 even after n8n logged in again. Check that the API user of the Fluent Commerce API credential is active and belongs to a retailer.',
		};
	}
	if (status === 403) {
		return {
			message: `Fluent refused to ${action}${said}`,
			description:
				'Fluent answered HTTP 403: the API user of the credential is not allowed to do this. Ask your Fluent administrator for the job and batch permissions (for example JOB_VIEW and BATCH_VIEW for reading).',
		};
	}
	if (status === 404) {
		const what = context.notFound ?? 'what was asked for';
		return {
			message: `Fluent could not find ${what}${said}`,
			description: `Fluent answered HTTP 404 while trying to ${action}. Check the ID; it usually comes from an earlier Create Job or Create Batch step.`,
		};
	}
	if (status === 429) {
		return {
			message: `Fluent kept answering "too many requests" (HTTP 429) while trying to ${action}`,
			description: `Gave up after ${attemptsText(attempts)}, ${pausesAfterTooManyRequests(failure)}. Run the workflow again later, or send fewer batches at once.`,
		};
	}
	if (status >= 500) {
		return {
			message: `Fluent failed to ${action} (HTTP ${status})${said}`,
			description: `Gave up after ${attemptsText(attempts)} with growing pauses between them. Fluent or a proxy in front of it is having trouble; run the workflow again later.`,
		};
	}
	return {
		message: `Fluent answered HTTP ${status} while trying to ${action}${said}`,
		description: `Gave up after ${attemptsText(attempts)}.`,
	};
}

/**
 * A NodeApiError built only from what Fluent answered and what we were doing: the original
 * error is left out because it carries the request, and with it the bearer token.
 */
export function buildRequestError(
	node: INode,
	failure: HttpFailure,
	context: RequestErrorContext,
): NodeApiError {
	const { message, description } = messageAndDescription(failure, context);
	const httpCode = failure.status === undefined ? undefined : String(failure.status);
	const details: JsonObject = { message, description, attempts: context.attempts };
	if (httpCode) details.httpCode = httpCode;
	if (failure.code) details.networkError = failure.code;
	if (failure.body !== undefined && typeof failure.body === 'object' && failure.body !== null) {
		details.fluentResponse = failure.body as JsonObject;
	} else if (typeof failure.body === 'string' && failure.body !== '') {
		details.fluentResponse = fluentErrorText(failure.body) ?? '';
	}
	return new NodeApiError(node, details, {
		message,
		description,
		httpCode,
		itemIndex: context.itemIndex,
	});
}
