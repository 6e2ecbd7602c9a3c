'use strict';

/**
 * The record both baselines send for one stock position (no dependencies: the n8n-floor package,
 * floorPackage.cjs, carries a copy of this file).
 */

/** The retailer of every record: set on the credential (node) and in each raw record. */
const RETAILER_ID = '1';

/** The record the node sends for one stock position: same fields, same order, so the same bytes. */
function inventoryRecord(json) {
	return { retailerId: RETAILER_ID, skuRef: json.skuRef, locationRef: json.locationRef, qty: json.qty };
}

module.exports = { inventoryRecord, RETAILER_ID };
