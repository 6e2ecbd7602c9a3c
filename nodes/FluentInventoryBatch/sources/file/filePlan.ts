// Pass 1 of a file load: checks every row of every file and finds duplicate stock positions.
import type { FileLoadParameters } from '../../parameters/fileParameters';
import { readFileRecords, type InputFile } from './fileRecordSource';
import { FileFormatError } from './readers/fileRows';
import { PositionHashes } from '../../records/positionHashes';
import { duplicateIssue, unreadableFile, type FileLoadError } from './fileProblems';
import { fileRowChecker } from './fileRowCheck';
import type { OrdinalSet } from '../../records/ordinalSet';
import { InvalidRows, type EarlierRow } from './invalidRows';
import type { RetailerDefault } from '../plan';
import {
	mapInventoryRecord,
	stockPositionKey,
	stockPositionOf,
} from '../../records/inventoryRecord';
import { LoadRetailers } from '../../records/loadRetailers';

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
	/** The retailers the valid rows are for (a new job after a closed one needs the right one). */
	retailers: LoadRetailers;
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
		retailers: new LoadRetailers(),
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
					plan.retailers.add(
						checked.hasRetailer ? checked.record.retailerId : planned.defaultRetailer,
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
			plan.invalid.forgetFile(file, planned.firstOrdinal);
			hashes.forgetFrom(planned.firstOrdinal);
			plan.withoutRetailer = withoutRetailerBefore;
			plan.fileErrors.push(unreadable);
			continue;
		}
		plan.files.push(planned);
	}
	plan.rowCount = ordinal;
	const colliding = hashes.collidingOrdinals();
	if (colliding !== undefined) {
		await confirmDuplicates({ plan, parameters, colliding, itemRetailerGiven, hooks });
	}
	return plan;
}

/**
 * Reads the files again for the rows whose hashes collide, and compares their real keys: each
 * row whose key an earlier row already had is a duplicate of the first, and is not sent. Only
 * the first row of each key is kept (its file and line), so a file of one row repeated a million
 * times holds one.
 */
async function confirmDuplicates(input: {
	plan: FilePlan;
	parameters: FileLoadParameters;
	colliding: { ordinals: OrdinalSet; last: number };
	itemRetailerGiven: Map<PlannedFile, boolean>;
	hooks: FileCheckHooks;
}): Promise<void> {
	const { plan, parameters, colliding, itemRetailerGiven, hooks } = input;
	/** The first row of each key read: its place in plan.files and its line. */
	const firstWithKey = new Map<string, EarlierRow>();
	for (const [fileIndex, planned] of plan.files.entries()) {
		if (planned.firstOrdinal > colliding.last) break;
		const { file } = planned;
		let ordinal = planned.firstOrdinal;
		reading: for await (const rows of readFileRecords(file, parameters)) {
			hooks.stopIfCancelled();
			for (const row of rows) {
				const rowOrdinal = ordinal++;
				if (rowOrdinal > colliding.last) break reading;
				if (!colliding.ordinals.has(rowOrdinal) || row.fields === undefined) continue;
				const mapped = mapInventoryRecord(row.fields, file.itemIndex);
				if (!mapped.ok) continue;
				const key = stockPositionKey(mapped.record, planned.defaultRetailer ?? '');
				const earlier = firstWithKey.get(key);
				if (earlier === undefined) {
					// The first row with this key, or one whose hash alone matched: it is loaded.
					firstWithKey.set(key, { fileIndex, line: row.line });
					continue;
				}
				const earlierFile = plan.files[earlier.fileIndex].file;
				const issue = duplicateIssue({
					record: mapped.record,
					defaultRetailer: planned.defaultRetailer,
					earlier: { file: earlierFile, line: earlier.line },
					sameFile: earlierFile === file,
				});
				plan.invalid.addDuplicate(
					{ ordinal: rowOrdinal, file, line: row.line, issues: [issue] },
					earlier,
				);
				planned.recordCount--;
				if (!mapped.hasRetailer && itemRetailerGiven.get(planned) !== true) plan.withoutRetailer--;
			}
		}
	}
}
