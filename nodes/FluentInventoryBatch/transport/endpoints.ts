// The Fluent endpoints the node calls: post and get job, post and get batch, current user.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { API_PREFIX } from '../connection/fluentApi';
import {
	fluentApiRequest,
	fluentApiRequestDuringWait,
	type FluentRequest,
	type RequestSettings,
} from './request';

export const BATCH_STATUS_COMPLETE = 'COMPLETE';
export const JOB_STATUS_CLOSED = 'CLOSED';
export const JOB_STATUS_OPEN = 'OPEN';

/** Page size asked for when reading a batch's per-record results. */
export const RESULTS_PAGE_SIZE = 1000;

const id = (value: string) => encodeURIComponent(value);

export async function postJob(
	this: IExecuteFunctions,
	body: IDataObject,
	itemIndex: number,
	settings: RequestSettings,
): Promise<IDataObject> {
	return await fluentApiRequest.call(
		this,
		{
			method: 'POST',
			path: `${API_PREFIX}/job`,
			body,
			action: 'create a job',
			itemIndex,
			answer: 'created',
		},
		settings,
	);
}

export async function getJob(
	this: IExecuteFunctions,
	jobId: string,
	itemIndex: number,
	settings: RequestSettings,
): Promise<IDataObject> {
	return await fluentApiRequest.call(
		this,
		{
			method: 'GET',
			path: `${API_PREFIX}/job/${id(jobId)}`,
			action: `read job ${jobId}`,
			notFound: `job ${jobId}`,
			itemIndex,
			answer: 'job',
		},
		settings,
	);
}

/** A batch of a job, and the input item it is reported against. */
export interface BatchRef {
	jobId: string;
	batchId: string;
	itemIndex: number;
}

export async function postBatch(
	this: IExecuteFunctions,
	/** body: the batch as JSON, or its JSON already written as bytes. */
	batch: { jobId: string; body: IDataObject | Buffer; action: string; itemIndex: number },
	settings: RequestSettings,
): Promise<IDataObject> {
	const { jobId, body, action, itemIndex } = batch;
	return await fluentApiRequest.call(
		this,
		{
			method: 'POST',
			path: `${API_PREFIX}/job/${id(jobId)}/batch`,
			body,
			action,
			notFound: `job ${jobId}`,
			itemIndex,
			answer: 'created',
		},
		settings,
	);
}

function batchRequest(batch: BatchRef, page?: { start: number; count: number }): FluentRequest {
	const { jobId, batchId, itemIndex } = batch;
	return {
		method: 'GET',
		path: `${API_PREFIX}/job/${id(jobId)}/batch/${id(batchId)}`,
		qs: page ? { start: page.start, count: page.count } : undefined,
		action: `read batch ${batchId} of job ${jobId}`,
		notFound: `batch ${batchId} in job ${jobId}`,
		itemIndex,
		answer: 'batch',
	};
}

export async function getBatch(
	this: IExecuteFunctions,
	batch: BatchRef,
	settings: RequestSettings,
	page?: { start: number; count: number },
): Promise<IDataObject> {
	return await fluentApiRequest.call(this, batchRequest(batch, page), settings);
}

/** A status poll of the wait: undefined when the wait's Timeout ran out during the request. */
export async function pollBatch(
	this: IExecuteFunctions,
	batch: BatchRef,
	settings: RequestSettings,
	page: { start: number; count: number },
): Promise<IDataObject | undefined> {
	return await fluentApiRequestDuringWait.call(this, batchRequest(batch, page), settings);
}

/** A cheap authenticated call; it makes n8n log in when no token is stored yet. */
export async function getCurrentUser(
	this: IExecuteFunctions,
	itemIndex: number,
	settings: RequestSettings,
): Promise<IDataObject> {
	return await fluentApiRequest.call(
		this,
		{
			method: 'POST',
			path: '/graphql',
			body: { query: '{ me { id } }' },
			action: 'look up the API user (to learn its retailer)',
			itemIndex,
			answer: 'object',
		},
		settings,
	);
}
