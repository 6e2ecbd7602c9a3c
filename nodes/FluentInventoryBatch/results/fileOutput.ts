// A file load's file name and lines: in its batch output items, and in its partial-load report.
import type { IDataObject } from 'n8n-workflow';

import type { FileBatchSpan } from '../sources/file/fileBatches';
import { formatNumber } from '../batches/itemRanges';

/** A file load's batch names its file and lines in its output item, in place of item indexes. */
export function fileLines(span: FileBatchSpan): IDataObject {
	return {
		fileName: span.planned.file.name,
		itemIndex: span.planned.file.itemIndex,
		...(span.firstLine === undefined ? {} : { firstLine: span.firstLine }),
		...(span.lastLine === undefined ? {} : { lastLine: span.lastLine }),
	};
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
