import type { FileLoadParameters } from '../parameters/fileParameters';
import { readFileRecords, type InputFile } from './files/fileRecordSource';
import { FileFormatError } from './files/fileRows';
import { PositionHashes } from './files/positionHashes';
import { duplicateIssue, unreadableFile, type FileLoadError, type FileRowProblem } from './fileProblems';
import { fileRowChecker } from './fileRowCheck';
import { InvalidRows } from './invalidRows';
import type { RetailerDefault } from './plan';
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
	/**
	 * The invalid rows (duplicates included): which they are, which pass 2 skips, the first few
	 * in full and the others counted, so that memory stays bounded however many there are.
	 */
	invalid: InvalidRows;
	rowCount: number;
	withoutRetailer: number;
	readonly defaultRetailer: string | undefined;
	/** What the rows were checked with, to check the invalid ones again for their error items. */
	readonly retailer: RetailerDefault;
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
		invalid: new InvalidRows(),
		rowCount: 0,
		withoutRetailer: 0,
		defaultRetailer: retailer.value,
		retailer,
	};
	/** Whether a file's item gives the node's Retailer ID, once a row without one asked. */
	const itemRetailerGiven = new Map<PlannedFile, boolean>();
	let ordinal = 0;

	for (const file of files) {
		const check = fileRowChecker(file, parameters, retailer);
		const planned: PlannedFile = {
			file,
			firstOrdinal: ordinal,
			recordCount: 0,
			defaultRetailer: retailer.value,
		};
		const withoutRetailerBefore = plan.withoutRetailer;
		let failure: unknown;
		try {
			for await (const rows of readFileRecords(file, parameters)) {
				hooks.stopIfCancelled();
				for (const row of rows) {
					const rowOrdinal = ordinal++;
					const checked = check(row);
					if (!checked.ok) {
						plan.invalid.add({ ordinal: rowOrdinal, file, line: row.line, issues: checked.issues });
						continue;
					}
					if (!checked.hasRetailer) {
						if (checked.itemRetailer) planned.defaultRetailer = checked.itemRetailer;
						itemRetailerGiven.set(planned, checked.itemRetailer !== undefined);
					}
					hashes.add(stockPositionOf(checked.record, planned.defaultRetailer ?? ''), rowOrdinal);
					planned.recordCount++;
					if (checked.needsDefault) plan.withoutRetailer++;
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
			plan.invalid.forgetFile(file, planned.firstOrdinal);
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
			row.planned.recordCount--;
			if (row.needsDefault) plan.withoutRetailer--;
		}
	}
	plan.invalid.addDuplicates(duplicates);
}
