// What pass 1 keeps of a file load's invalid rows, bounded whatever their share: the first few
// in full (for the error), counts by kind and by file, and each one's line (4 bytes a row). With
// On Error: Continue their error items are made by reading the rows again (invalidRowItems.ts).
import type { InputFile } from './files/fileRecordSource';
import { OrdinalSet } from './files/ordinalSet';
import { DUPLICATE_KIND, type FileRowProblem, type InvalidRowsSummary } from './fileProblems';

/** How many invalid rows an error lists. */
const LISTED_PROBLEMS = 10;

/** The invalid rows of one file: how many, by kind (the field of the row's first issue). */
export interface FileInvalidCounts {
	/** Rows whose own check failed; duplicates are counted only by kind. */
	invalid: number;
	byKind: Map<string, number>;
}

export class InvalidRows {
	/** Every row left out, invalid or a duplicate: the rows pass 2 skips. */
	readonly ordinals = new OrdinalSet();
	/** The first LISTED_PROBLEMS invalid rows (duplicates apart), in full. */
	private readonly first: FileRowProblem[] = [];
	/** The line of every invalid row (duplicates apart), in reading order. */
	private lineList = new Uint32Array(1024);
	private invalidCount = 0;
	/** Duplicates are found once every row was read; they are kept in full, in reading order. */
	private duplicateList: FileRowProblem[] = [];
	private readonly files = new Map<InputFile, FileInvalidCounts>();

	/** An invalid row, found in reading order. */
	add(row: FileRowProblem): void {
		this.ordinals.add(row.ordinal);
		if (this.first.length < LISTED_PROBLEMS) this.first.push(row);
		if (this.invalidCount === this.lineList.length) {
			const bigger = new Uint32Array(this.lineList.length * 2);
			bigger.set(this.lineList);
			this.lineList = bigger;
		}
		this.lineList[this.invalidCount++] = row.line;
		const counts = this.countsOf(row.file);
		counts.invalid++;
		this.countKind(counts, row.issues[0].field);
	}

	/** Duplicate rows, each after an earlier row with its stock position. */
	addDuplicates(rows: FileRowProblem[]): void {
		for (const row of rows) {
			this.ordinals.add(row.ordinal);
			this.countKind(this.countsOf(row.file), DUPLICATE_KIND);
		}
		this.duplicateList = [...this.duplicateList, ...rows].sort((a, b) => a.ordinal - b.ordinal);
	}

	/** Takes back the rows of `file`, the last read, from `ordinal` on: it turned out unreadable. */
	forgetFile(file: InputFile, ordinal: number): void {
		const counts = this.files.get(file);
		if (counts === undefined) return;
		this.files.delete(file);
		this.ordinals.forgetFrom(ordinal);
		this.invalidCount -= counts.invalid;
		while (this.first.length > 0 && this.first[this.first.length - 1].ordinal >= ordinal) {
			this.first.pop();
		}
	}

	/** Invalid rows and duplicates. */
	get count(): number {
		return this.invalidCount + this.duplicateList.length;
	}

	/** The first rows in reading order, in full, and how many there are by file and kind. */
	summary(): InvalidRowsSummary {
		const listed = [...this.first, ...this.duplicateList.slice(0, LISTED_PROBLEMS)]
			.sort((a, b) => a.ordinal - b.ordinal)
			.slice(0, LISTED_PROBLEMS);
		const byFile = [...this.files.entries()].map(([file, counts]) => ({
			file,
			byKind: counts.byKind,
		}));
		return { count: this.count, listed, byFile };
	}

	/** The line of the invalid row at `index` among the invalid rows (duplicates apart), in reading order. */
	lineAt(index: number): number {
		return this.lineList[index];
	}

	/** The duplicate rows of `file`, in reading order. */
	duplicatesIn(file: InputFile): FileRowProblem[] {
		return this.duplicateList.filter((row) => row.file === file);
	}

	countsIn(file: InputFile): FileInvalidCounts | undefined {
		return this.files.get(file);
	}

	private countsOf(file: InputFile): FileInvalidCounts {
		let counts = this.files.get(file);
		if (counts === undefined) {
			counts = { invalid: 0, byKind: new Map() };
			this.files.set(file, counts);
		}
		return counts;
	}

	private countKind(counts: FileInvalidCounts, kind: string): void {
		counts.byKind.set(kind, (counts.byKind.get(kind) ?? 0) + 1);
	}
}
