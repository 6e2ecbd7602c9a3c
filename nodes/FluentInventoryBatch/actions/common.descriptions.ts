// Editor properties the operations share: Job ID, Batch ID, Retailer ID, wait and request options.
import type { INodeProperties } from 'n8n-workflow';

import { NUMBER_OPTIONS, numberProperty } from '../parameters/numberOptions';

export const jobIdProperty: INodeProperties = {
	displayName: 'Job ID',
	name: 'jobId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. {{ $json.jobId }}',
	description: 'The Fluent job, usually the output of a Create Job step',
};

export const batchIdProperty: INodeProperties = {
	displayName: 'Batch ID',
	name: 'batchId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. {{ $json.batchId }}',
	description: 'The Fluent batch, usually the output of a Create Batch step',
};

export function retailerIdProperty(description: string): INodeProperties {
	return {
		displayName: 'Retailer ID',
		name: 'retailerId',
		type: 'string',
		default: '',
		description,
	};
}

export const waitForCompletionProperty: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: false,
	description:
		'Whether to poll Fluent until the batch is COMPLETE and report its per-record results. COMPLETE means processed, with or without record errors. When off, the node returns at once and Get Batch can check later.',
};

/** Options that only matter while waiting; shown only when Wait for Completion is on. */
export const waitOptions: INodeProperties[] = [
	numberProperty(NUMBER_OPTIONS.pollIntervalSeconds, {
		description: 'Time between two status checks while waiting',
		displayOptions: { show: { '/waitForCompletion': [true] } },
	}),
	numberProperty(NUMBER_OPTIONS.timeoutSeconds, {
		description:
			'The longest the node waits for COMPLETE. When it passes, the node fails (or, with Continue On Fail, outputs an error item) naming each batch and its last status; the batches keep processing in Fluent.',
		displayOptions: { show: { '/waitForCompletion': [true] } },
	}),
	{
		displayName: 'Fail on Record Errors',
		name: 'failOnRecordErrors',
		type: 'boolean',
		default: false,
		description:
			'Whether to fail the node when Fluent reports any record of a completed batch as failed. When off, the failed records are listed on the output.',
		displayOptions: { show: { '/waitForCompletion': [true] } },
	},
];

/** Options every operation has: how each single request to Fluent behaves. */
export const requestOptions: INodeProperties[] = [
	numberProperty(NUMBER_OPTIONS.maxRetries, {
		description:
			'How often a request is retried after "too many requests" (429), a Fluent server error (500, 502, 503, 504) or a lost connection. Rejections such as 400 or 403 are never retried.',
	}),
	numberProperty(NUMBER_OPTIONS.requestTimeoutSeconds, {
		description: 'How long one request may take before it counts as failed and is retried',
	}),
];

/** The operation's "Options" collection: its own options, then the request options. */
export function optionsCollection(operationOptions: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...operationOptions, ...requestOptions],
	};
}
