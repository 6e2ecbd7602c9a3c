/**
 * What a test run must undo (stop n8n, the simulator, a browser; remove a folder), undone in
 * reverse order at the end, or at once on Ctrl-C / SIGTERM: n8n runs in a process group of its
 * own, which the terminal's Ctrl-C does not reach.
 */
function createCleanups(whatIsStopped) {
	const steps = [];
	let interrupted = false;

	async function runAll() {
		while (steps.length > 0) {
			try {
				await steps.pop()();
			} catch {
				// best effort: the next step still runs
			}
		}
	}

	async function onSignal(signal) {
		interrupted = true;
		process.stdout.write(`\n${signal}: stopping ${whatIsStopped}\n`);
		await runAll();
		process.exit(130);
	}
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	return {
		/** Adds a step; returns it (for `runNow`). */
		add(step) {
			steps.push(step);
			return step;
		},
		/** Runs one step now instead of at the end. */
		async runNow(step) {
			const index = steps.lastIndexOf(step);
			if (index !== -1) steps.splice(index, 1);
			await step();
		},
		/** Runs every step left; afterwards a signal no longer triggers them. */
		async runAll() {
			await runAll();
			process.off('SIGINT', onSignal);
			process.off('SIGTERM', onSignal);
		},
		interrupted: () => interrupted,
	};
}

module.exports = { createCleanups };
