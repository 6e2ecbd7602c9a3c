// Decodes a file's UTF-8 chunks into text pieces for a parser, naming the line of a bad byte.
import { FileFormatError, type FileChunks } from './fileRows';

/**
 * Chunks larger than this are decoded in slices, so that a whole file handed over as one buffer
 * (n8n's in-memory binary mode) still becomes rows a slice at a time.
 */
const SLICE_BYTES = 64 * 1024;

/**
 * Decodes UTF-8 byte chunks to text, characters split across chunks included, without a
 * byte-order mark. At the first byte that is not UTF-8 it gives `undefined` and keeps the text
 * before that byte in `textBeforeInvalidByte`, so that the reader can name the line of the bad
 * byte.
 */
class Utf8Decoder {
	textBeforeInvalidByte = '';
	private readonly decoder = new TextDecoder('utf-8', { fatal: true });
	// The bytes of a character whose end has not arrived yet; the decoder holds them too, but
	// they are needed to find the exact position of a bad byte.
	private unfinished: Uint8Array = new Uint8Array(0);

	decode(slice: Uint8Array): string | undefined {
		const text = decodeOrUndefined(() => this.decoder.decode(slice, { stream: true }));
		if (text === undefined) {
			this.textBeforeInvalidByte = textBeforeInvalidByte(concat(this.unfinished, slice));
			return undefined;
		}
		this.unfinished = unfinishedCharacter(this.unfinished, slice);
		return text;
	}

	end(): string | undefined {
		const text = decodeOrUndefined(() => this.decoder.decode());
		if (text === undefined) this.textBeforeInvalidByte = textBeforeInvalidByte(this.unfinished);
		return text;
	}
}

function decodeOrUndefined(decode: () => string): string | undefined {
	try {
		return decode();
	} catch {
		return undefined;
	}
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
	const decoder = new Utf8Decoder();
	for await (const chunk of chunks) {
		if (typeof chunk === 'string') {
			parser.push(chunk);
			yield parser.takeRows();
			continue;
		}
		for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) {
			const text = decoder.decode(chunk.subarray(offset, offset + SLICE_BYTES));
			if (text === undefined) throw notUtf8(parser, decoder);
			parser.push(text);
			yield parser.takeRows();
		}
	}
	const rest = decoder.end();
	if (rest === undefined) throw notUtf8(parser, decoder);
	parser.push(rest);
	parser.finish();
	yield parser.takeRows();
}

function notUtf8<Row>(parser: TextPieceParser<Row>, decoder: Utf8Decoder): FileFormatError {
	parser.push(decoder.textBeforeInvalidByte);
	return new FileFormatError(
		parser.line,
		'has bytes that are not UTF-8 text',
		'Save or export the file as UTF-8 (in Excel: "CSV UTF-8"); other encodings cannot be read',
	);
}
