import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { NUMBER_OPTIONS, numberProperty } from '../parameters/numberOptions';
import {
	jobIdProperty,
	retailerIdProperty,
	waitForCompletionProperty,
	waitOptions,
	optionsCollection,
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
	{
		// The editor shows no description for a resource mapper, so auto-map names its fields here.
		displayName:
			'Each input item becomes one record from its fields named <b>skuRef</b>, <b>locationRef</b>, <b>qty</b> (these three required), retailerId, inventoryId, correctedQty, reservedQty, ref, type, status and attributes. Other fields are ignored.',
		name: 'autoMapNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { '/columns.mappingMode': ['autoMapInputData'] } },
	},
	retailerIdProperty(
		"Retailer for records that carry none. Leave empty to use the credential's Retailer ID, or else the retailer of the API user's login.",
	),
	numberProperty(NUMBER_OPTIONS.batchSize, {
		description:
			'Records per batch. Input items are split, in order, into batches of at most this many; Fluent accepts at most 5,000.',
	}),
	waitForCompletionProperty,
	optionsCollection([
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
		numberProperty(NUMBER_OPTIONS.batchConcurrency, {
			description:
				'How many batches are sent to Fluent (and, while waiting, checked) at the same time. More is faster over a slow connection and needs a little more memory; the output stays in batch order either way.',
		}),
		...waitOptions,
	]),
];

export const description = updateDisplayOptions(
	{ show: { operation: ['createBatch'] } },
	properties,
);
