import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	invalidItemsReport,
	partialLoadReport,
	recordFailuresReport,
	sentBatchJson,
	timeoutReport,
	withResults,
} from '../helpers/batchReports';
import { planBatches, type RecordSource } from '../helpers/batchPlan';
import { sendBatches, type SentBatch } from '../helpers/batchSending';
import { waitForBatches, type WatchedBatch } from '../helpers/batchWaiting';
import { DEFAULT_BATCH_CONCURRENCY, JOB_STATUS_CLOSED, MAX_BATCH_SIZE } from '../helpers/constants';
import { fieldSource, readInputField } from '../helpers/fieldMapping';
import { forEachWithLimit } from '../helpers/concurrency';
import { readRequiredId } from '../helpers/ids';
import {
	readNumberOption,
	readOptions,
	readRequestSettings,
	readWaitOptions,
} from '../helpers/options';
import { cancelledError } from '../helpers/pause';
import { errorItemJson } from '../helpers/perItem';
import { describeProblem } from '../helpers/records';
import { readRecordResults, type RecordResultsSummary } from '../helpers/recordResults';
import { knownRetailerId, loginRetailerId } from '../helpers/retailer';
import { getJob, type RequestSettings } from '../transport';
import {
	jobIdProperty,
	retailerIdProperty,
	waitForCompletionProperty,
	waitOptions,
	optionsCollection,
} from './common.descriptions';

