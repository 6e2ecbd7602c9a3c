import { FileFormatError, type FileChunks } from './fileRows';

/**
 * Chunks larger than this are decoded in slices, so that a whole file handed over as one buffer
 * (n8n's in-memory binary mode) still becomes rows a slice at a time.
 */
const SLICE_BYTES = 64 * 1024;

/** Thrown after the text before the first byte that is not UTF-8 has been yielded. */
export class InvalidUtf8Error extends Error {
	constructor() {
		super('The file is not UTF-8 text');
		this.name = 'InvalidUtf8Error';
	}
}

/**
 * Decodes UTF-8 byte chunks to text, characters split across chunks included, without a
 * byte-order mark. At the first byte that is not UTF-8 it yields the text before that byte
 * and then throws InvalidUtf8Error, so that the reader can name the line of the bad byte.
 */
export async function* decodeUtf8(chunks: FileChunks): AsyncGenerator<string, void, undefined> {
	const decoder = new TextDecoder('utf-8', { fatal: true });
	// The bytes of a character whose end has not arrived yet; the decoder holds them too, but
	// they are needed to find the exact position of a bad byte.
	let unfinished: Uint8Array = new Uint8Array(0);
	for await (const chunk of chunks) {
		if (typeof chunk === 'string') {
			yield chunk;
			continue;
		}
		for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) {
			const slice = chunk.subarray(offset, offset + SLICE_BYTES);
			let text: string;
			try {
				text = decoder.decode(slice, { stream: true });
			} catch {
				yield textBeforeInvalidByte(concat(unfinished, slice));
				throw new InvalidUtf8Error();
			}
			unfinished = unfinishedCharacter(unfinished, slice);
			if (text.length > 0) yield text;
		}
	}
	let rest: string;
	try {
		rest = decoder.decode();
	} catch {
		yield textBeforeInvalidByte(unfinished);
		throw new InvalidUtf8Error();
	}
	if (rest.length > 0) yield rest;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
	if (first.length === 0) return second;
	const bytes = new Uint8Array(first.length + second.length);
	bytes.set(first, 0);
	bytes.set(second, first.length);
	return bytes;
}

function sequenceLength(leadByte: number): number {
	if (leadByte < 0x80) return 1;
	if (leadByte >= 0xc2 && leadByte <= 0xdf) return 2;
	if (leadByte >= 0xe0 && leadByte <= 0xef) return 3;
	if (leadByte >= 0xf0 && leadByte <= 0xf4) return 4;
	return 0;
}

/** The trailing bytes of valid UTF-8 that begin a character not yet complete. */
function unfinishedCharacter(previous: Uint8Array, slice: Uint8Array): Uint8Array {
	const tail = slice.length >= 3 ? slice.subarray(slice.length - 3) : concat(previous, slice);
	for (let back = 1; back <= Math.min(3, tail.length); back++) {
		const byte = tail[tail.length - back];
		if ((byte & 0xc0) === 0x80) continue;
		return sequenceLength(byte) > back ? tail.slice(tail.length - back) : new Uint8Array(0);
	}
	return new Uint8Array(0);
}

/** The text of the bytes before the first byte that is not (or does not finish) UTF-8. */
function textBeforeInvalidByte(bytes: Uint8Array): string {
	let index = 0;
	while (index < bytes.length) {
		const length = sequenceLength(bytes[index]);
		if (length === 0 || index + length > bytes.length) break;
		const second = bytes[index + 1];
		// The ranges that make overlong forms, surrogates and code points above U+10FFFF invalid.
		if (length >= 3) {
			const lead = bytes[index];
			const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
			const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
			if (second < low || second > high) break;
		}
		let valid = true;
		for (let k = 1; k < length; k++) {
			if ((bytes[index + k] & 0xc0) !== 0x80) valid = false;
		}
		if (!valid) break;
		index += length;
	}
	return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, index));
}

/** A parser of text pushed in pieces, as the CSV and JSON parsers are. */
export interface TextPieceParser<Row> {
	/** The line of the next character. */
	readonly line: number;
	push(text: string): void;
	finish(): void;
	takeRows(): Row[];
}

/**
 * Decodes the chunks and pushes each piece of text into the parser; yields the rows each piece
 * completed (possibly none), the last rows after the end of the file.
 */
export async function* parseUtf8Pieces<Row>(
	chunks: FileChunks,
	parser: TextPieceParser<Row>,
): AsyncGenerator<Row[], void, undefined> {
	try {
		for await (const text of decodeUtf8(chunks)) {
			parser.push(text);
			yield parser.takeRows();
		}
	} catch (error) {
		if (error instanceof InvalidUtf8Error) {
			throw new FileFormatError(
				parser.line,
				'has bytes that are not UTF-8 text',
				'Save or export the file as UTF-8 (in Excel: "CSV UTF-8"); other encodings cannot be read',
			);
		}
		throw error;
	}
	parser.finish();
	yield parser.takeRows();
}
