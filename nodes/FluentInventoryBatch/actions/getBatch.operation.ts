import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	batchIdProperty,
	jobIdProperty,
	requestOptions,
	waitForCompletionProperty,
	waitOptions,
} from './common.descriptions';

const properties: INodeProperties[] = [
	jobIdProperty,
	batchIdProperty,
	waitForCompletionProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...waitOptions, ...requestOptions],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['getBatch'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	throw new Error('getBatch is not implemented yet');
}
