// Sends one request and returns Fluent's answer whatever its status, on n8n 1.x and 2.x.
import type {
	IAdditionalCredentialOptions,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../connection/fluentApi';

/**
 * Sends one request and returns Fluent's answer whatever its status: n8n 1.x throws HTTP errors
 * without their headers (Retry-After) or a text body. Only a 401 still throws on n8n 2.x, which
 * then logs in again and repeats the request; n8n 1.x knows only "ignore every status", so its
 * 401 answer is asked again in the way that makes n8n log in.
 */
export async function answerOf(
	this: IExecuteFunctions,
	options: IHttpRequestOptions,
	credential: IAdditionalCredentialOptions,
): Promise<IN8nHttpFullResponse> {
	const send = async (ignoreHttpStatusErrors: IHttpRequestOptions['ignoreHttpStatusErrors']) =>
		(await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			{
				...options,
				returnFullResponse: true,
				ignoreHttpStatusErrors,
			},
			credential,
		)) as IN8nHttpFullResponse;
	const answer = await send({ ignore: true, except: [401] });
	return answer.statusCode === 401 ? await send(false) : answer;
}
