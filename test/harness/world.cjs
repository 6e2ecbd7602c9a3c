const { createSimulator } = require('../simulator/simulator.cjs');
const { DEFAULT_USER } = require('../simulator/lib/config.cjs');
const { createEngine } = require('./engine.cjs');
const { filesystemBinaryMode } = require('./binaryFiles.cjs');

/**
 * One test world: a Fluent simulator on loopback, n8n's engine with this package loaded, and a
 * saved Fluent Commerce API credential that points at the simulator.
 */
async function createWorld({ simulator: simulatorOptions = {}, credential = {} } = {}) {
	const simulator = createSimulator({ pendingMs: 5, runningMs: 20, perRecordMs: 0, ...simulatorOptions });
	const url = await simulator.start();
	let engine;
	try {
		engine = await createEngine();
	} catch (error) {
		// Without this the simulator keeps listening and jest never ends (e.g. dist/ not built).
		await simulator.stop();
		throw error;
	}
	engine.logger.clear();

	const credentialData = {
		environment: 'custom',
		baseUrl: url,
		accountId: DEFAULT_USER.accountId,
		clientId: DEFAULT_USER.clientId,
		clientSecret: DEFAULT_USER.clientSecret,
		username: DEFAULT_USER.username,
		password: DEFAULT_USER.password,
		retailerId: '',
		accessToken: '',
		...credential,
	};
	engine.credentialsHelper.save('fluent', 'fluentCommerceApi', credentialData, 'Fluent simulator');

	function fluentNode(name, parameters, { credentialId = 'fluent', settings = {} } = {}) {
		return {
			id: name,
			name,
			type: engine.nodeType,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: { fluentCommerceApi: { id: credentialId, name: 'Fluent simulator' } },
			...settings,
		};
	}

	/**
	 * A node that outputs `items`, standing in for a CSV reader or an HTTP call; with
	 * `wholeItems`, each entry is a whole item (`{ json, binary }`), as a file-reading node gives.
	 */
	function emitItemsNode(name, items, { wholeItems = false } = {}) {
		return {
			id: name,
			name,
			type: engine.emitItemsType,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(items), ...(wholeItems ? { wholeItems } : {}) },
		};
	}

	/** Connects the nodes one after another, first output to first input. */
	function chain(...nodes) {
		const connections = {};
		for (let index = 0; index < nodes.length - 1; index++) {
			connections[nodes[index].name] = {
				main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
			};
		}
		return { nodes, connections };
	}

	/** Creates a job through the node, as a workflow would, and returns its ID. */
	async function createJob(jobName = 'Load') {
		const result = await engine.run(
			chain(fluentNode('Create Job', { operation: 'createJob', jobName, retailerId: '' })),
		);
		if (result.status !== 'success') throw result.error ?? new Error('Create Job failed');
		return result.json('Create Job')[0].jobId;
	}

	/** Every secret this world's credential holds, and every token Fluent issued to it. */
	function secrets() {
		const stored = engine.credentialsHelper.stored('fluent') ?? {};
		return [
			stored.clientSecret,
			stored.password,
			credentialData.clientSecret,
			credentialData.password,
			...engine.credentialsHelper.issuedTokens,
		].filter((value) => typeof value === 'string' && value.length >= 6);
	}

	/** Secrets found in a run's output items, errors and log lines (should be none). */
	function leakedSecrets(result) {
		const everything = `${JSON.stringify(result.run)}\n${engine.logger.text()}`;
		return [...new Set(secrets())].filter((secret) => everything.includes(secret));
	}

	async function close() {
		await simulator.stop();
	}

	return { simulator, url, engine, fluentNode, emitItemsNode, chain, createJob, secrets, leakedSecrets, credentialData, close };
}

/**
 * For a jest describe block: before each test a new world (options as createWorld's) with a job
 * opened in its simulator, handed to `use({ world, jobId })`; after each test the world closed.
 */
function eachTestWorldWithJob(options, use) {
	let world;
	beforeEach(async () => {
		world = await createWorld(options);
		use({ world, jobId: await world.createJob() });
	});
	afterEach(async () => {
		await world.close();
	});
}

/**
 * For a jest describe block whose tests share one world (options as createWorld's): its
 * simulator is reset and a job opened before each test, handed to `use({ world, jobId })`.
 */
function sharedWorldWithJob(options, use) {
	let world;
	beforeAll(async () => {
		world = await createWorld(options);
	});
	afterAll(async () => {
		await world.close();
	});
	beforeEach(async () => {
		world.simulator.reset();
		use({ world, jobId: await world.createJob() });
	});
}

/**
 * For a jest describe block whose tests share one world and n8n's binary data service in
 * filesystem mode (binaryFiles.cjs): both are handed to `use({ world, binaryStore })` before the
 * tests, and closed after them.
 */
function sharedWorldWithBinaryStore(use) {
	let world;
	let binaryStore;
	beforeAll(async () => {
		binaryStore = await filesystemBinaryMode();
		world = await createWorld();
		use({ world, binaryStore });
	});
	afterAll(async () => {
		await world.close();
		binaryStore.close();
	});
}

module.exports = { createWorld, eachTestWorldWithJob, sharedWorldWithJob, sharedWorldWithBinaryStore };
