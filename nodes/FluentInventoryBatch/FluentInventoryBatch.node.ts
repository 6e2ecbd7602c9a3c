// The Fluent Inventory Batch node: its description, the editor's methods, execute via the router.
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as createBatch from './actions/createBatch/createBatch.operation';
import * as createJob from './actions/createJob.operation';
import * as getBatch from './actions/getBatch.operation';
import * as getJob from './actions/getJob.operation';
import { router } from './actions/router';
import { resourceMapping } from './methods';

export class FluentInventoryBatch implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fluent Inventory Batch',
		name: 'fluentInventoryBatch',
		icon: { light: 'file:fluentCommerce.svg', dark: 'file:fluentCommerce.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ { createJob: "Create Job", createBatch: "Create Batch", getBatch: "Get Batch", getJob: "Get Job" }[$parameter["operation"]] }}',
		description: 'Load inventory into Fluent Commerce through its Job and Batch API',
		defaults: { name: 'Fluent Inventory Batch' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fluentCommerceApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Create Batch',
						value: 'createBatch',
						action: 'Create inventory batches from input items',
						description:
							'Send all input items as inventory records, split into batches of up to 5,000',
					},
					{
						name: 'Create Job',
						value: 'createJob',
						action: 'Create a job',
						description: 'Create a Fluent job to hold inventory batches',
					},
					{
						name: 'Get Batch',
						value: 'getBatch',
						action: 'Get a batch',
						description: 'Get the status and per-record results of a batch',
					},
					{
						name: 'Get Job',
						value: 'getJob',
						action: 'Get a job',
						description: 'Get the status of a job and its batches',
					},
				],
				default: 'createJob',
			},
			...createJob.description,
			...createBatch.description,
			...getBatch.description,
			...getJob.description,
		],
	};

	methods = { resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
