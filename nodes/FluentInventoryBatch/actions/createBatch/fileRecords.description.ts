// The editor properties of Records From: Binary File (binary field, format, columns, delimiter).
import type { INodeProperties } from 'n8n-workflow';

import { RECORD_FIELDS } from '../../records/fieldDefinitions';

const forFiles = { show: { recordsFrom: ['binaryFile'] } };

export const recordsFromProperty: INodeProperties = {
	displayName: 'Records From',
	name: 'recordsFrom',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Input Items',
			value: 'inputItems',
			description: 'Each input item is one record',
		},
		{
			name: 'Binary File',
			value: 'binaryFile',
			description:
				"Each row of a CSV or JSON file in the input items' binary data is one record; the file is read in pieces, so a million rows need little memory",
		},
	],
	default: 'inputItems',
};

/** Shown for Records From: Binary File only. */
export const fileProperties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data',
		hint: 'The name of the input binary field that holds the file',
		description:
			'Every input item must hold a file in this binary field; the rows of all the files form the one load',
		displayOptions: forFiles,
	},
	{
		displayName: 'File Format',
		name: 'fileFormat',
		type: 'options',
		options: [
			{
				name: 'CSV',
				value: 'csv',
				description: 'A header row with the column names, then one record per row',
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'An array of objects, or one object per line (JSON Lines)',
			},
		],
		default: 'csv',
		displayOptions: forFiles,
	},
	{
		displayName: 'Column Names',
		name: 'fileColumns',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Column Name',
		default: {},
		description:
			'Columns (JSON: properties) named like a record field, such as skuRef or qty, are that field. Name here the columns that are called differently, such as sku → skuRef.',
		displayOptions: forFiles,
		options: [
			{
				displayName: 'Column',
				name: 'column',
				values: [
					{
						displayName: 'Column in File',
						name: 'column',
						type: 'string',
						default: '',
						placeholder: 'e.g. on_hand',
						description: 'The name in the header row (JSON: the property name)',
					},
					{
						displayName: 'Record Field',
						name: 'field',
						type: 'options',
						options: RECORD_FIELDS.map((field) => ({ name: field.id, value: field.id })),
						default: 'skuRef',
						description: "The Fluent record field this column's values go to",
					},
				],
			},
		],
	},
];

export const csvDelimiterOption: INodeProperties = {
	displayName: 'CSV Delimiter',
	name: 'csvDelimiter',
	type: 'string',
	default: ',',
	placeholder: 'e.g. ;',
	description:
		'The character between the values of a row; enter \\t or "tab" for a tab. Used for Records From: Binary File with File Format: CSV.',
	displayOptions: { show: { '/recordsFrom': ['binaryFile'], '/fileFormat': ['csv'] } },
};
