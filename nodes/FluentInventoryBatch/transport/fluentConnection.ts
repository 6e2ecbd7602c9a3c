// The execution's connection to Fluent: the base URL and the credential, read once per execution.
import type { IAdditionalCredentialOptions, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveFluentBaseUrl } from '../connection/baseUrl';
import { FluentCredentialConfigError } from '../connection/credentialErrors';
import { CREDENTIAL_TYPE } from '../connection/fluentApi';

export interface Connection {
	baseUrl: string;
	/**
	 * The credential, read and decrypted once per execution and handed to n8n with every request
	 * (otherwise n8n reads and decrypts it from its database each time). When n8n logs in again
	 * after a 401 it writes the new token into this object, so later requests use it.
	 */
	credential: IAdditionalCredentialOptions;
}

const connectionOfExecution = new WeakMap<IExecuteFunctions, Promise<Connection>>();

async function openConnection(
	this: IExecuteFunctions,
	itemIndex: number | undefined,
): Promise<Connection> {
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
			credentialsDecrypted: {
				id: chosen?.id ?? '',
				name: chosen?.name ?? '',
				type: CREDENTIAL_TYPE,
				data,
			},
		},
	};
}

/** The execution's connection; requests that start together share one credential read. */
export function fluentConnection(
	this: IExecuteFunctions,
	itemIndex: number | undefined,
): Promise<Connection> {
	let connection = connectionOfExecution.get(this);
	if (!connection) {
		connection = openConnection.call(this, itemIndex);
		connectionOfExecution.set(this, connection);
		// A failed read is not kept: the next request tries again and reports its own error.
		connection.catch(() => connectionOfExecution.delete(this));
	}
	return connection;
}
