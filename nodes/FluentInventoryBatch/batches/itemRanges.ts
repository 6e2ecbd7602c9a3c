// Item indexes as ranges and as words for messages: "items 0–4,999 and 5,010".
/** Compresses ascending item indexes into ranges: [0,1,2,5] → [[0,2],[5,5]]. */
export function toRanges(itemIndexes: readonly number[]): Array<[number, number]> {
	const ranges: Array<[number, number]> = [];
	for (const index of itemIndexes) {
		const last = ranges[ranges.length - 1];
		if (last && index === last[1] + 1) last[1] = index;
		else ranges.push([index, index]);
	}
	return ranges;
}

// One formatter: toLocaleString('en-US') builds a new one on each call, a cost every batch paid.
const numberFormat = new Intl.NumberFormat('en-US');
export const formatNumber = (value: number) => numberFormat.format(value);

/** "items 0–4,999 and 5,010" */
export function describeItems(itemIndexes: readonly number[], limit = 6): string {
	const ranges = toRanges(itemIndexes);
	if (ranges.length === 0) return 'no items';
	const parts = ranges
		.slice(0, limit)
		.map(([first, last]) =>
			first === last ? formatNumber(first) : `${formatNumber(first)}–${formatNumber(last)}`,
		);
	if (ranges.length > limit) parts.push(`${ranges.length - limit} more ranges`);
	const single = ranges.length === 1 && ranges[0][0] === ranges[0][1];
	const joined =
		parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
	return `${single ? 'item' : 'items'} ${joined}`;
}
