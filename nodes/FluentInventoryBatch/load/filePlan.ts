// Pass 1 of a file load: checks every row of every file and finds duplicate stock positions.
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
import { LoadRetailers } from './records/loadRetailers';

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
	/** The retailers the valid rows are for (a new job after a closed one needs the right one). */
	retailers: LoadRetailers;
	readonly defaultRetailer: string | undefined;
}

export interface FileCheckHooks {
	/** Called for a file that cannot be read; throws unless the node continues on error. */
	onUnreadable: (error: FileLoadError) => void;
	/** Throws once the execution is cancelled; called for each piece of a file read. */
	stopIfCancelled: () => void;
}

/** A row of a group whose positions share a hash, as read again to compare the real keys. */
interface Colliding {
	ordinal: number;
	planned: PlannedFile;
	line: number;
	key: string;
	record: InventoryRecord;
	/** Neither its own retailerId nor the file item's Retailer ID: the credential's or login's. */
	needsDefault: boolean;
}

/**
 * Pass 1: reads every file once and checks every row as an input item is checked, remembering
 * of each valid row only a hash of its stock position. Rows whose hashes collide are read again
 * once every file was read, and their real keys compared.
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
		retailers: new LoadRetailers(),
		defaultRetailer: retailer.value,
	};
	/** Whether a file's item gives the node's Retailer ID, once a row without one asked. */
	const itemRetailerGiven = new Map<PlannedFile, boolean>();
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
						itemRetailerGiven.set(planned, Boolean(checked.value));
						needsDefault = !checked.value;
					}
					if (needsDefault && retailer.value === undefined && !retailer.resolveLater) {
						reject([missingRetailerIssue()]);
						continue;
					}
					hashes.add(stockPositionOf(mapped.record, planned.defaultRetailer ?? ''), rowOrdinal);
					planned.recordCount++;
					if (needsDefault) plan.withoutRetailer++;
					plan.retailers.add(
						mapped.hasRetailer ? mapped.record.retailerId : planned.defaultRetailer,
					);
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
			hashes.forgetFrom(planned.firstOrdinal);
			plan.withoutRetailer = withoutRetailerBefore;
			plan.fileErrors.push(unreadable);
			continue;
		}
		plan.files.push(planned);
	}
	plan.rowCount = ordinal;
	const groups = hashes.collisions();
	if (groups.length > 0) {
		await confirmDuplicates({ plan, parameters, groups, itemRetailerGiven, hooks });
	}
	return plan;
}

/**
 * Reads the files again for the rows whose hashes collide, and compares their real keys: each
 * row whose key an earlier row already had is a duplicate of the first, and is not sent.
 */
async function confirmDuplicates(input: {
	plan: FilePlan;
	parameters: FileLoadParameters;
	groups: number[][];
	itemRetailerGiven: Map<PlannedFile, boolean>;
	hooks: FileCheckHooks;
}): Promise<void> {
	const { plan, parameters, groups, itemRetailerGiven, hooks } = input;
	const wanted = new Set(groups.flat());
	let lastWanted = 0;
	for (const ordinal of wanted) lastWanted = Math.max(lastWanted, ordinal);
	const rowsRead = new Map<number, Colliding>();
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
				rowsRead.set(rowOrdinal, {
					ordinal: rowOrdinal,
					planned,
					line: row.line,
					key: stockPositionKey(mapped.record, planned.defaultRetailer ?? ''),
					record: mapped.record,
					needsDefault: !mapped.hasRetailer && itemRetailerGiven.get(planned) !== true,
				});
			}
			if (ordinal > lastWanted) break;
		}
	}

	const duplicates: FileRowProblem[] = [];
	for (const group of groups) {
		const firstWithKey = new Map<string, Colliding>();
		for (const ordinal of group) {
			const row = rowsRead.get(ordinal);
			if (row === undefined) continue;
			const earlier = firstWithKey.get(row.key);
			if (earlier === undefined) {
				// The first row with this key, or one whose hash alone matched: it is loaded.
				firstWithKey.set(row.key, row);
				continue;
			}
			duplicates.push({
				ordinal: row.ordinal,
				file: row.planned.file,
				line: row.line,
				issues: [
					duplicateIssue({
						record: row.record,
						defaultRetailer: row.planned.defaultRetailer,
						earlier: { file: earlier.planned.file, line: earlier.line },
						sameFile: earlier.planned === row.planned,
					}),
				],
			});
			plan.rejected.add(row.ordinal);
			row.planned.recordCount--;
			if (row.needsDefault) plan.withoutRetailer--;
		}
	}
	plan.rowProblems = [...plan.rowProblems, ...duplicates].sort((a, b) => a.ordinal - b.ordinal);
}
