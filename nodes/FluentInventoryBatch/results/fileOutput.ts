// Puts a file load's file name and lines into its batch output items in place of item indexes.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { FileBatchSpan } from '../sources/file/fileBatches';
import { formatNumber } from '../batches/itemRanges';

/**
 * A file load's batch item is built like an item load's (output.ts), each batch paired with
 * the item that holds its file; here the item-index fields give way to the file and its lines
 * (`span`, undefined for an item load, leaves the item as it is).
 */
export function withFileLines(
	item: INodeExecutionData,
	span: FileBatchSpan | undefined,
): INodeExecutionData {
	if (span === undefined) return item;
	const json: IDataObject = {};
	for (const [key, value] of Object.entries(item.json)) {
		if (key === 'firstItemIndex' || key === 'lastItemIndex' || key === 'inputItemRanges') continue;
		json[key] = value;
		if (key === 'recordCount') {
			json.recordCount = span.recordCount;
			json.fileName = span.planned.file.name;
			json.itemIndex = span.planned.file.itemIndex;
			if (span.firstLine !== undefined) json.firstLine = span.firstLine;
			if (span.lastLine !== undefined) json.lastLine = span.lastLine;
		}
	}
	return { ...item, json };
}

/**
 * The records of a file load's batches at `positions` (ascending), by file and lines: "north.csv
 * lines 12–21 and the 5 records after line 21; all 8 records of south.csv". A batch not read
 * yet has no lines, but it holds the rows after the last line read of its file.
 */
export function describeFileRecords(spans: FileBatchSpan[], positions: number[]): string {
	const files: string[] = [];
	let at = 0;
	while (at < positions.length) {
		const planned = spans[positions[at]].planned;
		const ranges: Array<[number, number]> = [];
		let unread = 0;
		let previous = -1;
		for (; at < positions.length && spans[positions[at]].planned === planned; at++) {
			const span = spans[positions[at]];
			if (span.firstLine === undefined) unread += span.recordCount;
			else if (ranges.length > 0 && positions[at] === previous + 1)
				ranges[ranges.length - 1][1] = span.lastLine ?? span.firstLine;
			else ranges.push([span.firstLine, span.lastLine ?? span.firstLine]);
			previous = positions[at];
		}
		const parts = ranges.map(([first, last]) =>
			first === last ? formatNumber(first) : `${formatNumber(first)}–${formatNumber(last)}`,
		);
		const name = planned.file.name;
		const lastRead = Math.max(
			0,
			...spans.filter((span) => span.planned === planned).map((span) => span.lastLine ?? 0),
		);
		const records = `${formatNumber(unread)} ${unread === 1 ? 'record' : 'records'}`;
		const described = parts.length > 0 ? [`${name} lines ${parts.join(', ')}`] : [];
		if (unread > 0 && lastRead === 0) described.push(`all ${records} of ${name}`);
		else if (unread > 0 && parts.length > 0)
			described.push(`the ${records} after line ${formatNumber(lastRead)}`);
		else if (unread > 0)
			described.push(`the ${records} of ${name} after line ${formatNumber(lastRead)}`);
		files.push(described.join(' and '));
	}
	return files.join('; ');
}
