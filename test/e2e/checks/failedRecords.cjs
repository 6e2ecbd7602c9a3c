/**
 * Issue 16 in the real n8n: the nightly example's Create Batch has On Error → Continue (using
 * error output), wired to a "Failed records" node. Reads the two nightly runs nightlyCsv.cjs
 * made (`run.nightlyRuns`): the clean one must leave the error branch idle, the one with two
 * records failed by Fluent must send exactly those two down it, paired with their CSV rows.
 */
const { nodeJson } = require('./exampleRun.cjs');

async function errorBranchGetsFailedRecords(run) {
	const { checks } = run;
	const { clean, withFailures, failing } = run.nightlyRuns ?? {};
	checks.group('Example nightly-full-load-from-csv.json: failed records on the error branch');
	checks.check(
		'no record failed in the first run, so the error branch ("Failed records") did not run',
		clean !== undefined && clean.data?.resultData?.runData?.['Failed records'] === undefined,
		JSON.stringify(nodeJson(clean, 'Failed records')).slice(0, 500),
	);
	const itemIndexes = [7, 10_001];
	const errorOutput =
		withFailures?.data?.resultData?.runData?.['Create Batch']?.[0]?.data?.main?.[1] ?? [];
	checks.checkEqual(
		"Create Batch's error output: the 2 failed records, paired with input items 7 and 10,001",
		errorOutput.map((item) => item.pairedItem),
		itemIndexes.map((item) => [{ item }]),
	);
	const batchIds = new Set(nodeJson(withFailures, 'Create Batch').map((batch) => batch.batchId));
	checks.checkEqual(
		'the error branch ("Failed records") receives exactly the failed records',
		nodeJson(withFailures, 'Failed records').map((json) => ({
			...json,
			batchId: batchIds.has(json.batchId),
		})),
		(failing ?? []).map((position, at) => ({
			itemIndex: itemIndexes[at],
			skuRef: position.skuRef,
			locationRef: position.locationRef,
			qty: String(position.qty),
			responseCode: '400',
			message: 'Location not found',
			batchId: true,
		})),
	);
	checks.checkEqual(
		'… while the main branch still gets every batch',
		nodeJson(withFailures, 'Create Batch').map((batch) => batch.recordCount),
		[5000, 5000, 2000],
	);
}

module.exports = { errorBranchGetsFailedRecords };
