/**
 * `n8n start` once: the node and credential lists the editor loads (types/*.json) hold the
 * package's node and credential as the contract describes them, and n8n logs no load error.
 */
const fs = require('node:fs');
const path = require('node:path');

const { loadErrorLines } = require('../n8n-cli.cjs');
const { PACKAGE, NODE_TYPE, CREDENTIAL_TYPE } = require('../fixtures.cjs');

const CREDENTIAL_FIELDS = [
	'environment',
	'accountId',
	'baseUrl',
	'clientId',
	'clientSecret',
	'username',
	'password',
	'retailerId',
	'accessToken',
];

function nodeChecks(checks, nodeTypes) {
	const node = nodeTypes.find((type) => type.name === NODE_TYPE);
	checks.check(
		`nodes list has ${NODE_TYPE}`,
		node,
		`${nodeTypes.length} node types, none named ${NODE_TYPE}`,
	);
	if (!node) return;
	checks.checkEqual(
		'… as "Fluent Inventory Batch", version 1',
		[node.displayName, node.version],
		['Fluent Inventory Batch', 1],
	);
	checks.checkEqual(
		'… with the four operations (besides the "Custom API Call" n8n adds)',
		node.properties
			.find((property) => property.name === 'operation')
			?.options.map((option) => option.value)
			.filter((value) => value !== '__CUSTOM_API_CALL__')
			.sort(),
		['createBatch', 'createJob', 'getBatch', 'getJob'],
	);
	checks.checkEqual(
		'… using the fluentCommerceApi credential',
		node.credentials?.map((entry) => entry.name),
		[CREDENTIAL_TYPE],
	);
	const resources = JSON.stringify(node.codex?.resources ?? {});
	checks.check(
		'… with its documentation link (codex) to the README',
		resources.includes(`${PACKAGE.homepage}`) ||
			resources.includes(PACKAGE.homepage.replace(/#readme$/, '')),
		JSON.stringify(node.codex),
	);
}

function credentialChecks(checks, credentialTypes) {
	const credential = credentialTypes.find((type) => type.name === CREDENTIAL_TYPE);
	checks.check(
		`credentials list has ${CREDENTIAL_TYPE}`,
		credential,
		`${credentialTypes.length} credential types`,
	);
	if (!credential) return;
	checks.checkEqual('… as "Fluent Commerce API"', credential.displayName, 'Fluent Commerce API');
	checks.check(
		'… with every field of the contract',
		CREDENTIAL_FIELDS.every((name) =>
			credential.properties.some((property) => property.name === name),
		),
		credential.properties.map((property) => property.name).join(', '),
	);
	checks.check(
		'… usable by the node',
		(credential.supportedNodes ?? []).includes(NODE_TYPE),
		JSON.stringify(credential.supportedNodes),
	);
}

async function editorListsNodeAndCredential({ checks, cleanups, instance }) {
	checks.group('n8n start: the editor lists the node and the credential, with no load errors');
	const server = await instance.startServer();
	const stopServer = cleanups.add(() => server.stop());
	checks.note(`n8n listening on ${server.url}`);
	const readTypes = (file) => JSON.parse(fs.readFileSync(path.join(server.typesDir, file), 'utf8'));
	nodeChecks(checks, readTypes('nodes.json'));
	credentialChecks(checks, readTypes('credentials.json'));
	checks.check(
		'the n8n log has no load error for the package',
		loadErrorLines(server.log(), PACKAGE.name).length === 0,
		loadErrorLines(server.log(), PACKAGE.name).join('\n'),
	);
	await cleanups.runNow(stopServer);
}

module.exports = { editorListsNodeAndCredential };
