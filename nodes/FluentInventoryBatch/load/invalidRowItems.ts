// On Error: Continue for a file load: one error item per invalid row, made at the end by reading
// the files again (pass 1 keeps of each invalid row only its ordinal and line: invalidRows.ts).
import type { INodeExecutionData } from 'n8n-workflow';

import type { FileLoadParameters } from '../parameters/fileParameters';
import { readFileRecords } from './files/fileRecordSource';
import type { FileCheckHooks, FilePlan } from './filePlan';
import { rowErrorItem, type RowIssue } from './fileProblems';
import { fileRowChecker } from './fileRowCheck';

/** The issue of an invalid row that could not be checked again. */
function notReadAgain(why: string): RowIssue {
	return {
		field: '(row)',
		problem: `was invalid when the file was checked, but ${why}, so its problem cannot be named`,
		fix: 'Check this line of the file, and leave the file unchanged while it is being loaded.',
	};
}

/**
 * The error items of the plan's invalid rows, file by file in reading order, each worded as
 * pass 1 found it: the row is read and checked again (a duplicate's problem is kept whole). A
 * file that reads differently now still gives one item per invalid row, with its line.
 */
export async function invalidRowItems(
	plan: FilePlan,
	parameters: FileLoadParameters,
	hooks: Pick<FileCheckHooks, 'stopIfCancelled'>,
): Promise<INodeExecutionData[]> {
	const { invalid } = plan;
	const items: INodeExecutionData[] = [];
	/** The place among all invalid rows (duplicates apart) of the next one, for its line. */
	let invalidIndex = 0;
	for (const planned of plan.files) {
		const { file } = planned;
		const counts = invalid.countsIn(file);
		if (counts === undefined) continue;
		const duplicates = invalid.duplicatesIn(file);
		let nextDuplicate = 0;
		let invalidLeft = counts.invalid;
		/** The row at `ordinal`'s item, if pass 1 left it out; `issuesAt(line)` checks it again. */
		const itemAt = (ordinal: number, issuesAt: (line: number) => RowIssue[]) => {
			if (duplicates[nextDuplicate]?.ordinal === ordinal) {
				items.push(rowErrorItem(duplicates[nextDuplicate++]));
			} else if (invalidLeft > 0 && invalid.ordinals.has(ordinal)) {
				const line = invalid.lineAt(invalidIndex++);
				invalidLeft--;
				items.push(rowErrorItem({ file, line, issues: issuesAt(line) }));
			}
		};

		const check = fileRowChecker(file, parameters, plan.retailer);
		let ordinal = planned.firstOrdinal;
		let why = 'the file has fewer rows now';
		try {
			if (invalidLeft > 0) {
				reading: for await (const rows of readFileRecords(file, parameters)) {
					hooks.stopIfCancelled();
					for (const row of rows) {
						itemAt(ordinal++, (line) => {
							const checked = check(row);
							return checked.ok || row.line !== line
								? [notReadAgain('the file has changed since')]
								: checked.issues;
						});
						if (invalidLeft === 0) break reading;
					}
				}
			}
		} catch (error) {
			hooks.stopIfCancelled();
			why = `the file could not be read again (${(error as Error).message})`;
		}
		// The rows not read again (the file is shorter now, or unreadable), and the duplicates.
		while ((invalidLeft > 0 || nextDuplicate < duplicates.length) && ordinal < plan.rowCount) {
			itemAt(ordinal++, () => [notReadAgain(why)]);
		}
	}
	return items;
}
