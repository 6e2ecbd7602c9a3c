import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getCurrentUser, type RequestSettings } from '../transport';
import { CREDENTIAL_TYPE } from './constants';

export type RetailerSource = 'parameter' | 'credential' | 'login';

export interface ResolvedRetailer {
	retailerId: string;
	source: RetailerSource;
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

async function storedLoginRetailer(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	return text(credentials.tokenRetailerId);
}

/**
 * The retailer for a job or a record: the node's Retailer ID, else the credential's, else the
 * retailer Fluent returned with the login (`Retailer_id`). When no login has happened yet, one
 * cheap authenticated call makes n8n log in, which stores that retailer with the token.
 */
export async function findRetailerId(
	this: IExecuteFunctions,
	parameterValue: unknown,
	itemIndex: number,
	settings: RequestSettings,
): Promise<ResolvedRetailer | undefined> {
	const known = await knownRetailerId.call(this, parameterValue, itemIndex);
	if (known) return known;
	await getCurrentUser.call(this, itemIndex, settings);
	const fromLogin = await storedLoginRetailer.call(this, itemIndex);
	return fromLogin ? { retailerId: fromLogin, source: 'login' } : undefined;
}

/** The retailer as far as it is known without asking Fluent (no login made yet gives none). */
export async function knownRetailerId(
	this: IExecuteFunctions,
	parameterValue: unknown,
	itemIndex: number,
): Promise<ResolvedRetailer | undefined> {
	const fromParameter = text(parameterValue);
	if (fromParameter) return { retailerId: fromParameter, source: 'parameter' };

	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const fromCredential = text(credentials.retailerId);
	if (fromCredential) return { retailerId: fromCredential, source: 'credential' };

	const fromLogin = text(credentials.tokenRetailerId);
	return fromLogin ? { retailerId: fromLogin, source: 'login' } : undefined;
}

/** Like findRetailerId, but a missing retailer is an error that says where to set one. */
export async function resolveRetailerId(
	this: IExecuteFunctions,
	parameterValue: unknown,
	itemIndex: number,
	settings: RequestSettings,
): Promise<ResolvedRetailer> {
	const found = await findRetailerId.call(this, parameterValue, itemIndex, settings);
	if (found) return found;
	throw new NodeOperationError(this.getNode(), 'No retailer ID is set', {
		itemIndex,
		description:
			"Fluent needs a retailer for every job and inventory record. Enter a Retailer ID on this node or in the Fluent Commerce API credential; the API user's login did not name one.",
	});
}
