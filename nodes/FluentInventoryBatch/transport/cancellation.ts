// Pausing and stopping when the execution is cancelled, and the request's abort signals.
import type { IExecuteFunctions, INode } from 'n8n-workflow';
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

/**
 * The execution context with another abort signal. n8n's httpRequestWithAuthentication replaces
 * the request's `abortSignal` by its context's `getExecutionCancelSignal()` (in 1.x and 2.x), so
 * a signal that also ends the request on a timeout has to come from there; everything else is
 * the context itself.
 */
export function withAbortSignal(
	context: IExecuteFunctions,
	signal: AbortSignal,
): IExecuteFunctions {
	return Object.create(context, {
		getExecutionCancelSignal: { value: () => signal },
	}) as IExecuteFunctions;
}

/** Aborts when the execution is cancelled or after `ms`, whichever comes first. */
export function requestSignals(
	cancel: AbortSignal | undefined,
	ms: number,
): { timeout: AbortSignal; either: AbortSignal } {
	const timeout = AbortSignal.timeout(ms);
	return { timeout, either: cancel ? AbortSignal.any([cancel, timeout]) : timeout };
}
