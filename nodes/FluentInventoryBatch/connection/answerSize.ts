// Reads an HTTP answer that n8n hands over as a stream, never past a size limit (node and login).

/** An answer longer than the request allows; it was read no further than its limit. */
export class AnswerTooLargeError extends Error {
	constructor(
		readonly limitBytes: number,
		/** The Content-Length it announced, or the bytes that had arrived when reading stopped. */
		readonly sizeBytes: number,
		/** sizeBytes is the announced Content-Length, not what arrived. */
		readonly announced: boolean,
	) {
		super(`The answer was larger than the limit of ${formatBytes(limitBytes)}`);
		this.name = 'AnswerTooLargeError';
	}
}

const MB = 1024 * 1024;

/** "1 MB", "150 MB", "1.5 MB", "40 KB", "300 bytes". */
export function formatBytes(bytes: number): string {
	if (bytes >= MB) return `${Math.round((bytes / MB) * 10) / 10} MB`;
	if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${bytes} bytes`;
}

/** How large the answer was, as far as the node knows: announced, or what had arrived. */
export function sizeSeen(error: AnswerTooLargeError): string {
	return error.announced
		? `its Content-Length says ${formatBytes(error.sizeBytes)}`
		: `more than ${formatBytes(error.limitBytes)} arrived before the node stopped reading`;
}

interface BodyStream extends AsyncIterable<unknown> {
	pipe: unknown;
	destroy(error?: Error): void;
}

/** What n8n's HTTP helper gives as the body with `encoding: 'stream'`: the answer, unread. */
export function isBodyStream(value: unknown): value is BodyStream {
	if (!value || typeof value !== 'object') return false;
	const candidate = value as Partial<BodyStream>;
	return (
		typeof candidate.destroy === 'function' &&
		typeof candidate.pipe === 'function' &&
		typeof (candidate as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
	);
}

function announcedLength(headers: unknown): number | undefined {
	if (!headers || typeof headers !== 'object') return undefined;
	for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
		if (name.toLowerCase() !== 'content-length') continue;
		const length = Number(value);
		return Number.isFinite(length) && length >= 0 ? length : undefined;
	}
	return undefined;
}

function abortError(): Error {
	const error = new Error('The request was aborted while its answer was being read');
	error.name = 'AbortError';
	return error;
}

/**
 * The answer's text, read chunk by chunk. When its Content-Length already says it is too long,
 * or once more than `limitBytes` arrived, the stream is destroyed (which closes the connection)
 * and AnswerTooLargeError thrown; `signal` ends the reading as it ends the request.
 */
export async function readAnswerText(
	body: BodyStream,
	limitBytes: number,
	headers: unknown,
	signal?: AbortSignal,
): Promise<string> {
	const announced = announcedLength(headers);
	if (announced !== undefined && announced > limitBytes) {
		body.destroy();
		throw new AnswerTooLargeError(limitBytes, announced, true);
	}
	const onAbort = () => body.destroy(abortError());
	if (signal?.aborted) onAbort();
	signal?.addEventListener('abort', onAbort, { once: true });
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of body) {
			const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
			size += bytes.length;
			if (size > limitBytes) {
				body.destroy();
				throw new AnswerTooLargeError(limitBytes, size, false);
			}
			chunks.push(bytes);
		}
	} finally {
		signal?.removeEventListener('abort', onAbort);
	}
	const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)).toString('utf8');
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The text as n8n's helper gives a JSON answer: parsed when it is JSON, else as it is. */
export function parseAnswerText(text: string): unknown {
	if (text === '') return text;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/**
 * Reads, up to `limitBytes`, the answers a failed request's error still holds as unread streams
 * (n8n 2.x keeps axios' error as the cause, n8n 1.x puts the body in `context.data`), so the
 * failure reads as with a parsed body; an answer too large throws AnswerTooLargeError.
 */
export async function readAnswersInError(error: unknown, limitBytes: number): Promise<void> {
	const read = new Map<unknown, unknown>();
	const textOf = async (stream: BodyStream, headers: unknown) => {
		if (!read.has(stream)) {
			// An answer that broke off is no answer; one too large fails the request.
			const body = await readAnswerText(stream, limitBytes, headers).then(
				parseAnswerText,
				(readError: unknown) => (readError instanceof AnswerTooLargeError ? readError : undefined),
			);
			if (body instanceof AnswerTooLargeError) throw body;
			read.set(stream, body);
		}
		return read.get(stream);
	};
	let current: unknown = error;
	for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		const entry = current as {
			response?: { data?: unknown; headers?: unknown };
			context?: { data?: unknown };
			cause?: unknown;
		};
		const response = entry.response;
		if (response && isBodyStream(response.data)) {
			response.data = await textOf(response.data, response.headers);
		}
		if (entry.context && isBodyStream(entry.context.data)) {
			entry.context.data = await textOf(entry.context.data, undefined);
		}
		current = entry.cause;
	}
}
