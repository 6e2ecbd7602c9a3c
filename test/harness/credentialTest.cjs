const { buildAdditionalData } = require('./engine.cjs');
const { core, workflow } = require('./n8nModules.cjs');

const TEST_NODE_TYPE = 'n8n-nodes-base.noOp';

/**
 * Presses the credential's "Test" button the way n8n's CredentialsTester does: a temporary node
 * whose only parameter routes the credential's `test.request`, run by n8n-core's RoutingNode,
 * so preAuthentication (the login) runs first. Returns n8n's verdict `{ status, message }`.
 */
async function testCredential(engine, credentialId, typeName = 'fluentCommerceApi') {
	const { credentialsHelper } = engine;
	const credentialType = credentialsHelper.getType(typeName);
	const testNodeType = {
		description: {
			displayName: 'No Operation',
			name: TEST_NODE_TYPE,
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'No Operation' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: typeName, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: credentialType.test.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes = {
		getByName: () => testNodeType,
		getByNameAndVersion: () => testNodeType,
		getKnownTypes: () => ({ [TEST_NODE_TYPE]: {} }),
	};
	const node = {
		id: 'temp',
		name: 'Temp-Node',
		type: TEST_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [typeName]: { id: credentialId, name: 'Credential under test' } },
	};
	const workflowInstance = new workflow.Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const data = await credentialsHelper.getDecrypted({}, { id: credentialId }, typeName);
	const credentialsDecrypted = { id: credentialId, name: 'Credential under test', type: typeName, data };
	const additionalData = buildAdditionalData({ executionId: 'credential-test', credentialsHelper });
	const runExecutionData = workflow.createRunExecutionData({ executionData: null });
	const context = new core.ExecuteContext(
		workflowInstance,
		workflowInstance.getNode('Temp-Node'),
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new core.RoutingNode(context, testNodeType, credentialsDecrypted);
	try {
		await routingNode.runNode();
	} catch (error) {
		if (error.cause?.response) {
			const status = error.cause.response.status;
			return { status: 'Error', message: error.cause.response.statusText || `Received HTTP status code: ${status}` };
		}
		if (error.cause?.code) return { status: 'Error', message: error.cause.code };
		return { status: 'Error', message: String(error.message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

module.exports = { testCredential };