const properties: INodeProperties[] = [
	jobIdProperty,
	{
		displayName: 'Inventory Records',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'autoMapInputData', value: null },
		required: true,
		typeOptions: {
			resourceMapper: {
				resourceMapperMethod: 'getInventoryRecordFields',
				mode: 'add',
				fieldWords: { singular: 'record field', plural: 'record fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		description:
			'How each input item becomes one inventory record. Auto-map takes the fields named skuRef, locationRef, qty, correctedQty, reservedQty, retailerId, inventoryId, ref, type, status and attributes from each item and ignores the rest.',
	},
	{
		// The editor shows no description for a resource mapper, so auto-map names its fields here.
		displayName:
			'Each input item becomes one record from its fields named <b>skuRef</b>, <b>locationRef</b>, <b>qty</b> (these three required), retailerId, inventoryId, correctedQty, reservedQty, ref, type, status and attributes. Other fields are ignored.',
		name: 'autoMapNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { '/columns.mappingMode': ['autoMapInputData'] } },
	},
	retailerIdProperty(
		"Retailer for records that carry none. Leave empty to use the credential's Retailer ID, or else the retailer of the API user's login.",
	),
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
		default: MAX_BATCH_SIZE,
		description:
			'Records per batch. Input items are split, in order, into batches of at most this many; Fluent accepts at most 5,000.',
	},
	waitForCompletionProperty,
	optionsCollection([
		{
			displayName: 'Catalogue Ref',
			name: 'catalogueRef',
			type: 'string',
			default: '',
			description:
				'The inventory catalogue to load into. Fluent uses DEFAULT:&lt;retailerId&gt; when empty.',
		},
		{
			displayName: 'Event',
			name: 'event',
			type: 'string',
			default: '',
			description:
				'The workflow event Fluent raises for the records. Fluent uses InventoryChanged when empty.',
		},
		{
			displayName: 'Source',
			name: 'source',
			type: 'string',
			default: '',
			placeholder: 'e.g. ERP',
			description: 'A label for where the stock figures come from. Fluent uses "batch" when empty.',
		},
		{
			displayName: 'Batches Sent at Once',
			name: 'batchConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 8 },
			default: DEFAULT_BATCH_CONCURRENCY,
			description:
				'How many batches are sent to Fluent (and, while waiting, checked) at the same time. More is faster over a slow connection and needs a little more memory; the output stays in batch order either way.',
		},
		...waitOptions,
	]),
];

export const description = updateDisplayOptions(
	{ show: { operation: ['createBatch'] } },
	properties,
);

function readBatchSize(this: IExecuteFunctions): number {
	const raw = this.getNodeParameter('batchSize', 0, MAX_BATCH_SIZE) as unknown;
	const value = typeof raw === 'number' ? raw : Number(raw);
	if (raw === '' || !Number.isInteger(value) || value < 1 || value > MAX_BATCH_SIZE) {
		throw new NodeOperationError(
			this.getNode(),
			`Batch Size must be a whole number from 1 to ${MAX_BATCH_SIZE}, but is ${JSON.stringify(raw)}`,
			{
				itemIndex: 0,
				description: `Fluent accepts at most ${MAX_BATCH_SIZE} records in one batch; the node splits larger inputs into several batches by itself. Set Batch Size to ${MAX_BATCH_SIZE} or less.`,
			},
		);
	}
	return value;
}

function recordSource(this: IExecuteFunctions, items: INodeExecutionData[]): RecordSource {
	const mode = this.getNodeParameter('columns.mappingMode', 0, 'autoMapInputData') as string;
	if (mode !== 'defineBelow') {
		return {
			itemCount: items.length,
			keepRecords: false,
			read: (itemIndex) => items[itemIndex].json,
		};
	}

	const mapped = this.getNodeParameter('columns.value', 0, {}, { rawExpressions: true });
	const fields = Object.entries((mapped ?? {}) as IDataObject).map(
		([field, rawValue]) => [field, fieldSource(rawValue)] as const,
	);
	const evaluate = (itemIndex: number, field: string) =>
		this.getNodeParameter(`columns.value.${field}`, itemIndex, undefined, {
			skipValidation: true,
		});
	const hasExpressions = fields.some(([, source]) => source.kind === 'expression');
	return {
		itemCount: items.length,
		// Expressions are costly, so their results are kept rather than evaluated again to send.
		keepRecords: hasExpressions,
		read: (itemIndex) => {
			const record: Record<string, unknown> = {};
			for (const [field, source] of fields) {
				record[field] =
					source.kind === 'fixed'
						? source.value
						: source.kind === 'inputField'
							? readInputField(items[itemIndex].json, source.path)
							: evaluate(itemIndex, field);
			}
			return record;
		},
		failedField: (itemIndex) =>
			fields.find(([field, source]) => {
				if (source.kind !== 'expression') return false;
				try {
					evaluate(itemIndex, field);
					return false;
				} catch {
					return true;
				}
			})?.[0],
	};
}

function batchFields(options: IDataObject): IDataObject {
	const fields: IDataObject = { action: 'UPSERT', entityType: 'INVENTORY' };
	for (const name of ['source', 'event', 'catalogueRef']) {
		const value = typeof options[name] === 'string' ? (options[name] as string).trim() : '';
		if (value) fields[name] = value;
	}
	return fields;
}

const pairedWith = (itemIndexes: number[]): IPairedItemData[] =>
	itemIndexes.map((item) => ({ item }));

/** When Fluent rejects a batch, checks whether the reason is that the job has closed. */
async function explainRejectedBatch(
	this: IExecuteFunctions,
	jobId: string,
	error: NodeApiError | NodeOperationError,
	settings: RequestSettings,
): Promise<NodeApiError | NodeOperationError> {
	const status = error instanceof NodeApiError ? Number(error.httpCode) : NaN;
	if (![400, 404, 409, 410, 422].includes(status)) return error;
	let job: IDataObject;
	try {
		job = await getJob.call(this, jobId, 0, { ...settings, maxRetries: 1 });
	} catch {
		return error;
	}
	if (String(job.status ?? '').toUpperCase() !== JOB_STATUS_CLOSED) return error;
	return new NodeOperationError(
		this.getNode(),
		`Job ${jobId} is CLOSED, so Fluent accepts no more batches into it`,
		{
			itemIndex: 0,
			description:
				'Fluent closes jobs at midnight UTC (some accounts: 24 hours after they were created). Create a new job with Create Job, point Job ID at it, and run the load again.',
		},
	);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length === 0) return [];
	const continueOnFail = this.continueOnFail();

	// The job, batch size and options are read once, from the first item: all items form one load.
	const jobId = readRequiredId.call(this, 'jobId', 'Job ID', 0);
	const batchSize = readBatchSize.call(this);
	const options = readOptions.call(this, 0);
	const settings = readRequestSettings.call(this, options, 0);
	const concurrency = Math.floor(
		readNumberOption.call(
			this,
			options,
			'batchConcurrency',
			'Batches Sent at Once',
			DEFAULT_BATCH_CONCURRENCY,
			1,
			8,
			0,
		),
	);
	const waitForCompletion = this.getNodeParameter('waitForCompletion', 0, false) as boolean;
	const wait = waitForCompletion ? readWaitOptions.call(this, options, 0) : undefined;

	const retailerParameter = this.getNodeParameter('retailerId', 0, '');
	const known = await knownRetailerId.call(this, retailerParameter, 0);
	const source = recordSource.call(this, items);
	let plan = planBatches(source, batchSize, { value: known, resolveLater: known === undefined });
	const refuseIfInvalid = () => {
		if (plan.problems.size === 0 || continueOnFail) return;
		const report = invalidItemsReport(plan.problems, items.length);
		throw new NodeOperationError(this.getNode(), report.message, {
			itemIndex: plan.problems.keys().next().value,
			description: report.description,
		});
	};
	refuseIfInvalid();

	if (known === undefined && plan.withoutRetailer > 0) {
		// Only now, with every record checked, may the node log in to learn the login's retailer.
		// Planned again with the retailer found, so that a record naming that retailer and one
		// relying on the default are seen as the same stock position.
		const found = await loginRetailerId.call(this, 0, settings);
		plan = planBatches(source, batchSize, { value: found, resolveLater: false });
		refuseIfInvalid();
	}

	const output: INodeExecutionData[] = [];
	const { sent, failure } = await sendBatches.call(this, {
		jobId,
		batches: plan.batches,
		recordAt: plan.recordAt,
		batchFields: batchFields(options),
		concurrency,
		settings,
	});
	const accepted = sent.filter((batch): batch is SentBatch => batch !== undefined);
	const acceptedItems = (): INodeExecutionData[] =>
		accepted.map((batch) => ({
			json: sentBatchJson(jobId, batch, plan.batches.length),
			pairedItem: pairedWith(batch.itemIndexes),
		}));

	if (failure) {
		const error = await explainRejectedBatch.call(this, jobId, failure.error, settings);
		const report = partialLoadReport({
			jobId,
			batches: plan.batches,
			sent,
			failedBatchNumber: failure.batchNumber,
			reason: error.message,
			reasonDescription: error.description,
		});
		if (!continueOnFail) {
			throw new NodeOperationError(this.getNode(), report.message, {
				itemIndex: plan.batches[failure.batchNumber - 1][0],
				description: report.description,
			});
		}
		output.push(...acceptedItems());
		plan.batches.forEach((itemIndexes, position) => {
			if (sent[position]) return;
			const batchNumber = position + 1;
			output.push({
				json: {
					error:
						batchNumber === failure.batchNumber
							? report.message
							: `Batch ${batchNumber} was not sent because batch ${failure.batchNumber} failed`,
					description: report.description,
					jobId,
					batchNumber,
					recordCount: itemIndexes.length,
					firstItemIndex: itemIndexes[0],
					lastItemIndex: itemIndexes[itemIndexes.length - 1],
				},
				pairedItem: pairedWith(itemIndexes),
			});
		});
	} else if (!wait) {
		output.push(...acceptedItems());
	} else {
		output.push(
			...(await waitAndReport.call(
				this,
				jobId,
				accepted,
				plan.batches.length,
				wait,
				settings,
				concurrency,
				continueOnFail,
			)),
		);
	}

	for (const [itemIndex, problems] of plan.problems) {
		output.push({
			json: {
				error: describeProblem(problems[0]),
				itemIndex,
				problems: problems.map((problem) => ({
					field: problem.field,
					problem: problem.problem,
					fix: problem.fix,
				})),
			},
			pairedItem: { item: itemIndex },
		});
	}
	return output;
}

