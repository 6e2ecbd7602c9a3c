// What pass 1 keeps of a file load's invalid rows, bounded whatever their share: the first few
// in full (for the error), counts by kind and by file, and of each row a few numbers (its line;
// for a duplicate, the earlier row's). With On Error: Continue their error items are made by
// reading the rows again (results/invalidRowEntries.ts).
import type { InputFile } from './fileRecordSource';
import { OrdinalSet } from '../../records/ordinalSet';
import { DUPLICATE_KIND, type FileRowProblem, type InvalidRowsSummary } from './fileProblems';
import { LISTED_PROBLEMS } from '../../batches/reports';

/** The invalid rows of one file: how many, by kind (the field of the row's first issue). */
export interface FileInvalidCounts {
	/** Rows whose own check failed. */
	invalid: number;
	/** Rows naming a stock position an earlier row named. */
	duplicates: number;
	byKind: Map<string, number>;
}

/** Where the earlier row of a duplicate is: its file (a place in the plan's files) and line. */
export interface EarlierRow {
	fileIndex: number;
	line: number;
}

/** Numbers appended in order, 4 bytes each. */
class Uint32List {
	private values = new Uint32Array(1024);
	length = 0;

	push(value: number): void {
		if (this.length === this.values.length) {
			const bigger = new Uint32Array(this.values.length * 2);
			bigger.set(this.values);
			this.values = bigger;
		}
		this.values[this.length++] = value;
	}

	at(index: number): number {
		return this.values[index];
	}
}

export class InvalidRows {
	/** Every row left out, invalid or a duplicate: the rows pass 2 skips. */
	readonly ordinals = new OrdinalSet();
	/** Which of them are duplicates. */
	private readonly duplicateOrdinals = new OrdinalSet();
	/** The first LISTED_PROBLEMS invalid rows and duplicates, each in full. */
	private firstInvalid: FileRowProblem[] = [];
	private readonly firstDuplicates: FileRowProblem[] = [];
	/** The line of every invalid row, in reading order. */
	private readonly invalidLines = new Uint32List();
	/** Of every duplicate, in reading order: its line, and the earlier row's file and line. */
	private readonly duplicateLines = new Uint32List();
	private readonly earlierFiles = new Uint32List();
	private readonly earlierLines = new Uint32List();
	private readonly files = new Map<InputFile, FileInvalidCounts>();

	/** An invalid row, found in reading order. */
	add(row: FileRowProblem): void {
		this.ordinals.add(row.ordinal);
		if (this.firstInvalid.length < LISTED_PROBLEMS) this.firstInvalid.push(row);
		this.invalidLines.push(row.line);
		const counts = this.countsOf(row.file);
		counts.invalid++;
		this.countKind(counts, row.issues[0].field);
	}

	/** A duplicate row, found (once every row was read) in reading order. */
	addDuplicate(row: FileRowProblem, earlier: EarlierRow): void {
		this.ordinals.add(row.ordinal);
		this.duplicateOrdinals.add(row.ordinal);
		if (this.firstDuplicates.length < LISTED_PROBLEMS) this.firstDuplicates.push(row);
		this.duplicateLines.push(row.line);
		this.earlierFiles.push(earlier.fileIndex);
		this.earlierLines.push(earlier.line);
		const counts = this.countsOf(row.file);
		counts.duplicates++;
		this.countKind(counts, DUPLICATE_KIND);
	}

	/** Takes back the rows of `file`, the last read, from `ordinal` on: it turned out unreadable. */
	forgetFile(file: InputFile, ordinal: number): void {
		const counts = this.files.get(file);
		if (counts === undefined) return;
		this.files.delete(file);
		this.ordinals.forgetFrom(ordinal);
		this.invalidLines.length -= counts.invalid;
		this.firstInvalid = this.firstInvalid.filter((row) => row.ordinal < ordinal);
	}

	/** Invalid rows and duplicates. */
	get count(): number {
		return this.invalidLines.length + this.duplicateLines.length;
	}

	/** The first rows in reading order, in full, and how many there are by file and kind. */
	summary(): InvalidRowsSummary {
		const listed = [...this.firstInvalid, ...this.firstDuplicates]
			.sort((a, b) => a.ordinal - b.ordinal)
			.slice(0, LISTED_PROBLEMS);
		const byFile = [...this.files.entries()].map(([file, counts]) => ({
			file,
			byKind: counts.byKind,
		}));
		return { count: this.count, listed, byFile };
	}

	isDuplicate(ordinal: number): boolean {
		return this.duplicateOrdinals.has(ordinal);
	}

	/** The line of the invalid row at `index` among the invalid rows, in reading order. */
	invalidLineAt(index: number): number {
		return this.invalidLines.at(index);
	}

	/** The duplicate at `index` among the duplicates, in reading order: its line and the earlier row. */
	duplicateAt(index: number): { line: number; earlier: EarlierRow } {
		return {
			line: this.duplicateLines.at(index),
			earlier: { fileIndex: this.earlierFiles.at(index), line: this.earlierLines.at(index) },
		};
	}

	countsIn(file: InputFile): FileInvalidCounts | undefined {
		return this.files.get(file);
	}

	private countsOf(file: InputFile): FileInvalidCounts {
		let counts = this.files.get(file);
		if (counts === undefined) {
			counts = { invalid: 0, duplicates: 0, byKind: new Map() };
			this.files.set(file, counts);
		}
		return counts;
	}

	private countKind(counts: FileInvalidCounts, kind: string): void {
		counts.byKind.set(kind, (counts.byKind.get(kind) ?? 0) + 1);
	}
}
