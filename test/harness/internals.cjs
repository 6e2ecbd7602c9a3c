// The node's internals that unit tests check directly, from the built dist/. Tests require this
// file instead of deep dist paths, so that moving a module inside nodes/ changes only this file.
const path = require('node:path');

const NODE_DIR = path.join(__dirname, '..', '..', 'dist', 'nodes', 'FluentInventoryBatch');
const load = (modulePath) => require(path.join(NODE_DIR, modulePath));

const { resolveFluentBaseUrl } = load('connection/baseUrl.js');
const { FluentCredentialConfigError, FluentLoginError } = load('connection/credentialErrors.js');
const { answeredFailure, fluentErrorText, inspectHttpFailure } = load('connection/httpFailure.js');
const { isWorthRetrying } = load('connection/retryRule.js');
const { loginKey, sharedLogin } = load('connection/sharedLogin.js');
const { redactSecrets } = load('connection/secretRedaction.js');
const { answerShapeProblem } = load('transport/answerShape.js');
const { buildRequestError } = load('transport/requestErrors.js');
const { retryDelayMs, RETRY_AFTER_CAP_MS } = load('transport/retryDelay.js');
const { fieldSource, readInputField } = load('parameters/definedFieldSource.js');
const { mapInventoryRecord, recordProblems, stockPositionKey } = load('records/inventoryRecord.js');

const { RECORD_FIELDS, recordFieldsOf } = load('records/fieldDefinitions.js');
const { PROBLEM_CODES } = load('records/problemCodes.js');
const { toRanges, describeItems } = load('batches/itemRanges.js');
const { readCsvFile } = load('sources/file/readers/csvFile.js');
const { readJsonFile } = load('sources/file/readers/jsonFile.js');
const { FileFormatError, describeFileProblem } = load('sources/file/readers/fileRows.js');
const { PositionHashes, firstOfEachRepeat } = load('records/positionHashes.js');
const { BatchBodyWriter } = load('batches/batchBody.js');
const { csvDelimiter } = load('parameters/fileParameters.js');
const { continuedJobName } = load('jobs/closedJob.js');
const { checkFiles } = load('sources/file/filePlan.js');
const { FileBatchReader } = load('sources/file/fileBatches.js');
const { notLoadedRecords } = load('results/failedRecordItems.js');
const { outcomeItem } = load('results/output.js');
const { errorOutputItem } = load('results/loadOutput.js');
const { recordsFromInputItems } = load('sources/loadRecords.js');
const { utcDay } = load('jobs/todaysJob.js');

module.exports = {
	resolveFluentBaseUrl,
	FluentCredentialConfigError,
	FluentLoginError,
	answeredFailure,
	fluentErrorText,
	inspectHttpFailure,
	isWorthRetrying,
	loginKey,
	sharedLogin,
	redactSecrets,
	answerShapeProblem,
	buildRequestError,
	retryDelayMs,
	RETRY_AFTER_CAP_MS,
	fieldSource,
	readInputField,
	mapInventoryRecord,
	recordProblems,
	stockPositionKey,
	firstOfEachRepeat,
	RECORD_FIELDS,
	recordFieldsOf,
	PROBLEM_CODES,
	toRanges,
	describeItems,
	readCsvFile,
	readJsonFile,
	FileFormatError,
	describeFileProblem,
	PositionHashes,
	BatchBodyWriter,
	csvDelimiter,
	continuedJobName,
	checkFiles,
	FileBatchReader,
	notLoadedRecords,
	outcomeItem,
	errorOutputItem,
	recordsFromInputItems,
	utcDay,
};
