// Reads a UTF-8 JSON file (array or JSON Lines) a piece at a time, yielding the objects completed.
import type { FileChunks } from './fileRows';
import { JsonParser, type JsonLayout, type JsonRow } from './jsonParser';
import { parseUtf8Pieces } from './utf8Text';

export type { JsonLayout, JsonRow } from './jsonParser';

/** The objects that one piece of the file completed. */
export interface JsonRows {
	/** `array`: one JSON array of objects; `lines`: one object per line (JSON Lines). */
	layout: JsonLayout;
	rows: JsonRow[];
}

/**
 * Reads a UTF-8 JSON file, either one array of objects or one object per line, a piece at a
 * time: yields the objects each piece of the file completed (about 64 KB of text), so memory
 * holds one piece and its objects. Throws FileFormatError where the file cannot be read on
 * (empty, not UTF-8, not JSON, cut off); an element or line that is wrong on its own (not an
 * object; in JSON Lines also not JSON) is one of the rows, with its problem.
 */
export async function* readJsonFile(chunks: FileChunks): AsyncGenerator<JsonRows, void, undefined> {
	const parser = new JsonParser();
	for await (const rows of parseUtf8Pieces(chunks, parser)) {
		if (rows.length > 0 && parser.layout !== undefined) yield { layout: parser.layout, rows };
	}
}
