/**
 * Deliberate breakages, to prove that each editor check fails when the thing it checks is
 * broken. `FLUENT_UI_BREAK=name[,name...] npm run test:ui` patches the copy of the package that
 * the test installed into its temporary n8n user folder (never the repository's dist/), before
 * n8n starts. Screenshots of such a run go to test-results/ui/ only.
 */
const fs = require('node:fs');
const path = require('node:path');

const NODE_DIR = 'dist/nodes/FluentInventoryBatch';

/** name → { what it breaks, the checks expected to fail, the file edits } */
const BREAKAGES = {
	'node-not-registered': {
		what: 'package.json lists no node, so n8n loads none',
		edits: [{ file: 'package.json', json: (pkg) => ({ ...pkg, n8n: { ...pkg.n8n, nodes: [] } }) }],
	},
	icon: {
		what: 'the node icon is not a valid SVG',
		edits: [
			{ file: `${NODE_DIR}/fluentCommerce.svg`, content: 'not an image' },
			{ file: `${NODE_DIR}/fluentCommerce.dark.svg`, content: 'not an image' },
		],
	},
	'operation-display': {
		what: "each operation also shows another operation's parameters",
		edits: [
			{
				file: `${NODE_DIR}/actions/createBatch/createBatch.description.js`,
				find: "{ show: { operation: ['createBatch'] } }",
				replace: "{ show: { operation: ['createBatch', 'createJob', 'getJob'] } }",
			},
			{
				file: `${NODE_DIR}/actions/getBatch.operation.js`,
				find: "{ show: { operation: ['getBatch'] } }",
				replace: "{ show: { operation: ['getBatch', 'createBatch'] } }",
			},
			{
				file: `${NODE_DIR}/actions/createJob.operation.js`,
				find: "{ show: { operation: ['createJob'] } }",
				replace: "{ show: { operation: ['createJob', 'getBatch'] } }",
			},
		],
	},
	'operation-renamed': {
		what: 'the Get Job operation is called Read Job',
		edits: [
			{
				file: `${NODE_DIR}/FluentInventoryBatch.node.js`,
				find: "name: 'Get Job',",
				replace: "name: 'Read Job',",
			},
			{
				file: `${NODE_DIR}/FluentInventoryBatch.node.js`,
				find: "action: 'Get a job',",
				replace: "action: 'Read a job',",
			},
		],
	},
	'options-collection': {
		what: 'the Options collection loses Max Retries and Request Timeout',
		edits: [
			{
				file: `${NODE_DIR}/actions/common.descriptions.js`,
				find: 'options: [...operationOptions, ...exports.requestOptions],',
				replace: 'options: [...operationOptions],',
			},
		],
	},
	'wait-options': {
		what: 'Poll Interval, Timeout and Fail on Record Errors lose their displayOptions',
		edits: [
			{
				file: `${NODE_DIR}/actions/common.descriptions.js`,
				find: "displayOptions: { show: { '/waitForCompletion': [true] } },",
				replace: '',
			},
		],
	},
	'auto-map-notice': {
		what: 'the auto-map notice is shown for Define Below instead',
		edits: [
			{
				file: `${NODE_DIR}/actions/createBatch/createBatch.description.js`,
				find: "'/columns.mappingMode': ['autoMapInputData']",
				replace: "'/columns.mappingMode': ['defineBelow']",
			},
		],
	},
	'record-fields': {
		what: 'the resource mapper offers "sku" instead of Fluent\'s skuRef',
		edits: [
			{ file: `${NODE_DIR}/records/fieldDefinitions.js`, find: "id: 'skuRef'", replace: "id: 'sku'" },
		],
	},
	'base-url': {
		what: 'Base URL is shown for every environment',
		edits: [
			{
				file: 'dist/credentials/FluentCommerceApi.credentials.js',
				find: "environment: ['custom'],",
				replace: "environment: ['custom', 'sandbox', 'production'],",
			},
		],
	},
	'base-url-hidden': {
		what: 'Base URL is never shown, not even for Custom Base URL',
		edits: [
			{
				file: 'dist/credentials/FluentCommerceApi.credentials.js',
				find: "environment: ['custom'],",
				replace: "environment: ['none'],",
			},
		],
	},
	'login-message': {
		what: "a rejected login no longer passes on Fluent's message",
		edits: [
			{
				file: `${NODE_DIR}/connection/loginErrors.js`,
				find: 'Fluent rejected the login: ${fluentSays}. Check the Username',
				replace: 'Login failed. Check the Username',
			},
		],
	},
	'credential-test': {
		what: "the credential's Test request goes to a path Fluent does not have",
		edits: [
			{
				file: 'dist/credentials/FluentCommerceApi.credentials.js',
				find: "url: '/graphql',",
				replace: "url: '/graphql-missing',",
			},
		],
	},
	'create-job-output': {
		what: 'Create Job leaves the jobId out of its output',
		edits: [
			{
				file: `${NODE_DIR}/actions/createJob.operation.js`,
				find: 'return { jobId, jobName,',
				replace: 'return { jobName,',
			},
		],
	},
	'batch-wait': {
		what: 'Create Batch ignores Wait for Completion',
		edits: [
			{
				file: `${NODE_DIR}/parameters/createBatchParameters.js`,
				find: 'wait: waitForCompletion ? options_1.readWaitOptions.call(this, options, 0) : undefined,',
				replace: 'wait: undefined,',
			},
		],
	},
};

/** Applies the named breakages to the installed package in `packageDir`; returns their notes. */
function applyBreakages(packageDir, names) {
	const applied = [];
	for (const name of names) {
		const breakage = BREAKAGES[name];
		if (!breakage) {
			throw new Error(`unknown breakage "${name}"; known: ${Object.keys(BREAKAGES).join(', ')}`);
		}
		for (const edit of breakage.edits) {
			const file = path.join(packageDir, edit.file);
			if (edit.content !== undefined) {
				fs.writeFileSync(file, edit.content);
			} else if (edit.json) {
				const json = JSON.parse(fs.readFileSync(file, 'utf8'));
				fs.writeFileSync(file, JSON.stringify(edit.json(json), null, 2));
			} else {
				const text = fs.readFileSync(file, 'utf8');
				if (!text.includes(edit.find)) {
					throw new Error(`breakage "${name}": ${edit.file} does not contain ${edit.find}`);
				}
				fs.writeFileSync(file, text.split(edit.find).join(edit.replace));
			}
		}
		applied.push(`${name}: ${breakage.what}`);
	}
	return applied;
}

module.exports = { applyBreakages };
