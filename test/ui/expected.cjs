/**
 * What the editor must show of the node and its credential: names, operations, fields, options.
 * The checks in checks/ compare the editor against these.
 */
const NODE_NAME = 'Fluent Inventory Batch';
const NODE_TYPE = 'n8n-nodes-fluent-commerce.fluentInventoryBatch';
const CREDENTIAL_NAME = 'Fluent simulator';
const OPERATIONS = ['Create Batch', 'Create Job', 'Get Batch', 'Get Job'];
const ACTIONS = [
	'Create inventory batches from input items',
	'Create a job',
	'Get a batch',
	'Get a job',
];
// n8n adds "Custom API Call" to the operations of every node whose credential authenticates
// requests (it lets the HTTP Request node reuse the credential); it is not the node's own.
const N8N_CUSTOM_API_CALL = 'Custom API Call';
// n8n adds "Allowed HTTP Request Domains" to such credentials for the same reason.
const N8N_ALLOWED_DOMAINS = 'allowedHttpRequestDomains';

const RECORD_FIELDS = [
	'skuRef',
	'locationRef',
	'qty',
	'retailerId',
	'correctedQty',
	'reservedQty',
	'inventoryId',
	'ref',
	'type',
	'status',
	'attributes',
];
const REQUEST_OPTIONS = ['Max Retries', 'Request Timeout (Seconds)'];
// Get Job's bound on reading every batch's results (Include Batch Results), named as the wait's.
const GET_JOB_TIMEOUT_OPTION = 'Timeout (Seconds)';
const WAIT_OPTIONS = ['Poll Interval (Seconds)', 'Timeout (Seconds)', 'Fail on Record Errors'];
const WAIT_OPTION_NAMES = ['pollIntervalSeconds', 'timeoutSeconds', 'failOnRecordErrors'];

module.exports = {
	NODE_NAME,
	NODE_TYPE,
	CREDENTIAL_NAME,
	OPERATIONS,
	ACTIONS,
	N8N_CUSTOM_API_CALL,
	N8N_ALLOWED_DOMAINS,
	RECORD_FIELDS,
	REQUEST_OPTIONS,
	GET_JOB_TIMEOUT_OPTION,
	WAIT_OPTIONS,
	WAIT_OPTION_NAMES,
};
