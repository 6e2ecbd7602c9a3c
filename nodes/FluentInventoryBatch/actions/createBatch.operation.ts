import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { MAX_BATCH_SIZE } from '../helpers/constants';
import {
	jobIdProperty,
	requestOptions,
	retailerIdProperty,
	waitForCompletionProperty,
	waitOptions,
} from './common.descriptions';

const properties: INodeProperties[] = [
	jobIdProperty,
	{
		displayName: 'Inventory Records',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'autoMapInputData', value: null },
		required: true,
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
	retailerIdProperty(
		"Retailer for records that carry none. Leave empty to use the credential's Retailer ID, or else the retailer of the API user's login.",
	),
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
		default: MAX_BATCH_SIZE,
		description:
			'Records per batch. Input items are split, in order, into batches of at most this many; Fluent accepts at most 5,000.',
	},
	waitForCompletionProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
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
				description:
					'A label for where the stock figures come from. Fluent uses "batch" when empty.',
			},
			...waitOptions,
			...requestOptions,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['createBatch'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	throw new Error('createBatch is not implemented yet');
}
