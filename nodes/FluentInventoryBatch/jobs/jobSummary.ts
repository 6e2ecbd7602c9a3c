// Counts of a load, per job and in all: the summary of Create Batch's Failed Records File and of
// Get Job's Include Batch Results share this shape.

/** One batch as counted: records sent, and once COMPLETE what Fluent reported for them. */
export interface BatchCounts {
	jobId: string;
	status: string;
	recordsSent: number;
	recordsSucceeded: number;
	recordsFailed: number;
}

export interface LoadCounts {
	batches: number;
	batchesByStatus: Record<string, number>;
	recordsSent: number;
	recordsSucceeded: number;
	recordsFailed: number;
}

export interface JobCounts extends LoadCounts {
	jobId: string;
}

const noCounts = (): LoadCounts => ({
	batches: 0,
	batchesByStatus: {},
	recordsSent: 0,
	recordsSucceeded: 0,
	recordsFailed: 0,
});

function add(counts: LoadCounts, batch: BatchCounts): void {
	counts.batches++;
	counts.batchesByStatus[batch.status] = (counts.batchesByStatus[batch.status] ?? 0) + 1;
	counts.recordsSent += batch.recordsSent;
	counts.recordsSucceeded += batch.recordsSucceeded;
	counts.recordsFailed += batch.recordsFailed;
}

export function countBatches(batches: BatchCounts[]): LoadCounts {
	const total = noCounts();
	for (const batch of batches) add(total, batch);
	return total;
}

/** The counts of all batches, and of each job in the order its first batch comes. */
export function countByJob(batches: BatchCounts[]): LoadCounts & { jobs: JobCounts[] } {
	const total = noCounts();
	const jobs = new Map<string, JobCounts>();
	for (const batch of batches) {
		add(total, batch);
		let job = jobs.get(batch.jobId);
		if (!job) {
			job = { jobId: batch.jobId, ...noCounts() };
			jobs.set(batch.jobId, job);
		}
		add(job, batch);
	}
	return { ...total, jobs: [...jobs.values()] };
}
