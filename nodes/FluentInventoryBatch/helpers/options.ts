import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestSettings } from '../transport';
import {
	DEFAULT_MAX_RETRIES,
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_REQUEST_TIMEOUT_SECONDS,
	DEFAULT_WAIT_TIMEOUT_SECONDS,
	POLL_INTERVAL_RANGE,
	WAIT_TIMEOUT_RANGE,
} from './constants';

/** Reads a number from the node's Options, refusing values outside [min, max] with a clear fix. */
export function readNumberOption(
	this: IExecuteFunctions,
	options: IDataObject,
	name: string,
	label: string,
	fallback: number,
	min: number,
	max: number,
	itemIndex: number,
): number {
	const raw = options[name];
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value = typeof raw === 'number' ? raw : Number(raw);
	if (!Number.isFinite(value) || value < min || value > max) {
		throw new NodeOperationError(
			this.getNode(),
			`"${label}" must be a number from ${min} to ${max}, but is ${JSON.stringify(raw)}`,
			{
				itemIndex,
				description: `Set "${label}" in the node's options to a value from ${min} to ${max}.`,
			},
		);
	}
	return value;
}

export function readOptions(this: IExecuteFunctions, itemIndex: number): IDataObject {
	return this.getNodeParameter('options', itemIndex, {}) as IDataObject;
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
			'requestTimeoutSeconds',
			'Request Timeout (Seconds)',
			DEFAULT_REQUEST_TIMEOUT_SECONDS,
			1,
			3600,
			itemIndex,
		),
		maxRetries: Math.floor(
			readNumberOption.call(
				this,
				options,
				'maxRetries',
				'Max Retries',
				DEFAULT_MAX_RETRIES,
				0,
				10,
				itemIndex,
			),
		),
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
			'pollIntervalSeconds',
			'Poll Interval (Seconds)',
			DEFAULT_POLL_INTERVAL_SECONDS,
			POLL_INTERVAL_RANGE.min,
			POLL_INTERVAL_RANGE.max,
			itemIndex,
		),
		timeoutSeconds: readNumberOption.call(
			this,
			options,
			'timeoutSeconds',
			'Timeout (Seconds)',
			DEFAULT_WAIT_TIMEOUT_SECONDS,
			WAIT_TIMEOUT_RANGE.min,
			WAIT_TIMEOUT_RANGE.max,
			itemIndex,
		),
		failOnRecordErrors: options.failOnRecordErrors === true,
	};
}
