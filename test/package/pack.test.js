const { execFileSync } = require('node:child_process');
const path = require('node:path');

const { loadPackage } = require('../harness/loadPackage.cjs');

const root = path.resolve(__dirname, '..', '..');

describe('the published package', () => {
	test('npm pack holds only dist/, README, LICENSE and package.json', () => {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
		);
		const files = packed.files.map((file) => file.path);
		const outside = files.filter(
			(file) => !file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file),
		);
		expect(outside).toEqual([]);
		expect(files).toEqual(
			expect.arrayContaining([
				'README.md',
				'LICENSE',
				'package.json',
				'dist/nodes/FluentInventoryBatch/FluentInventoryBatch.node.js',
				'dist/nodes/FluentInventoryBatch/FluentInventoryBatch.node.json',
				'dist/nodes/FluentInventoryBatch/fluentCommerce.svg',
				'dist/nodes/FluentInventoryBatch/fluentCommerce.dark.svg',
				'dist/credentials/FluentCommerceApi.credentials.js',
			]),
		);
		expect(files.some((file) => file.includes('test/') || file.endsWith('.ts'))).toBe(false);
	});

	test('package.json follows the community-package rules', () => {
		const pkg = require(path.join(root, 'package.json'));
		expect(pkg.name).toBe('n8n-nodes-fluent-commerce');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.n8n).toEqual({
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: ['dist/credentials/FluentCommerceApi.credentials.js'],
			nodes: ['dist/nodes/FluentInventoryBatch/FluentInventoryBatch.node.js'],
		});
	});

	test("n8n's package loader finds the node, the credential, their icons and the codex", async () => {
		const { loader, packageName, nodeTypes, credentialTypes } = await loadPackage();
		expect(packageName).toBe('n8n-nodes-fluent-commerce');
		const node = nodeTypes.getByNameAndVersion('n8n-nodes-fluent-commerce.fluentInventoryBatch', 1);
		expect(node.description).toEqual(
			expect.objectContaining({
				name: 'fluentInventoryBatch',
				displayName: 'Fluent Inventory Batch',
				version: 1,
				usableAsTool: true,
				credentials: [{ name: 'fluentCommerceApi', required: true }],
			}),
		);
		expect(node.description.codex).toEqual(
			expect.objectContaining({
				categories: expect.arrayContaining(['Data & Storage']),
				resources: expect.objectContaining({ primaryDocumentation: [expect.any(Object)] }),
			}),
		);
		expect(node.description.iconUrl).toEqual({
			light: expect.stringMatching(/fluentCommerce\.svg$/),
			dark: expect.stringMatching(/fluentCommerce\.dark\.svg$/),
		});
		const credential = credentialTypes.get('fluentCommerceApi');
		expect(credential.displayName).toBe('Fluent Commerce API');
		expect(loader.getCredential('fluentCommerceApi').type.iconUrl).toBeDefined();
	});

	test('the credential has exactly the contract fields, plus hidden login state', () => {
		const { FluentCommerceApi } = require(path.join(root, 'dist/credentials/FluentCommerceApi.credentials.js'));
		const credential = new FluentCommerceApi();
		const visible = credential.properties.filter((property) => property.type !== 'hidden');
		expect(visible.map((property) => [property.name, property.type])).toEqual([
			['environment', 'options'],
			['accountId', 'string'],
			['baseUrl', 'string'],
			['clientId', 'string'],
			['clientSecret', 'string'],
			['username', 'string'],
			['password', 'string'],
			['retailerId', 'string'],
		]);
		const byName = Object.fromEntries(credential.properties.map((property) => [property.name, property]));
		expect(byName.environment.default).toBe('sandbox');
		expect(byName.environment.options.map((option) => option.value)).toEqual(['sandbox', 'production', 'custom']);
		expect(byName.baseUrl.displayOptions).toEqual({ show: { environment: ['custom'] } });
		expect(byName.clientSecret.typeOptions.password).toBe(true);
		expect(byName.password.typeOptions.password).toBe(true);
		expect(byName.accessToken).toEqual(
			expect.objectContaining({ type: 'hidden', typeOptions: expect.objectContaining({ expirable: true }) }),
		);
		// The first hidden expirable field is the one n8n refreshes; it must be the token.
		const expirable = credential.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable,
		);
		expect(expirable.name).toBe('accessToken');
	});
});
