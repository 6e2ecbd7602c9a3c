// Sends one request and returns Fluent's answer whatever its status, on n8n 1.x and 2.x.
import type {
	IAdditionalCredentialOptions,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import {
	isBodyStream,
	parseAnswerText,
	readAnswersInError,
	readAnswerText,
} from '../connection/answerSize';
import { CREDENTIAL_TYPE } from '../connection/fluentApi';
import { mentionsSecret, redactSecrets } from '../connection/secretRedaction';

/** A password or client secret this short could also be part of an ID or a record field. */
const SHORTEST_LOGIN_SECRET_REDACTED = 8;

/**
 * The secrets a 2xx answer may repeat: the token the request carried (n8n writes a new one into
 * the credential when it logs in again), its Authorization header first so that it reads
 * "[redacted]" whole, as in a failure (requestErrors.ts); and the password and client secret,
 * which only the login sends, unless so short that taking them out could change the data.
 */
function secretsOf(credential: IAdditionalCredentialOptions, tokenBefore: unknown): string[] {
	const data = credential.credentialsDecrypted?.data ?? {};
	const text = (value: unknown) => (typeof value === 'string' ? value : '');
	const tokens = [text(data.accessToken), text(tokenBefore)].filter((token) => token !== '');
	const loginSecrets = [text(data.password), text(data.clientSecret)].filter(
		(secret) => secret.length >= SHORTEST_LOGIN_SECRET_REDACTED,
	);
	return [...tokens.map((token) => `Bearer ${token}`), ...tokens, ...loginSecrets];
}

/**
 * n8n writes a new login's token into the credential data it was handed, and presents that data
 * as the refused token when a 401 asks for a login. Each request therefore gets its own copy:
 * a 401 that arrives after a parallel request's login then presents the token it really carried,
 * which sharedLogin.ts answers with that login instead of logging in once more.
 */
function ownCopy(credential: IAdditionalCredentialOptions): IAdditionalCredentialOptions {
	const shared = credential.credentialsDecrypted;
	if (!shared) return credential;
	return { ...credential, credentialsDecrypted: { ...shared, data: { ...shared.data } } };
}

/** A token n8n got for this request is written back, for the execution's later requests. */
function keepNewToken(
	credential: IAdditionalCredentialOptions,
	copy: IAdditionalCredentialOptions,
	tokenBefore: unknown,
): void {
	const used = copy.credentialsDecrypted?.data;
	const shared = credential.credentialsDecrypted?.data;
	if (used && shared && used !== shared && used.accessToken !== tokenBefore) {
		Object.assign(shared, used);
	}
}

/**
 * Sends one request and returns Fluent's answer whatever its status: n8n 1.x throws HTTP errors
 * without their headers (Retry-After) or a text body. Only a 401 still throws on n8n 2.x, which
 * then logs in again and repeats the request; n8n 1.x knows only "ignore every status", so its
 * 401 answer is asked again in the way that makes n8n log in.
 *
 * The answer comes as a stream (n8n's helpers offer no other size limit) and is read here up to
 * `limitBytes` (AnswerTooLargeError past it), then parsed as n8n would parse JSON, with any
 * secret of the credential it repeats (a mock or a debugging proxy echoing the request) taken
 * out, so that no 2xx answer carries one into an output item, an error or a log.
 */
export async function answerOf(
	this: IExecuteFunctions,
	options: IHttpRequestOptions,
	credential: IAdditionalCredentialOptions,
	limitBytes: number,
): Promise<IN8nHttpFullResponse> {
	const tokenBefore = credential.credentialsDecrypted?.data?.accessToken;
	const copy = ownCopy(credential);
	const send = async (ignoreHttpStatusErrors: IHttpRequestOptions['ignoreHttpStatusErrors']) => {
		const sent = this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			{ ...options, encoding: 'stream', returnFullResponse: true, ignoreHttpStatusErrors },
			copy,
		) as Promise<IN8nHttpFullResponse>;
		// A failure that still holds its answer unread (a 401 after logging in again) is read.
		return await sent
			.catch(async (error: unknown) => {
				await readAnswersInError(error, limitBytes);
				throw error;
			})
			.finally(() => keepNewToken(credential, copy, tokenBefore));
	};
	let answer = await send({ ignore: true, except: [401] });
	if (answer.statusCode === 401) {
		if (isBodyStream(answer.body)) answer.body.destroy();
		answer = await send(false);
	}
	// A failure's body is redacted with the request that failed (request.ts redactFailure).
	const success = answer.statusCode >= 200 && answer.statusCode < 300;
	const secrets = success ? secretsOf(copy, tokenBefore) : [];
	// An n8n that read the answer itself: nothing left to limit, but still to redact.
	if (!isBodyStream(answer.body)) return { ...answer, body: redactSecrets(answer.body, secrets) };
	const text = await readAnswerText(
		answer.body,
		limitBytes,
		answer.headers,
		this.getExecutionCancelSignal(),
	);
	const body = parseAnswerText(text) as IN8nHttpFullResponse['body'];
	return { ...answer, body: mentionsSecret(text, secrets) ? redactSecrets(body, secrets) : body };
}
