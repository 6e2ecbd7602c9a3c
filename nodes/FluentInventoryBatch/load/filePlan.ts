import type { FileLoadParameters } from '../parameters/fileParameters';
import { readFileRecords, type InputFile } from './files/fileRecordSource';
import { FileFormatError } from './files/fileRows';
import { PositionHashes } from './files/positionHashes';
import {
	duplicateIssue,
	missingRetailerIssue,
	recordIssue,
	rowFormatIssue,
	unreadableFile,
	type FileLoadError,
	type FileRowProblem,
} from './fileProblems';
import { checkRetailerParameter, type RetailerDefault } from './plan';
import {
	mapInventoryRecord,
	stockPositionKey,
	stockPositionOf,
	type InventoryRecord,
} from './records/inventoryRecord';

/** A file whose rows are (partly) loaded. */
export interface PlannedFile {
	file: InputFile;
	/** The ordinal of its first row; ordinals count rows across the files, in reading order. */
	firstOrdinal: number;
	/** Its valid rows: the records it sends. */
	recordCount: number;
	/**
	 * For its rows without a retailerId: the node's Retailer ID of the file's item, else the
	 * credential's or login's retailer.
	 */
	defaultRetailer: string | undefined;
}

export interface FilePlan {
	files: PlannedFile[];
	/** Files left out (only with On Error: Continue; otherwise planning throws). */
	fileErrors: FileLoadError[];
	/** Invalid rows, in reading order. */
	rowProblems: FileRowProblem[];
	/** The ordinals of the invalid rows, which pass 2 skips. */
	rejected: Set<number>;
	rowCount: number;
	withoutRetailer: number;
	readonly defaultRetailer: string | undefined;
}

export interface FileCheckHooks {
	/** Called for a file that cannot be read; throws unless the node continues on error. */
	onUnreadable: (error: FileLoadError) => void;
	/** Throws once the execution is cancelled; called for each piece of a file read. */
	stopIfCancelled: () => void;
}

/** A row that may repeat an earlier row's stock position, confirmed once every file was read. */
interface Candidate {
	ordinal: number;
	planned: PlannedFile;
	line: number;
	key: string;
	record: InventoryRecord;
	/** Neither its own retailerId nor the file item's Retailer ID: the credential's or login's. */
	needsDefault: boolean;
	earlier: number[];
}

/**
 * Pass 1: reads every file once and checks every row as an input item is checked, remembering
 * of each valid row only two hashes of its stock position. Rows whose hashes match an earlier
 * row's are confirmed by reading the files again for those earlier rows' keys.
 */
