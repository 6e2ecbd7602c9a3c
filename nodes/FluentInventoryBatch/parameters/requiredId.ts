// Reads and checks a Fluent job or batch ID before it becomes part of a URL.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeValue, shownValue } from '../records/valueWords';

/** Fluent's IDs are short numbers; anything longer than this is not an ID. */
const MAX_ID_LENGTH = 256;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** The error for an ID expression that n8n could not evaluate for this item. */
export function idExpressionError(
	this: IExecuteFunctions,
	input: { error: unknown; label: string; itemIndex: number },
): NodeOperationError {
	const { label, itemIndex } = input;
	const reason = input.error as Error & { description?: string };
	return new NodeOperationError(
		this.getNode(),
		`The ${label} expression could not be evaluated: ${reason.message}`,
		{
			itemIndex,
			description: `${reason.description ? `${reason.description} ` : ''}Check the ${label} field; it usually refers to the output of an earlier Fluent Inventory Batch step, such as {{ $('Create Job').first().json.jobId }}.`,
		},
	);
}

/**
 * Checks a Fluent ID (job or batch) before it becomes part of a URL: refuses an empty one (with
 * the usual cause named), one that is not text or a number, and one that would change the
 * address ("." or "..") or the request (control characters). Long IDs are shortened in messages.
 */
export function checkId(
	this: IExecuteFunctions,
	input: { raw: unknown; parameterName: string; label: string; itemIndex: number },
): string {
	const { raw, parameterName, label, itemIndex } = input;
	const refuse = (message: string, description: string) =>
		new NodeOperationError(this.getNode(), message, { itemIndex, description });
	if (raw !== null && (typeof raw === 'object' || typeof raw === 'boolean')) {
		throw refuse(
			`${label} must be text or a number, not ${describeValue(raw, shownValue)}`,
			`Point the ${label} expression at a single ID value.`,
		);
	}
	const value = raw === undefined || raw === null ? '' : String(raw).trim();
	if (!value) {
		throw refuse(
			`${label} is empty`,
			`Enter the ${label}. It usually comes from an expression such as {{ $json.${parameterName} }} on the output of an earlier Fluent Inventory Batch step; check that this item has that field.`,
		);
	}
	const fix = `Check the ${label} field: it should give an ID such as 1234 from an earlier Fluent Inventory Batch step.`;
	if (value === '.' || value === '..') {
		throw refuse(
			`${label} ${shownValue(value)} is not an ID`,
			`"." and ".." would change the address the node calls at Fluent. ${fix}`,
		);
	}
	if (CONTROL_CHARACTER.test(value)) {
		throw refuse(`${label} ${shownValue(value)} contains a control character`, fix);
	}
	if (value.length > MAX_ID_LENGTH) {
		throw refuse(
			`${label} ${shownValue(value)} is too long for an ID`,
			`Fluent's IDs have at most ${MAX_ID_LENGTH} characters. ${fix}`,
		);
	}
	return value;
}

/** Reads and checks a Fluent ID parameter (job or batch) for one item. */
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
		throw idExpressionError.call(this, { error, label, itemIndex });
	}
	return checkId.call(this, { raw, parameterName, label, itemIndex });
}
