// Create Batch's editor properties: Job ID, Records From, Inventory Records, the wait, Options.
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { NUMBER_OPTIONS, numberProperty } from '../../parameters/numberOptions';
import {
	jobIdProperty,
	retailerIdProperty,
	waitForCompletionProperty,
	waitOptions,
	optionsCollection,
} from '../common.descriptions';
import { csvDelimiterOption, fileProperties, recordsFromProperty } from './fileRecords.description';

const forItems = { show: { recordsFrom: ['inputItems'] } };

const createBatchOptions = optionsCollection([
	csvDelimiterOption,
	{
		displayName: 'Catalogue Ref',
		name: 'catalogueRef',
		type: 'string',
		default: '',
		description:
			'The inventory catalogue to load into. Fluent uses DEFAULT:&lt;retailerId&gt; when empty.',
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'string',
		default: '',
		description:
			'The workflow event Fluent raises for the records. Fluent uses InventoryChanged when empty.',
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: '',
		placeholder: 'e.g. ERP',
		description: 'A label for where the stock figures come from. Fluent uses "batch" when empty.',
	},
	{
		displayName: 'When the Job Closes',
		name: 'onClosedJob',
		type: 'options',
		default: 'createNewJob',
		options: [
			{
				name: 'Continue in a New Job',
				value: 'createNewJob',
				description:
					'Create a job with the same retailer, named "… (continued)", and send this batch and every later one there; each output item\'s jobId says where its batch went',
			},
			{
				name: 'Fail',
				value: 'fail',
				description: 'Stop, naming the batches Fluent accepted and the items not loaded',
			},
		],
		description:
			"What to do when Fluent refuses a batch because the job is CLOSED (Fluent closes jobs at midnight UTC, so a load running across midnight meets it). With Reuse Today's Job on Create Job, the new job becomes the one reused.",
	},
	numberProperty(NUMBER_OPTIONS.batchConcurrency, {
		description:
			'How many batches are sent to Fluent (and, while waiting, checked) at the same time. More is faster over a slow connection and needs a little more memory; the output stays in batch order either way.',
	}),
	...waitOptions,
	{
		displayName: 'Failed Records File',
		name: 'failedRecordsFile',
		type: 'boolean',
		default: false,
		description:
			'Whether to add one summary item after the batches, with counts per job and a CSV file (binary property "failedRecords", failedRecords.csv) listing every record that did not load, with Fluent\'s responseCode and message. The file has only its header row when every record loaded.',
		displayOptions: { show: { '/waitForCompletion': [true] } },
	},
]);

/** Each option of the Options collection: its name → the label messages give it. */
export const OPTION_LABELS: Record<string, string> = Object.fromEntries(
	(createBatchOptions.options as INodeProperties[]).map((option) => [
		option.name,
		option.displayName,
	]),
);

const properties: INodeProperties[] = [
	// Its input items are stock positions, so the job ID comes from the Create Job step itself.
	{ ...jobIdProperty, placeholder: "e.g. {{ $('Create Job').first().json.jobId }}" },
	recordsFromProperty,
	...fileProperties,
	{
		displayName: 'Inventory Records',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'autoMapInputData', value: null },
		required: true,
		displayOptions: forItems,
		typeOptions: {
			resourceMapper: {
				resourceMapperMethod: 'getInventoryRecordFields',
				mode: 'add',
				fieldWords: { singular: 'record field', plural: 'record fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		description:
			'How each input item becomes one inventory record. Auto-map takes the fields named skuRef, locationRef, qty, correctedQty, reservedQty, retailerId, inventoryId, ref, type, status and attributes from each item and ignores the rest.',
	},
	{
		// The editor shows no description for a resource mapper, so auto-map names its fields here.
		displayName:
			'Each input item becomes one record from its fields named <b>skuRef</b>, <b>locationRef</b>, <b>qty</b> (these three required), retailerId, inventoryId, correctedQty, reservedQty, ref, type, status and attributes. Other fields are ignored.',
		name: 'autoMapNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: { ...forItems.show, '/columns.mappingMode': ['autoMapInputData'] },
		},
	},
	retailerIdProperty(
		"Retailer for records that carry none. Leave empty to use the credential's Retailer ID, or else the retailer of the API user's login.",
	),
	numberProperty(NUMBER_OPTIONS.batchSize, {
		description:
			'Records per batch. Input items are split, in order, into batches of at most this many; Fluent accepts at most 5,000.',
	}),
	waitForCompletionProperty,
	createBatchOptions,
];

export const description = updateDisplayOptions(
	{ show: { operation: ['createBatch'] } },
	properties,
);
