// Everything Create Batch reads from its parameters; all but Retailer ID the same for every item.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RequestSettings } from '../transport/request';
import {
	readFileLoadParameters,
	readsRecordsFromFile,
	type FileLoadParameters,
} from './fileParameters';
import { itemParameter, valueForAllItems, type ItemParameter } from './itemParameter';
import { NUMBER_OPTIONS } from './numberOptions';
import { readOnClosedJob, type OnClosedJob } from './onClosedJob';
import {
	readNumber,
	readNumberOption,
	readRequestSettings,
	readWaitOptions,
	type WaitOptions,
} from './options';
import { checkId, idExpressionError } from './requiredId';
import { parameterText } from './textValue';

/** Everything Create Batch reads from its parameters. */
export interface CreateBatchParameters {
	jobId: string;
	batchSize: number;
	/** How many batches are sent (and, while waiting, checked) at the same time. */
	concurrency: number;
	settings: RequestSettings;
	/** Set when Wait for Completion is on. */
	wait?: WaitOptions;
	/** The node's Retailer ID of each item: the default retailer of that item's record. */
	retailerParameter: ItemParameter;
	/** action, entityType and the optional source, event and catalogueRef. */
	batchFields: IDataObject;
	/** Options → Failed Records File; only with Wait for Completion on. */
	failedRecordsFile: boolean;
	/** Options → When the Job Closes. */
	onClosedJob: OnClosedJob;
	/** Set when Records From is Binary File. */
	file?: FileLoadParameters;
	continueOnFail: boolean;
}

/** What the editor declares that the reading needs: it is the one place these are written. */
export interface CreateBatchEditor {
	/** Each option of the Options collection: its name → its display name. */
	optionLabels: Record<string, string>;
	/** The record fields a file's column may be given for. */
	recordFields: string[];
}

const SPLIT =
	'or split the items first (for example with Loop Over Items, or an If node in front of two Create Batch nodes) so that each Create Batch gets one value';
const SAME_JOB_FIX = `Create Batch sends all its input items as one load into one job. Use one Job ID for every item, such as {{ $('Create Job').first().json.jobId }}, ${SPLIT}.`;
const SAME_SETTING_FIX = `Create Batch sends all its input items as one load, with one Batch Size, one Wait for Completion and one set of options. Use the same value for every item, ${SPLIT}.`;

function batchFields(
	this: IExecuteFunctions,
	options: IDataObject,
	optionLabels: Record<string, string>,
): IDataObject {
	const fields: IDataObject = { action: 'UPSERT', entityType: 'INVENTORY' };
	for (const name of ['source', 'event', 'catalogueRef']) {
		const label = `"${optionLabels[name]}" in the node's options`;
		const value = parameterText(this.getNode(), { value: options[name], label, itemIndex: 0 });
		if (value) fields[name] = value;
	}
	return fields;
}

/** The Options collection, each option read by its cheapest route and the same for all items. */
function readOptionsForAllItems(
	this: IExecuteFunctions,
	itemCount: number,
	optionLabels: Record<string, string>,
): IDataObject {
	const raw = this.getNodeParameter('options', 0, {}, { rawExpressions: true }) as IDataObject;
	const options: IDataObject = {};
	for (const name of Object.keys(raw ?? {})) {
		options[name] = valueForAllItems(this.getNode(), {
			parameter: itemParameter.call(this, `options.${name}`, undefined),
			label: `"${optionLabels[name] ?? name}" in the node's options`,
			itemCount,
			check: (value) => value,
			fix: SAME_SETTING_FIX,
		}) as IDataObject[string];
	}
	return options;
}

/**
 * All input items form one load into one job: Job ID, Batch Size, Wait for Completion and the
 * options must be the same for every item, and an item whose value differs is refused before
 * anything is sent. Retailer ID is read per item (see `retailerParameter`).
 */
export function readCreateBatchParameters(
	this: IExecuteFunctions,
	editor: CreateBatchEditor,
): CreateBatchParameters {
	const continueOnFail = this.continueOnFail();
	const itemCount = this.getInputData().length;
	const jobIdParameter = itemParameter.call(this, 'jobId', '');
	const jobId = valueForAllItems(this.getNode(), {
		parameter: {
			sameForAll: jobIdParameter.sameForAll,
			valueAt: (itemIndex) => {
				try {
					return jobIdParameter.valueAt(itemIndex);
				} catch (error) {
					throw idExpressionError.call(this, { error, label: 'Job ID', itemIndex });
				}
			},
		},
		label: 'Job ID',
		itemCount,
		check: (raw: unknown, itemIndex: number): string =>
			checkId.call(this, { raw, parameterName: 'jobId', label: 'Job ID', itemIndex }),
		fix: SAME_JOB_FIX,
	});
	const batchSizeOption = NUMBER_OPTIONS.batchSize;
	const batchSize = valueForAllItems(this.getNode(), {
		parameter: itemParameter.call(this, batchSizeOption.name, batchSizeOption.default),
		label: batchSizeOption.displayName,
		itemCount,
		check: (raw: unknown, itemIndex: number): number =>
			readNumber.call(this, { option: batchSizeOption, raw, itemIndex }),
		fix: SAME_SETTING_FIX,
	});
	const waitForCompletion = valueForAllItems(this.getNode(), {
		parameter: itemParameter.call(this, 'waitForCompletion', false),
		label: 'Wait for Completion',
		itemCount,
		check: (value: unknown): boolean => value === true,
		fix: SAME_SETTING_FIX,
	});
	const options = readOptionsForAllItems.call(this, itemCount, editor.optionLabels);
	return {
		jobId,
		batchSize,
		concurrency: readNumberOption.call(this, options, NUMBER_OPTIONS.batchConcurrency, 0),
		settings: readRequestSettings.call(this, options, 0),
		wait: waitForCompletion ? readWaitOptions.call(this, options, 0) : undefined,
		retailerParameter: itemParameter.call(this, 'retailerId', ''),
		batchFields: batchFields.call(this, options, editor.optionLabels),
		failedRecordsFile: waitForCompletion && options.failedRecordsFile === true,
		onClosedJob: readOnClosedJob.call(this, options),
		file: readsRecordsFromFile.call(this)
			? readFileLoadParameters.call(this, options, editor.recordFields)
			: undefined,
		continueOnFail,
	};
}
