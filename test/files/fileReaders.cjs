'use strict';

// The file readers under test, from the built package through the one internals entry.
const { readCsvFile, readJsonFile, FileFormatError, describeFileProblem } = require('../harness/internals.cjs');

/** A small seeded random number generator, so that a failing generated case can be re-run. */
function randomSource(seed) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min, max) => min + Math.floor(next() * (max - min + 1));
	const pick = (list) => list[int(0, list.length - 1)];
	return { next, int, pick, chance: (p) => next() < p };
}

/**
 * The bytes of `content` as a stream of chunks: of `size` bytes, or of random sizes from 1 byte
 * up when `size` is a random source. Marks the stream closed when the reader ends it early.
 */
function chunked(content, size, closed = {}) {
	const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
	return (async function* () {
		try {
			for (let offset = 0; offset < bytes.length; ) {
				const length = typeof size === 'number' ? size : size.chance(0.3) ? size.int(1, 3) : size.int(1, 200);
				yield bytes.subarray(offset, offset + length);
				offset += length;
			}
		} finally {
			closed.closed = true;
		}
	})();
}

/** Reads a whole CSV file: its header and every row (values or problem), in order. */
async function readCsv(content, size = 65536, options) {
	let header;
	let headerLine;
	const rows = [];
	let yields = 0;
	for await (const piece of readCsvFile(chunked(content, size), options)) {
		yields++;
		if (header !== undefined) expect(piece.header).toBe(header);
		header = piece.header;
		headerLine = piece.headerLine;
		rows.push(...piece.rows);
	}
	return { header, headerLine, rows, yields };
}

async function readJson(content, size = 65536) {
	const layouts = new Set();
	const rows = [];
	for await (const piece of readJsonFile(chunked(content, size))) {
		layouts.add(piece.layout);
		rows.push(...piece.rows);
	}
	return { layouts: [...layouts], rows };
}

/** The FileFormatError a read throws (or fails the test when it throws none). */
async function readError(read) {
	try {
		await read();
	} catch (error) {
		expect(error).toBeInstanceOf(FileFormatError);
		return error;
	}
	throw new Error('expected a FileFormatError, but the file was read');
}

module.exports = {
	readCsvFile,
	readJsonFile,
	FileFormatError,
	describeFileProblem,
	randomSource,
	chunked,
	readCsv,
	readJson,
	readError,
};
