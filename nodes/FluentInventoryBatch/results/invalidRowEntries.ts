// On Error: Continue for a file load: the outcome's entry of each invalid row, made at the end by
// reading the files again (pass 1 keeps of each invalid row only a few numbers: invalidRows.ts).

import type { FileLoadParameters } from '../parameters/fileParameters';
import type { FileRecordRow } from '../sources/file/fileRecordSource';
import { readFileRecords } from '../sources/file/fileRecordSource';
import type { FileCheckHooks, FilePlan } from '../sources/file/filePlan';
import { duplicateIssue, type RowIssue } from '../sources/file/fileProblems';
import { fileRowChecker } from '../sources/file/fileRowCheck';
import type { LeftOutEntry } from './outcome';

/** The issue of an invalid row that could not be checked again. */
function notReadAgain(why: string): RowIssue {
	return {
		field: '(row)',
		problem: `was invalid when the file was checked, but ${why}, so its problem cannot be named`,
		fix: 'Check this line of the file, and leave the file unchanged while it is being loaded.',
		code: 'FILE_CHANGED',
	};
}

/**
 * The entries (each to be an error item) of the plan's invalid rows and duplicates, file by file in reading order, each
 * worded as pass 1 found it: the row is read and checked again. A file that reads differently
 * now still gives one entry per invalid row, with its line.
 */
export async function invalidRowEntries(
	plan: FilePlan,
	parameters: FileLoadParameters,
	hooks: Pick<FileCheckHooks, 'stopIfCancelled'>,
): Promise<LeftOutEntry[]> {
	const { invalid } = plan;
	const entries: LeftOutEntry[] = [];
	/** The places, among all invalid rows and among all duplicates, of the next of each. */
	let invalidIndex = 0;
	let duplicateIndex = 0;
	for (const planned of plan.files) {
		const { file } = planned;
		const counts = invalid.countsIn(file);
		if (counts === undefined) continue;
		let left = counts.invalid + counts.duplicates;
		const check = fileRowChecker(file, parameters, plan.retailer);
		let why = 'the file has fewer rows now';
		/** The entry of the row at `ordinal` if pass 1 left it out, from the row read again if any. */
		const entryAt = (ordinal: number, row: FileRecordRow | undefined) => {
			if (!invalid.ordinals.has(ordinal)) return;
			left--;
			if (invalid.isDuplicate(ordinal)) {
				const { line, earlier } = invalid.duplicateAt(duplicateIndex++);
				const checked = row?.line === line ? check(row) : undefined;
				const earlierFile = plan.files[earlier.fileIndex].file;
				const issue = duplicateIssue({
					record: checked?.ok ? checked.record : undefined,
					defaultRetailer: planned.defaultRetailer,
					earlier: { file: earlierFile, line: earlier.line },
					sameFile: earlierFile === file,
				});
				entries.push({ kind: 'invalidRow', row: { file, line, issues: [issue] } });
				return;
			}
			const line = invalid.invalidLineAt(invalidIndex++);
			let issues = [notReadAgain(why)];
			if (row !== undefined) {
				const checked = check(row);
				issues =
					checked.ok || row.line !== line
						? [notReadAgain('the file has changed since')]
						: checked.issues;
			}
			entries.push({ kind: 'invalidRow', row: { file, line, issues } });
		};

		let ordinal = planned.firstOrdinal;
		try {
			reading: for await (const rows of readFileRecords(file, parameters)) {
				hooks.stopIfCancelled();
				for (const row of rows) {
					entryAt(ordinal++, row);
					if (left === 0) break reading;
				}
			}
		} catch (error) {
			hooks.stopIfCancelled();
			why = `the file could not be read again (${(error as Error).message})`;
		}
		// The rows not read again: the file is shorter now, or could not be read.
		while (left > 0 && ordinal < plan.rowCount) entryAt(ordinal++, undefined);
	}
	return entries;
}
