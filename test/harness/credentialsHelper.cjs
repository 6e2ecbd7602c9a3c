const { workflow } = require('./n8nModules.cjs');

const { ICredentialsHelper } = workflow;

/**
 * Stands in for n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts) with the same
 * rules: defaults are applied on read; preAuthentication runs when the hidden expirable field is
 * empty, when core reports the token expired (after a 401), or during a credential test; what it
 * returns is persisted for the next execution; generic `authenticate` is resolved as expressions.
 */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(credentialTypes) {
		super();
		this.credentialTypes = credentialTypes;
		this.store = new Map();
		this.events = [];
		/** Every access token a login returned, for checking that none ever leaks. */
		this.issuedTokens = [];
	}

	/** Saves a credential as n8n stores it (plain data; n8n encrypts, we need not). */
	save(id, type, data, name = `Credential ${id}`) {
		this.store.set(id, { id, name, type, data: { ...data } });
		return { id, name };
	}

	stored(id) {
		return this.store.get(id)?.data;
	}

	loginCount() {
		return this.events.filter((event) => event.kind === 'preAuthentication').length;
	}

	getType(typeName) {
		const type = this.credentialTypes.get(typeName);
		if (!type) throw new Error(`Unknown credential type ${typeName}`);
		return type;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	getCredentialsProperties(typeName) {
		return this.getType(typeName).properties;
	}

	async getCredentials(nodeCredentials, typeName) {
		const entry = this.store.get(nodeCredentials.id);
		if (!entry) throw new Error(`Credential ${nodeCredentials.id} not found`);
		const { Credentials } = require('n8n-core');
		const credentials = new Credentials({ id: entry.id, name: entry.name }, typeName);
		credentials.getData = () => ({ ...entry.data });
		return credentials;
	}

	async getDecrypted(_additionalData, nodeCredentials, typeName) {
		const entry = this.store.get(nodeCredentials.id);
		if (!entry) throw new Error(`Credential ${nodeCredentials.id} not found`);
		const decrypted = {};
		for (const property of this.getType(typeName).properties) {
			decrypted[property.name] =
				entry.data[property.name] !== undefined ? entry.data[property.name] : property.default;
		}
		return decrypted;
	}

	async updateCredentials(nodeCredentials, typeName, data) {
		const entry = this.store.get(nodeCredentials.id);
		entry.data = { ...data };
		this.events.push({ kind: 'update', id: nodeCredentials.id });
	}

	async updateCredentialsOauthTokenData() {}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const type = this.getType(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;

		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials) {
			return undefined;
		}
		this.events.push({ kind: 'preAuthentication', expired: credentialsExpired });
		const output = await type.preAuthentication.call(helpers, credentials);
		if (typeof output.accessToken === 'string') this.issuedTokens.push(output.accessToken);
		if (output[expirable.name] === undefined) return undefined;

		const nodeCredentials = node.credentials?.[typeName];
		if (nodeCredentials) {
			const entry = this.store.get(nodeCredentials.id);
			await this.updateCredentials(nodeCredentials, typeName, { ...entry.data, ...output });
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const type = this.getType(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return await type.preAuthentication.call(helpers, credentials);
	}

	async authenticate(credentials, typeName, requestOptions, workflowInstance, node) {
		const type = this.getType(typeName);
		const { authenticate } = type;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!authenticate || authenticate.type !== 'generic') return requestOptions;

		const resolve = (value) => {
			if (typeof value !== 'string' || !value.startsWith('=')) return value;
			const resolved = workflowInstance.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? String(resolved) : '';
		};
		for (const [outerKey, values] of Object.entries(authenticate.properties)) {
			requestOptions[outerKey] = requestOptions[outerKey] ?? {};
			for (const [key, value] of Object.entries(values)) {
				requestOptions[outerKey][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}
}

module.exports = { TestCredentialsHelper };
