// Hands a run to the execute of the operation the node is set to; refuses any other operation.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as createBatch from './createBatch/createBatch.operation';
import * as createJob from './createJob.operation';
import * as getBatch from './getBatch.operation';
import * as getJob from './getJob.operation';

const operations = { createBatch, createJob, getBatch, getJob };

type OperationName = keyof typeof operations;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	// n8n offers "Custom API Call" on nodes whose credential can sign any request.
	if (operation === '__CUSTOM_API_CALL__') {
		throw new NodeOperationError(
			this.getNode(),
			'Custom API calls are made with the HTTP Request node',
			{
				description:
					'Add an HTTP Request node, set Authentication to "Predefined Credential Type" and choose Fluent Commerce API; it logs in the same way and can call any Fluent endpoint.',
			},
		);
	}
	if (!Object.hasOwn(operations, operation)) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	return [await operations[operation as OperationName].execute.call(this)];
}
