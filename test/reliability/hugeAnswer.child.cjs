// One node run against a simulator that answers with a huge body, in a process of its own that
// hostileAnswers.test.js starts with a small heap; prints what came of it as one JSON line.
const { createWorld } = require('../harness/world.cjs');
const { inventoryItems } = require('../harness/inventory.cjs');

async function parametersFor(world, operation) {
	if (operation === 'createJob') return { operation, jobName: 'Huge answer', retailerId: '' };
	const jobId = await world.createJob();
	const load = world.fluentNode('Create Batch', { operation: 'createBatch', jobId });
	const loaded = await world.engine.run({ ...world.chain(load), input: inventoryItems(3) });
	if (loaded.status !== 'success') throw loaded.error ?? new Error('Create Batch failed');
	return { operation, jobId, batchId: loaded.json('Create Batch')[0].batchId };
}

async function main() {
	const { operation, endpoint, megabytes, chunked } = JSON.parse(process.argv[2]);
	const world = await createWorld();
	try {
		const parameters = await parametersFor(world, operation);
		const requestsBefore = world.simulator.stats().requests[endpoint] ?? 0;
		world.simulator.faults.hugeReply({ endpoint, megabytes, chunked });
		const result = await world.engine.run(world.chain(world.fluentNode('Node', parameters)));
		const error = result.nodeError('Node');
		process.stdout.write(
			`${JSON.stringify({
				status: result.status,
				message: error?.message,
				description: error?.description,
				requests: world.simulator.stats().requests[endpoint] - requestsBefore,
				heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
				leaked: world.leakedSecrets(result),
			})}\n`,
		);
	} finally {
		await world.close();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exitCode = 1;
});
