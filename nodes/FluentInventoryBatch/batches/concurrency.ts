// Runs tasks for indexes in order, at most a given number at a time, until asked to stop.
/**
 * Runs `task` for the indexes 0 … count-1 in order, at most `limit` at a time. Once `shouldStop`
 * answers true no further task is started; those under way finish.
 */
export async function forEachWithLimit(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const worker = async (): Promise<void> => {
		while (!shouldStop() && next < count) {
			await task(next++);
		}
	};
	const workers = Math.max(1, Math.min(limit, count));
	await Promise.all(Array.from({ length: workers }, worker));
}
