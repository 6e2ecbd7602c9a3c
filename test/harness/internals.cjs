// The node's internals that unit tests check directly, from the built dist/. Tests require this
// file instead of deep dist paths, so that moving a module inside nodes/ changes only this file.
const path = require('node:path');

const NODE_DIR = path.join(__dirname, '..', '..', 'dist', 'nodes', 'FluentInventoryBatch');
const load = (modulePath) => require(path.join(NODE_DIR, modulePath));

const { resolveFluentBaseUrl } = load('connection/baseUrl.js');
const { FluentCredentialConfigError, FluentLoginError } = load('connection/credentialErrors.js');
const { fluentErrorText, inspectHttpFailure } = load('connection/httpFailure.js');
const { isWorthRetrying } = load('connection/retryRule.js');
const { loginKey, sharedLogin } = load('connection/sharedLogin.js');
const { fieldSource, readInputField } = load('load/records/definedFieldSource.js');
const { mapInventoryRecord, recordProblems, stockPositionKey } = load('load/records/inventoryRecord.js');
const { StockPositionIndex } = load('load/records/stockPositionIndex.js');
const { toRanges, describeItems } = load('load/itemRanges.js');

module.exports = {
	resolveFluentBaseUrl,
	FluentCredentialConfigError,
	FluentLoginError,
	fluentErrorText,
	inspectHttpFailure,
	isWorthRetrying,
	loginKey,
	sharedLogin,
	fieldSource,
	readInputField,
	mapInventoryRecord,
	recordProblems,
	stockPositionKey,
	StockPositionIndex,
	toRanges,
	describeItems,
};
