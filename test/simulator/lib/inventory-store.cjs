'use strict';

/**
 * What the simulated Fluent account "has": the latest values of every inventory record that was
 * successfully processed, keyed by (retailerId, locationRef, skuRef), and how often each arrived.
 *
 * Sized for a 1,000,000-record load: records live in nested Maps (retailer -> location -> sku) so
 * no composite key string is built per record, and the latest entity object is kept as parsed
 * instead of being copied.
 */

class StoredRecord {
	constructor(entityId, entity, jobId, batchId) {
		this.entityId = entityId;
		this.entity = entity;
		this.arrivals = 1;
		this.lastJobId = jobId;
		this.lastBatchId = batchId;
		// [jobId, batchId] of every arrival before the last; null while it arrived once (the usual case).
		this.earlierArrivals = null;
	}

	/** Every arrival in order: `{ jobId, batchId }`. */
	arrivalList() {
		const earlier = (this.earlierArrivals ?? []).map(([jobId, batchId]) => ({ jobId, batchId }));
		return [...earlier, { jobId: this.lastJobId, batchId: this.lastBatchId }];
	}
}

/** A plain copy for callers: entity fields first, so bookkeeping fields cannot be shadowed. */
function toView(record) {
	return {
		...record.entity,
		entityId: String(record.entityId),
		arrivals: record.arrivals,
		lastJobId: record.lastJobId,
		lastBatchId: record.lastBatchId,
	};
}

/** The reference Fluent reports for a record in batch results. */
function entityRefOf(entity) {
	if (entity !== null && typeof entity === 'object') {
		if (typeof entity.ref === 'string' && entity.ref !== '') return entity.ref;
		return `${entity.skuRef ?? ''}:${entity.locationRef ?? ''}`;
	}
	return '';
}

/** @param beforeRead called before every read so batches that are due get applied first */
function createInventoryStore({ beforeRead = () => {} } = {}) {
	let recordsByRetailer = new Map();
	let size = 0;
	let totalArrivals = 0;
	let nextEntityId = 1;

	function locationsOf(retailerKey, create) {
		let locations = recordsByRetailer.get(retailerKey);
		if (!locations && create) {
			locations = new Map();
			recordsByRetailer.set(retailerKey, locations);
		}
		return locations;
	}

	function skusOf(retailerKey, locationRef, create) {
		const locations = locationsOf(retailerKey, create);
		if (!locations) return undefined;
		let skus = locations.get(locationRef);
		if (!skus && create) {
			skus = new Map();
			locations.set(locationRef, skus);
		}
		return skus;
	}

	function find(retailerId, locationRef, skuRef) {
		return skusOf(String(retailerId), String(locationRef), false)?.get(String(skuRef));
	}

	/** Stores a validated entity; returns its StoredRecord. */
	function apply(entity, jobId, batchId) {
		const skus = skusOf(String(entity.retailerId), entity.locationRef, true);
		const existing = skus.get(entity.skuRef);
		totalArrivals += 1;
		if (existing) {
			existing.entity = entity;
			existing.arrivals += 1;
			(existing.earlierArrivals ??= []).push([existing.lastJobId, existing.lastBatchId]);
			existing.lastJobId = jobId;
			existing.lastBatchId = batchId;
			return existing;
		}
		const record = new StoredRecord(nextEntityId++, entity, jobId, batchId);
		skus.set(entity.skuRef, record);
		size += 1;
		return record;
	}

	function* allRecords() {
		for (const locations of recordsByRetailer.values()) {
			for (const skus of locations.values()) yield* skus.values();
		}
	}

	function clear() {
		recordsByRetailer = new Map();
		size = 0;
		totalArrivals = 0;
	}

	return {
		apply,
		clear,
		get(retailerId, locationRef, skuRef) {
			beforeRead();
			const record = find(retailerId, locationRef, skuRef);
			return record && toView(record);
		},
		get size() {
			beforeRead();
			return size;
		},
		get totalArrivals() {
			beforeRead();
			return totalArrivals;
		},
		*records() {
			beforeRead();
			for (const record of allRecords()) yield toView(record);
		},
		/** `[{ jobId, batchId }]` of every arrival of the record, in order; [] if it never arrived. */
		arrivalsOf(retailerId, locationRef, skuRef) {
			beforeRead();
			return find(retailerId, locationRef, skuRef)?.arrivalList() ?? [];
		},
		/** `{ [jobId]: arrivals }` over every stored record. */
		arrivalsByJob() {
			beforeRead();
			const byJob = {};
			for (const record of allRecords()) {
				byJob[record.lastJobId] = (byJob[record.lastJobId] ?? 0) + 1;
				for (const [jobId] of record.earlierArrivals ?? []) byJob[jobId] = (byJob[jobId] ?? 0) + 1;
			}
			return byJob;
		},
		duplicates() {
			beforeRead();
			const duplicates = [];
			for (const record of allRecords()) if (record.arrivals > 1) duplicates.push(toView(record));
			return duplicates;
		},
		summary() {
			beforeRead();
			let duplicates = 0;
			let qtySum = 0;
			for (const record of allRecords()) {
				if (record.arrivals > 1) duplicates += 1;
				qtySum += record.entity.qty;
			}
			return { size, totalArrivals, duplicates, qtySum };
		},
	};
}

module.exports = { createInventoryStore, entityRefOf };