async function waitAndReport(
	this: IExecuteFunctions,
	jobId: string,
	accepted: SentBatch[],
	batchCount: number,
	wait: ReturnType<typeof readWaitOptions>,
	settings: RequestSettings,
	concurrency: number,
	continueOnFail: boolean,
): Promise<INodeExecutionData[]> {
	const watched: WatchedBatch[] = accepted.map((batch) => ({
		jobId,
		batchId: batch.batchId,
		itemIndex: batch.itemIndexes[0],
		lastStatus: batch.status,
	}));
	let outcome: Awaited<ReturnType<typeof waitForBatches>>;
	const summaries = new Map<string, RecordResultsSummary>();
	try {
		outcome = await waitForBatches.call(this, watched, {
			pollIntervalSeconds: wait.pollIntervalSeconds,
			timeoutSeconds: wait.timeoutSeconds,
			request: settings,
			concurrency,
		});
		const complete = [...outcome.complete];
		await forEachWithLimit(complete.length, concurrency, async (index) => {
			const [batch, fluentBatch] = complete[index];
			summaries.set(
				batch.batchId,
				await readRecordResults.call(
					this,
					jobId,
					batch.batchId,
					batch.itemIndex,
					settings,
					fluentBatch,
				),
			);
		});
	} catch (error) {
		if (this.getExecutionCancelSignal()?.aborted) throw cancelledError(this.getNode(), 0);
		const reason = error as NodeApiError | NodeOperationError;
		const message = `All ${accepted.length} batches reached job ${jobId}, but waiting for them failed: ${reason.message}`;
		const description =
			`${reason.description ?? ''} The records were sent; check the batches later with Get Batch.`.trim();
		if (!continueOnFail) {
			throw new NodeOperationError(this.getNode(), message, { itemIndex: 0, description });
		}
		return accepted.map((batch) => ({
			json: { ...sentBatchJson(jobId, batch, batchCount), error: message, description },
			pairedItem: pairedWith(batch.itemIndexes),
		}));
	}

	const unfinished = new Set(outcome.unfinished.map((batch) => batch.batchId));
	const timeout =
		unfinished.size > 0
			? timeoutReport({
					jobId,
					unfinished: outcome.unfinished,
					batchCount,
					timeoutSeconds: wait.timeoutSeconds,
				})
			: undefined;
	const withFailures = [...summaries.entries()]
		.filter(([, summary]) => summary.recordsFailed > 0)
		.map(([batchId, summary]) => ({ batchId, summary }));
	const recordFailures =
		wait.failOnRecordErrors && withFailures.length > 0
			? recordFailuresReport(jobId, withFailures)
			: undefined;

	if (!continueOnFail && (timeout || recordFailures)) {
		const report = timeout ?? (recordFailures as { message: string; description: string });
		throw new NodeOperationError(this.getNode(), report.message, {
			itemIndex: 0,
			description: report.description,
		});
	}

	return accepted.map((batch, position) => {
		const watchedBatch = watched[position];
		let json: IDataObject = {
			...sentBatchJson(jobId, batch, batchCount),
			status: watchedBatch.lastStatus,
		};
		const summary = summaries.get(batch.batchId);
		if (summary) json = withResults(json, summary);
		json.waitedSeconds = Math.round(outcome.waitedSeconds * 10) / 10;
		if (timeout && unfinished.has(batch.batchId)) {
			json = { ...json, ...errorItemJson({ name: 'Timeout', ...timeout }) };
		} else if (recordFailures && summary && summary.recordsFailed > 0) {
			json = { ...json, ...errorItemJson({ name: 'RecordErrors', ...recordFailures }) };
		}
		return { json, pairedItem: pairedWith(batch.itemIndexes) };
	});
}
