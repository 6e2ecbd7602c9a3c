// The stable code of each kind of problem the node reports per record, row, file or batch.
/**
 * Each problem object gets its code where it is made. Once released, a code keeps its meaning
 * (a workflow's Switch node routes on it); the README lists every one (a unit test checks).
 */
export const PROBLEM_CODES = {
	MISSING_FIELD: 'A required field (skuRef, locationRef, qty) is empty or missing.',
	NOT_TEXT: "A text field, or the node's Retailer ID, is neither text nor a number.",
	NOT_A_WHOLE_NUMBER: 'A quantity is not a whole number.',
	NEGATIVE_QUANTITY: 'qty or reservedQty is below 0 (only correctedQty may be).',
	QUANTITY_TOO_LARGE: 'A quantity is larger than Fluent accepts.',
	NOT_AN_OBJECT: 'The item, or its attributes, is not an object of key/value pairs.',
	EXPRESSION_FAILED: 'An expression under Values to Send, or Retailer ID, fails for this item.',
	NO_RETAILER: 'The record has no retailerId and no default retailer is set.',
	DUPLICATE_POSITION: 'An earlier item or row of the load names the same stock position.',
	ROW_UNREADABLE: "A file's row (CSV) or element (JSON) cannot be read as a record.",
	FILE_CHANGED: 'An invalid row could not be read again to name its problem: the file changed.',
	FILE_UNREADABLE: "The item's file is missing, or cannot be read as CSV or JSON.",
	MISSING_COLUMN: 'The file has no column (key) for a required field or one Column Names gives.',
	REJECTED_BY_FLUENT: 'Fluent rejected the record (see responseCode and message).',
	BATCH_NOT_SENT: 'The batch was refused by Fluent, or not sent after an earlier one failed.',
	BATCH_NOT_COMPLETED: 'Fluent ended the batch without COMPLETE (FAILED, ERROR, ...).',
	WAIT_TIMED_OUT: 'The batch was not finished when the Timeout passed; Fluent goes on.',
	WAIT_FAILED: 'Asking Fluent about the sent batch failed; check it later with Get Batch.',
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;
