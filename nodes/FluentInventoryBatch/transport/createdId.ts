// The ID of the job or batch Fluent just created, or the error when its answer has none.
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The ID of what Fluent just created (a job or a batch), from `id` or `jobId`/`batchId`; an
 * answer without one is an error that shows what Fluent said.
 */
export function createdId(
	node: INode,
	input: { response: IDataObject; kind: 'job' | 'batch'; done: string; itemIndex: number },
): string {
	const { response, kind, done, itemIndex } = input;
	const id = response.id ?? response[`${kind}Id`];
	if (id === undefined || id === null || String(id) === '') {
		throw new NodeOperationError(node, `Fluent ${done} but returned no ${kind} ID`, {
			itemIndex,
			description: `Fluent answered: ${JSON.stringify(response).slice(0, 300)}`,
		});
	}
	return String(id);
}
