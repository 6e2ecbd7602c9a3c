// Reads the Options collection: numbers within their range, request and wait settings.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestSettings } from '../transport/request';
import { NUMBER_OPTIONS, type NumberOption } from './numberOptions';

/**
 * Reads a number the user set, refusing one outside the option's range with a clear fix.
 * An option left empty in the Options collection takes its default.
 */
export function readNumber(
	this: IExecuteFunctions,
	input: { option: NumberOption; raw: unknown; itemIndex: number },
): number {
	const { option, raw, itemIndex } = input;
	if (option.inOptions && (raw === undefined || raw === null || raw === '')) return option.default;
	const value = typeof raw === 'number' ? raw : Number(raw);
	const whole = option.wholeNumber === 'required';
	if (
		raw === '' ||
		!Number.isFinite(value) ||
		(whole && !Number.isInteger(value)) ||
		value < option.min ||
		value > option.max
	) {
		const label = option.inOptions ? `"${option.displayName}"` : option.displayName;
		const where = option.inOptions ? ` in the node's options` : '';
		throw new NodeOperationError(
			this.getNode(),
			`${label} must be a ${whole ? 'whole number' : 'number'} from ${option.min} to ${option.max}, but is ${JSON.stringify(raw)}`,
			{
				itemIndex,
				description:
					option.fix ?? `Set ${label}${where} to a value from ${option.min} to ${option.max}.`,
			},
		);
	}
	return option.wholeNumber === 'floor' ? Math.floor(value) : value;
}

export function readOptions(this: IExecuteFunctions, itemIndex: number): IDataObject {
	return this.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

/** Reads one number from the node's Options collection. */
export function readNumberOption(
	this: IExecuteFunctions,
	options: IDataObject,
	option: NumberOption,
	itemIndex: number,
): number {
	return readNumber.call(this, { option, raw: options[option.name], itemIndex });
}

export function readRequestSettings(
	this: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): RequestSettings {
	return {
		timeoutSeconds: readNumberOption.call(
			this,
			options,
			NUMBER_OPTIONS.requestTimeoutSeconds,
			itemIndex,
		),
		maxRetries: readNumberOption.call(this, options, NUMBER_OPTIONS.maxRetries, itemIndex),
	};
}

export interface WaitOptions {
	pollIntervalSeconds: number;
	timeoutSeconds: number;
	failOnRecordErrors: boolean;
}

export function readWaitOptions(
	this: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): WaitOptions {
	return {
		pollIntervalSeconds: readNumberOption.call(
			this,
			options,
			NUMBER_OPTIONS.pollIntervalSeconds,
			itemIndex,
		),
		timeoutSeconds: readNumberOption.call(this, options, NUMBER_OPTIONS.timeoutSeconds, itemIndex),
		failOnRecordErrors: options.failOnRecordErrors === true,
	};
}
