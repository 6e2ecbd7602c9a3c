/** Generated stock positions: unique SKUs spread over a few locations. */
function inventoryItems(count, { locations = 4, offset = 0, asText = false, retailerId } = {}) {
	const items = new Array(count);
	for (let index = 0; index < count; index++) {
		const number = index + offset;
		const qty = (number * 7) % 250;
		items[index] = {
			skuRef: `SKU-${String(number).padStart(7, '0')}`,
			locationRef: `LOC-${number % locations}`,
			qty: asText ? String(qty) : qty,
			...(retailerId === undefined ? {} : { retailerId }),
		};
	}
	return items;
}

/** Checks that the simulator holds each item exactly once with its quantity; returns problems. */
function missingOrWrong(simulator, items, defaultRetailer = '1') {
	const problems = [];
	for (const item of items) {
		const stored = simulator.store.get(String(item.retailerId ?? defaultRetailer), item.locationRef, item.skuRef);
		if (!stored) problems.push(`${item.skuRef}@${item.locationRef}: missing`);
		else if (stored.qty !== Number(item.qty)) problems.push(`${item.skuRef}@${item.locationRef}: qty ${stored.qty}`);
		else if (stored.arrivals !== 1) problems.push(`${item.skuRef}@${item.locationRef}: arrived ${stored.arrivals}×`);
		if (problems.length > 20) break;
	}
	return problems;
}

module.exports = { inventoryItems, missingOrWrong };
