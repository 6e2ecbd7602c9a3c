import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RequestSettings } from '../transport/request';
import { NUMBER_OPTIONS } from './numberOptions';
import {
	readBatchSize,
	readNumberOption,
	readOptions,
	readRequestSettings,
	readWaitOptions,
	type WaitOptions,
} from './options';
import { readRequiredId } from './requiredId';

/** Everything Create Batch reads from its parameters, once, from the first item. */
export interface CreateBatchParameters {
	jobId: string;
	batchSize: number;
	/** How many batches are sent (and, while waiting, checked) at the same time. */
	concurrency: number;
	settings: RequestSettings;
	/** Set when Wait for Completion is on. */
	wait?: WaitOptions;
	/** The node's Retailer ID as entered; the default for records that carry none. */
	retailerParameter: unknown;
	/** action, entityType and the optional source, event and catalogueRef. */
	batchFields: IDataObject;
	continueOnFail: boolean;
}

function batchFields(options: IDataObject): IDataObject {
	const fields: IDataObject = { action: 'UPSERT', entityType: 'INVENTORY' };
	for (const name of ['source', 'event', 'catalogueRef']) {
		const value = typeof options[name] === 'string' ? (options[name] as string).trim() : '';
		if (value) fields[name] = value;
	}
	return fields;
}

/** The job, batch size and options are read once, from the first item: all items form one load. */
export function readCreateBatchParameters(this: IExecuteFunctions): CreateBatchParameters {
	const continueOnFail = this.continueOnFail();
	const jobId = readRequiredId.call(this, 'jobId', 'Job ID', 0);
	const batchSize = readBatchSize.call(this);
	const options = readOptions.call(this, 0);
	const settings = readRequestSettings.call(this, options, 0);
	const concurrency = readNumberOption.call(this, options, NUMBER_OPTIONS.batchConcurrency, 0);
	const waitForCompletion = this.getNodeParameter('waitForCompletion', 0, false) as boolean;
	return {
		jobId,
		batchSize,
		concurrency,
		settings,
		wait: waitForCompletion ? readWaitOptions.call(this, options, 0) : undefined,
		retailerParameter: this.getNodeParameter('retailerId', 0, ''),
		batchFields: batchFields(options),
		continueOnFail,
	};
}
