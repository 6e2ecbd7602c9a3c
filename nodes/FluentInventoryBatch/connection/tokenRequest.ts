// The credential's token request: its answer read up to a small limit, its failure worded.
import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import {
	AnswerTooLargeError,
	formatBytes,
	isBodyStream,
	parseAnswerText,
	readAnswersInError,
	readAnswerText,
	sizeSeen,
} from './answerSize';
import { FluentLoginError } from './credentialErrors';
import { loginError } from './loginErrors';

/** Far above Fluent's token answer (under 1 KB), far below what would fill n8n's memory. */
export const TOKEN_ANSWER_LIMIT_BYTES = 1024 * 1024;

function tooLargeError(baseUrl: string, tooLarge: AnswerTooLargeError): FluentLoginError {
	return new FluentLoginError(
		`Fluent's login at ${baseUrl}/oauth/token answered with more than the node's limit of ${formatBytes(tooLarge.limitBytes)} for a token answer (Fluent's is under 1 KB): ${sizeSeen(tooLarge)}. Check that the credential points at the Fluent API host, and any proxy between n8n and Fluent.`,
		false,
	);
}

/**
 * Sends the token request through n8n's helper with the answer as a stream, and reads it (or
 * the answer of a failed request) up to TOKEN_ANSWER_LIMIT_BYTES; resolves with the answer as
 * n8n would parse it. Any failure becomes a FluentLoginError without the request's secrets.
 */
export async function requestToken(
	send: (options: IHttpRequestOptions) => Promise<unknown>,
	options: IHttpRequestOptions & { abortSignal: AbortSignal },
	attempt: { baseUrl: string; secrets: string[] },
): Promise<unknown> {
	const { baseUrl, secrets } = attempt;
	try {
		const answer = (await send({
			...options,
			encoding: 'stream',
			returnFullResponse: true,
		})) as IN8nHttpFullResponse;
		if (!isBodyStream(answer.body)) return answer.body;
		const text = await readAnswerText(
			answer.body,
			TOKEN_ANSWER_LIMIT_BYTES,
			answer.headers,
			options.abortSignal,
		);
		return parseAnswerText(text);
	} catch (error) {
		if (error instanceof AnswerTooLargeError) throw tooLargeError(baseUrl, error);
		try {
			await readAnswersInError(error, TOKEN_ANSWER_LIMIT_BYTES);
		} catch (readError) {
			if (readError instanceof AnswerTooLargeError) throw tooLargeError(baseUrl, readError);
		}
		// A fresh error on purpose: the original carries the request, and with it the password.
		throw loginError(error, baseUrl, { timedOut: options.abortSignal.aborted, secrets });
	}
}
