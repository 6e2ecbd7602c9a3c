// One row of a file load checked as an input item is: the same check in pass 1 and when the
// invalid rows are read again for their error items (results/invalidRowEntries.ts).
import type { FileLoadParameters } from '../../parameters/fileParameters';
import type { FileRecordRow, InputFile } from './fileRecordSource';
import { missingRetailerIssue, recordIssue, rowFormatIssue, type RowIssue } from './fileProblems';
import { checkRetailerParameter, type RetailerDefault } from '../plan';
import { mapInventoryRecord, type InventoryRecord } from '../../records/inventoryRecord';

export type RowCheck =
	| {
			ok: true;
			record: InventoryRecord;
			hasRetailer: boolean;
			/** For a row without a retailerId: the node's Retailer ID of the file's item, if given. */
			itemRetailer: string | undefined;
			/** Neither its own retailerId nor the item's Retailer ID: the credential's or login's. */
			needsDefault: boolean;
	  }
	| { ok: false; issues: RowIssue[] };

/** Checks the rows of one file; the node's Retailer ID of its item is read once, when a row needs it. */
export function fileRowChecker(
	file: InputFile,
	parameters: FileLoadParameters,
	retailer: RetailerDefault,
): (row: FileRecordRow) => RowCheck {
	let fromParameter: ReturnType<typeof checkRetailerParameter> | undefined;
	const parameterRetailer = () =>
		(fromParameter ??= checkRetailerParameter(
			() => retailer.parameter.valueAt(file.itemIndex),
			file.itemIndex,
		));
	return (row) => {
		if (row.fields === undefined) {
			return {
				ok: false,
				issues: [rowFormatIssue(row.problem as NonNullable<typeof row.problem>)],
			};
		}
		const mapped = mapInventoryRecord(row.fields, file.itemIndex);
		if (!mapped.ok) {
			return {
				ok: false,
				issues: mapped.problems.map((problem) => recordIssue(problem, parameters)),
			};
		}
		let itemRetailer: string | undefined;
		if (!mapped.hasRetailer) {
			const checked = parameterRetailer();
			if (checked.problem) {
				const { field, problem, fix, code } = checked.problem;
				return { ok: false, issues: [{ field, problem: `"${field}" ${problem}`, fix, code }] };
			}
			itemRetailer = checked.value || undefined;
		}
		const needsDefault = !mapped.hasRetailer && itemRetailer === undefined;
		if (needsDefault && retailer.value === undefined && !retailer.resolveLater) {
			return { ok: false, issues: [missingRetailerIssue()] };
		}
		const { record, hasRetailer } = mapped;
		return { ok: true, record, hasRetailer, itemRetailer, needsDefault };
	};
}
