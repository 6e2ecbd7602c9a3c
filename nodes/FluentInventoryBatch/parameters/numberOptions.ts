// Each number option's range and default, declared once for the editor and the runtime check.
import type { INodeProperties } from 'n8n-workflow';

/** A number the user sets: its range and default, read by the editor and the runtime check. */
export interface NumberOption {
	name: string;
	displayName: string;
	default: number;
	min: number;
	max: number;
	/** `floor`: fractions are rounded down; `required`: a fraction is refused. */
	wholeNumber?: 'floor' | 'required';
	/** In the Options collection, where an empty value means the default. */
	inOptions: boolean;
	/** Decimal places the editor allows. */
	numberPrecision?: number;
	/** What to tell the user when the value is out of range, if more than the range. */
	fix?: string;
}

/** Fluent accepts at most 5,000 inventory records in one batch. */
export const MAX_BATCH_SIZE = 5000;

export const NUMBER_OPTIONS = {
	batchSize: {
		name: 'batchSize',
		displayName: 'Batch Size',
		default: MAX_BATCH_SIZE,
		min: 1,
		max: MAX_BATCH_SIZE,
		wholeNumber: 'required',
		inOptions: false,
		fix: `Fluent accepts at most ${MAX_BATCH_SIZE} records in one batch; the node splits larger inputs into several batches by itself. Set Batch Size to ${MAX_BATCH_SIZE} or less.`,
	},
	// The default of 4 comes from the benchmark (bench/README.md).
	batchConcurrency: {
		name: 'batchConcurrency',
		displayName: 'Batches Sent at Once',
		default: 4,
		min: 1,
		max: 8,
		wholeNumber: 'floor',
		inOptions: true,
	},
	maxRetries: {
		name: 'maxRetries',
		displayName: 'Max Retries',
		default: 5,
		min: 0,
		max: 10,
		wholeNumber: 'floor',
		inOptions: true,
	},
	requestTimeoutSeconds: {
		name: 'requestTimeoutSeconds',
		displayName: 'Request Timeout (Seconds)',
		default: 60,
		min: 1,
		max: 3600,
		inOptions: true,
	},
	pollIntervalSeconds: {
		name: 'pollIntervalSeconds',
		displayName: 'Poll Interval (Seconds)',
		default: 10,
		min: 0.1,
		max: 3600,
		numberPrecision: 1,
		inOptions: true,
	},
	timeoutSeconds: {
		name: 'timeoutSeconds',
		displayName: 'Timeout (Seconds)',
		default: 600,
		min: 1,
		max: 86_400,
		inOptions: true,
	},
} satisfies Record<string, NumberOption>;

/** The default concurrency, for the benchmark that compares against it. */
export const DEFAULT_BATCH_CONCURRENCY = NUMBER_OPTIONS.batchConcurrency.default;

/** The editor property of a number option, with the option's range and default. */
export function numberProperty(
	option: NumberOption,
	rest: Pick<INodeProperties, 'description' | 'displayOptions'>,
): INodeProperties {
	const defaultValue = option.default;
	return {
		displayName: option.displayName,
		name: option.name,
		type: 'number',
		typeOptions: {
			minValue: option.min,
			maxValue: option.max,
			...(option.numberPrecision === undefined ? {} : { numberPrecision: option.numberPrecision }),
		},
		default: defaultValue,
		...rest,
	};
}
