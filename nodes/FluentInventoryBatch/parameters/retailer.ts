// The retailer of a job or record: the node's, the credential's, or the login's.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../connection/fluentApi';
import { getCurrentUser } from '../transport/endpoints';
import type { RequestSettings } from '../transport/request';
import { parameterText } from './textValue';

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** The retailer as far as it is known without asking Fluent (no login made yet gives none). */
export async function knownRetailerId(
	this: IExecuteFunctions,
	parameterValue: unknown,
	itemIndex: number,
): Promise<string | undefined> {
	const fromParameter = parameterText(this.getNode(), {
		value: parameterValue,
		label: 'Retailer ID',
		itemIndex,
	});
	if (fromParameter) return fromParameter;

	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	return text(credentials.retailerId) || text(credentials.tokenRetailerId) || undefined;
}

/**
 * The retailer for a job or a record: the node's Retailer ID, else the credential's, else the
 * retailer Fluent returned with the login (`Retailer_id`).
 */
async function findRetailerId(
	this: IExecuteFunctions,
	parameterValue: unknown,
	itemIndex: number,
	settings: RequestSettings,
): Promise<string | undefined> {
	return (
		(await knownRetailerId.call(this, parameterValue, itemIndex)) ??
		(await loginRetailerId.call(this, itemIndex, settings))
	);
}

/**
 * The retailer of the API user's login. One cheap authenticated call makes n8n log in when no
 * token is stored yet, which stores that retailer with the token.
 */
export async function loginRetailerId(
	this: IExecuteFunctions,
	itemIndex: number,
	settings: RequestSettings,
): Promise<string | undefined> {
	await getCurrentUser.call(this, itemIndex, settings);
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	return text(credentials.tokenRetailerId) || undefined;
}

/** Like findRetailerId, but a missing retailer is an error that says where to set one. */
export async function resolveRetailerId(
	this: IExecuteFunctions,
	parameterValue: unknown,
	itemIndex: number,
	settings: RequestSettings,
): Promise<string> {
	const found = await findRetailerId.call(this, parameterValue, itemIndex, settings);
	if (found) return found;
	throw new NodeOperationError(this.getNode(), 'No retailer ID is set', {
		itemIndex,
		description:
			"Fluent needs a retailer for every job and inventory record. Enter a Retailer ID on this node or in the Fluent Commerce API credential; the API user's login did not name one.",
	});
}
