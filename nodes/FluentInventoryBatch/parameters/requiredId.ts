import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Reads a Fluent ID parameter (job or batch), refusing an empty one with the usual cause named. */
export function readRequiredId(
	this: IExecuteFunctions,
	parameterName: string,
	label: string,
	itemIndex: number,
): string {
	let raw: unknown;
	try {
		raw = this.getNodeParameter(parameterName, itemIndex, '');
	} catch (error) {
		const reason = error as Error & { description?: string };
		throw new NodeOperationError(
			this.getNode(),
			`The ${label} expression could not be evaluated: ${reason.message}`,
			{
				itemIndex,
				description: `${reason.description ? `${reason.description} ` : ''}Check the ${label} field; it usually refers to the output of an earlier Fluent Inventory Batch step, such as {{ $('Create Job').first().json.jobId }}.`,
			},
		);
	}
	const value = raw === undefined || raw === null ? '' : String(raw).trim();
	if (!value) {
		throw new NodeOperationError(this.getNode(), `${label} is empty`, {
			itemIndex,
			description: `Enter the ${label}. It usually comes from an expression such as {{ $json.${parameterName} }} on the output of an earlier Fluent Inventory Batch step; check that this item has that field.`,
		});
	}
	if (typeof raw === 'object') {
		throw new NodeOperationError(
			this.getNode(),
			`${label} must be text or a number, not ${JSON.stringify(raw).slice(0, 80)}`,
			{
				itemIndex,
				description: `Point the ${label} expression at a single ID value.`,
			},
		);
	}
	return value;
}
