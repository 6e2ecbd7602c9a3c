import type { INode } from 'n8n-workflow';
import * as n8nWorkflow from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

type AbortableSleep = (ms: number, abortSignal?: AbortSignal) => Promise<void>;

/**
 * Sleeps, ending early (rejecting) when the execution is cancelled.
 * n8n-workflow comes from the host n8n: older versions export `sleepWithAbort`, newer ones
 * take the abort signal in `sleep` itself, so use whichever this n8n provides.
 */
export async function pause(ms: number, abortSignal: AbortSignal | undefined): Promise<void> {
	if (ms <= 0) return;
	const helpers = n8nWorkflow as unknown as {
		sleepWithAbort?: AbortableSleep;
		sleep: AbortableSleep;
	};
	if (abortSignal && typeof helpers.sleepWithAbort === 'function') {
		await helpers.sleepWithAbort(ms, abortSignal);
	} else {
		await helpers.sleep(ms, abortSignal);
	}
}

export function cancelledError(node: INode, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(node, 'The execution was cancelled', {
		itemIndex,
		description: 'The node stopped waiting for Fluent because the execution was cancelled.',
	});
}
