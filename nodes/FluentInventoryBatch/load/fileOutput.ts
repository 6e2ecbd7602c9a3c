// Puts a file load's file name and lines into its batch output items in place of item indexes.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { FileBatchSpan } from './fileBatches';

/**
 * A file load's batch items are built like an item load's (output.ts), each batch paired with
 * the item that holds its file; here the item-index fields give way to the file and its lines.
 */
export function withFileLines(
	items: INodeExecutionData[],
	spans: FileBatchSpan[],
): INodeExecutionData[] {
	return items.map((item) => {
		const span = spans[Number(item.json.batchNumber) - 1];
		if (span === undefined) return item;
		const json: IDataObject = {};
		for (const [key, value] of Object.entries(item.json)) {
			if (key === 'firstItemIndex' || key === 'lastItemIndex' || key === 'inputItemRanges')
				continue;
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
	});
}