export async function checkFiles(
	files: InputFile[],
	parameters: FileLoadParameters,
	retailer: RetailerDefault,
	hooks: FileCheckHooks,
): Promise<FilePlan> {
	const hashes = new PositionHashes();
	const plan: FilePlan = {
		files: [],
		fileErrors: [],
		rowProblems: [],
		rejected: new Set(),
		rowCount: 0,
		withoutRetailer: 0,
		defaultRetailer: retailer.value,
	};
	const candidates: Candidate[] = [];
	const positionKey = (record: InventoryRecord, planned: PlannedFile) =>
		stockPositionKey(record, planned.defaultRetailer ?? '');
	let ordinal = 0;

	for (const file of files) {
		// The node's Retailer ID for this file's item, read at the first row that needs it.
		let fromParameter: ReturnType<typeof checkRetailerParameter> | undefined;
		const parameterRetailer = () =>
			(fromParameter ??= checkRetailerParameter(
				() => retailer.parameter.valueAt(file.itemIndex),
				file.itemIndex,
			));
		const planned: PlannedFile = {
			file,
			firstOrdinal: ordinal,
			recordCount: 0,
			defaultRetailer: retailer.value,
		};
		const problemsBefore = plan.rowProblems.length;
		const candidatesBefore = candidates.length;
		const withoutRetailerBefore = plan.withoutRetailer;
		let failure: unknown;
		try {
			for await (const rows of readFileRecords(file, parameters)) {
				hooks.stopIfCancelled();
				for (const row of rows) {
					const rowOrdinal = ordinal++;
					const reject = (issues: FileRowProblem['issues']) => {
						plan.rowProblems.push({ ordinal: rowOrdinal, file, line: row.line, issues });
						plan.rejected.add(rowOrdinal);
					};
					if (row.fields === undefined) {
						reject([rowFormatIssue(row.problem as NonNullable<typeof row.problem>)]);
						continue;
					}
					const mapped = mapInventoryRecord(row.fields, file.itemIndex);
					if (!mapped.ok) {
						reject(mapped.problems.map((problem) => recordIssue(problem, parameters)));
						continue;
					}
					let needsDefault = false;
					if (!mapped.hasRetailer) {
						const checked = parameterRetailer();
						if (checked.problem) {
							const { field, problem, fix } = checked.problem;
							reject([{ field, problem: `"${field}" ${problem}`, fix }]);
							continue;
						}
						if (checked.value) planned.defaultRetailer = checked.value;
						needsDefault = !checked.value;
					}
					if (needsDefault && retailer.value === undefined && !retailer.resolveLater) {
						reject([missingRetailerIssue()]);
						continue;
					}
					const position = stockPositionOf(mapped.record, planned.defaultRetailer ?? '');
					const earlier = hashes.add(position, rowOrdinal);
					if (earlier) {
						candidates.push({
							ordinal: rowOrdinal,
							planned,
							line: row.line,
							key: positionKey(mapped.record, planned),
							record: mapped.record,
							needsDefault,
							earlier,
						});
						continue;
					}
					planned.recordCount++;
					if (needsDefault) plan.withoutRetailer++;
				}
			}
		} catch (error) {
			failure = error;
		}
		if (failure !== undefined) {
			if (!(failure instanceof FileFormatError)) throw failure;
			const unreadable = unreadableFile(file, failure);
			hooks.onUnreadable(unreadable);
			// The file is left out as a whole: its rows are neither sent nor reported one by one.
			for (const row of plan.rowProblems.splice(problemsBefore)) plan.rejected.delete(row.ordinal);
			candidates.splice(candidatesBefore);
			plan.withoutRetailer = withoutRetailerBefore;
			plan.fileErrors.push(unreadable);
			continue;
		}
		plan.files.push(planned);
	}
	plan.rowCount = ordinal;
	if (candidates.length > 0) {
		await confirmDuplicates({ plan, parameters, candidates, positionKey, hooks });
	}
	return plan;
}

/** Reads the files again for the keys of the earlier rows the candidates matched, and compares. */
async function confirmDuplicates(input: {
	plan: FilePlan;
	parameters: FileLoadParameters;
	candidates: Candidate[];
	positionKey: (record: InventoryRecord, planned: PlannedFile) => string;
	hooks: FileCheckHooks;
}): Promise<void> {
	const { plan, parameters, candidates, positionKey, hooks } = input;
	const wanted = new Set(candidates.flatMap((candidate) => candidate.earlier));
	let lastWanted = 0;
	for (const ordinal of wanted) lastWanted = Math.max(lastWanted, ordinal);
	const earlierRows = new Map<number, { key: string; line: number; planned: PlannedFile }>();
	for (const planned of plan.files) {
		if (planned.firstOrdinal > lastWanted) break;
		let ordinal = planned.firstOrdinal;
		for await (const rows of readFileRecords(planned.file, parameters)) {
			hooks.stopIfCancelled();
			for (const row of rows) {
				const rowOrdinal = ordinal++;
				if (!wanted.has(rowOrdinal) || row.fields === undefined) continue;
				const mapped = mapInventoryRecord(row.fields, planned.file.itemIndex);
				if (!mapped.ok) continue;
				const key = positionKey(mapped.record, planned);
				earlierRows.set(rowOrdinal, { key, line: row.line, planned });
			}
			if (ordinal > lastWanted) break;
		}
	}

	const duplicates: FileRowProblem[] = [];
	for (const candidate of candidates) {
		const first = candidate.earlier
			.filter((earlier) => earlierRows.get(earlier)?.key === candidate.key)
			.sort((a, b) => a - b)[0];
		if (first === undefined) {
			// Only the hashes matched: a different stock position, which is loaded.
			candidate.planned.recordCount++;
			if (candidate.needsDefault) plan.withoutRetailer++;
			continue;
		}
		const earlier = earlierRows.get(first) as { line: number; planned: PlannedFile };
		duplicates.push({
			ordinal: candidate.ordinal,
			file: candidate.planned.file,
			line: candidate.line,
			issues: [
				duplicateIssue({
					record: candidate.record,
					defaultRetailer: candidate.planned.defaultRetailer,
					earlier: { file: earlier.planned.file, line: earlier.line },
					sameFile: earlier.planned === candidate.planned,
				}),
			],
		});
		plan.rejected.add(candidate.ordinal);
	}
	plan.rowProblems = [...plan.rowProblems, ...duplicates].sort((a, b) => a.ordinal - b.ordinal);
}
