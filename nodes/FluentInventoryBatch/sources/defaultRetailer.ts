// The default retailer of records that name none, found the same way for items and for files.
import type { IExecuteFunctions } from 'n8n-workflow';

import type { CreateBatchParameters } from '../parameters/createBatchParameters';
import { knownRetailerId, loginRetailerId } from '../parameters/retailer';
import type { RetailerDefault } from './plan';

/**
 * Plans a load (`plan` checks every record and refuses an invalid load) with the default retailer
 * of records that name none: the node's or the credential's when known. Otherwise the load is
 * planned without one first, and only with every record checked may the node log in to learn the
 * login's retailer; then it is planned again with it (`plan` gets the first plan, to reuse what
 * it checked), so that a record naming that retailer and one relying on the default are seen as
 * the same stock position. (`node` is a parameter, not `this`: TypeScript infers `Plan` only
 * from a direct call.)
 */
export async function planWithDefaultRetailer<Plan extends { withoutRetailer: number }>(
	node: IExecuteFunctions,
	load: CreateBatchParameters,
	plan: (retailer: RetailerDefault, first?: Plan) => Plan | Promise<Plan>,
): Promise<Plan> {
	// The node's Retailer ID is read per item (or file) in the plan; this is the others' default.
	const parameter = load.retailerParameter;
	const known = await knownRetailerId.call(node, '', 0);
	const first = await plan({ parameter, value: known, resolveLater: known === undefined });
	if (known !== undefined || first.withoutRetailer === 0) return first;

	const found = await loginRetailerId.call(node, 0, load.settings);
	return await plan({ parameter, value: found, resolveLater: false }, first);
}
