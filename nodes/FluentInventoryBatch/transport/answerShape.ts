// What a 200 answer of each endpoint must look like, and the error when it does not.
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { formatBytes, sizeSeen, type AnswerTooLargeError } from '../connection/answerSize';
import { fluentErrorText } from '../connection/httpFailure';
import { redactSecrets } from '../connection/secretRedaction';

/**
 * What Fluent answers with 200 on each endpoint: `created` an object whose `id` (or
 * `jobId`/`batchId`) is text or a number; `job` any object; `batch` an object with a text
 * `status` and, if present, an array of `results`.
 */
export type AnswerShape = 'created' | 'job' | 'batch' | 'object';

const MB = 1024 * 1024;

/**
 * The most of an answer the node reads, per shape: far above what Fluent sends, far below what
 * would fill n8n's memory. An answer with an ID, or the API user, is well under 1 KB; a job
 * lists its batches (a job reused all day may list thousands); a batch holds up to 5,000
 * per-record results.
 */
export const ANSWER_LIMIT_BYTES: Readonly<Record<AnswerShape, number>> = {
	created: 1 * MB,
	object: 1 * MB,
	job: 8 * MB,
	batch: 32 * MB,
};

/** POST answers may come after Fluent stored what was sent. */
function storedAllTheSame(method: string): string {
	return method === 'POST'
		? ' What was sent may have been stored all the same: check in Fluent before sending it again.'
		: '';
}

/** A value in Fluent's answer, worded as JSON (an HTTP answer, unlike a record, is JSON text). */
function describeAnswerValue(value: unknown): string {
	if (value === undefined || value === '') return 'an empty answer';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a JSON array';
	if (typeof value === 'string') {
		return /<[a-z!][^>]*>/i.test(value)
			? (fluentErrorText(value) ?? 'an HTML page')
			: 'text that is not JSON';
	}
	return typeof value === 'object' ? 'a JSON object' : `the JSON ${typeof value} ${String(value)}`;
}

/** What is wrong with an answer for the shape expected, or undefined when it fits. */
export function answerShapeProblem(shape: AnswerShape, answer: unknown): string | undefined {
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) {
		return `${describeAnswerValue(answer)} instead of a JSON object`;
	}
	const body = answer as IDataObject;
	if (shape === 'created') {
		for (const key of ['id', 'jobId', 'batchId']) {
			const id = body[key];
			if (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number') {
				return `a JSON object whose "${key}" is ${describeAnswerValue(id)}, not text or a number`;
			}
		}
	}
	if (shape === 'batch') {
		if (typeof body.status !== 'string') {
			return `a JSON object whose "status" is ${body.status === undefined ? 'missing' : describeAnswerValue(body.status)}, not text`;
		}
		if (body.results !== undefined && body.results !== null && !Array.isArray(body.results)) {
			return `a JSON object whose "results" is ${describeAnswerValue(body.results)}, not a list`;
		}
	}
	return undefined;
}

/**
 * The error for a complete 200 answer that is not what Fluent sends. It is not retried: the
 * answer arrived whole, so asking the same host again would get the same (a proxy, a captive
 * portal, a wrong base URL). A body cut off by a broken connection is a network failure instead.
 */
export function unexpectedAnswerError(
	node: INode,
	input: {
		problem: string;
		method: string;
		path: string;
		baseUrl: string;
		action: string;
		itemIndex?: number;
		secrets: string[];
	},
): NodeOperationError {
	const { method, path, baseUrl, action, itemIndex } = input;
	const problem = redactSecrets(input.problem, input.secrets);
	const stored = storedAllTheSame(method);
	return new NodeOperationError(
		node,
		`${method} ${path} answered ${problem}: the host at ${baseUrl} does not answer like Fluent's API`,
		{
			itemIndex,
			description: `The node was trying to ${action}. It did not retry, because the answer arrived complete. Check the credential's environment, account ID or base URL, and any proxy between n8n and Fluent.${stored}`,
		},
	);
}

/**
 * The error for an answer longer than its request's limit. Not retried: the same host would
 * send the same again, and reading it once already took as long as the limit allows.
 */
export function answerTooLargeError(
	node: INode,
	tooLarge: AnswerTooLargeError,
	request: { method: string; path: string; baseUrl: string; action: string; itemIndex?: number },
): NodeOperationError {
	const { method, path, baseUrl, action, itemIndex } = request;
	return new NodeOperationError(
		node,
		`The answer to ${method} ${path} while trying to ${action} was larger than the node's limit of ${formatBytes(tooLarge.limitBytes)} for this request: ${sizeSeen(tooLarge)}`,
		{
			itemIndex,
			description: `The node stopped reading the answer and did not retry, because the same host would answer the same way. Fluent's answers to this request are far smaller, so the host at ${baseUrl} is probably not Fluent's API: check the credential's environment, account ID or base URL, and any proxy between n8n and Fluent.${storedAllTheSame(method)}`,
		},
	);
}
