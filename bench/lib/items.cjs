'use strict';

/**
 * The benchmark's input: n8n items of stock positions, exactly as a CSV reader or an ERP query
 * node would hand them to the Fluent node ({ json: { skuRef, locationRef, qty } }), built the
 * same way in the node run and in the raw run.
 */

const { inventoryItems } = require('../../test/harness/inventory.cjs');
const { inventoryRecord, RETAILER_ID } = require('./record.cjs');

function benchItems(count, { offset = 0 } = {}) {
	const records = inventoryItems(count, { locations: 50, offset });
	const items = new Array(count);
	for (let index = 0; index < count; index++) items[index] = { json: records[index] };
	return items;
}

/** The JSON bytes of the first batch as sent: the unavoidable payload held while sending it. */
function batchPayloadBytes(items, batchSize) {
	const entities = items.slice(0, batchSize).map(({ json }) => inventoryRecord(json));
	return Buffer.byteLength(JSON.stringify({ action: 'UPSERT', entityType: 'INVENTORY', entities }));
}

module.exports = { benchItems, batchPayloadBytes, inventoryRecord, RETAILER_ID };
