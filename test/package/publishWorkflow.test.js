/**
 * The release workflow cannot run here, so its file is read with a YAML parser and checked for
 * what n8n and npm need: a version tag starts it, the job may mint the OIDC token provenance is
 * signed with, and it lints, builds and tests before `npm publish --provenance`.
 */
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');

const ROOT = path.resolve(__dirname, '..', '..');
const workflow = parse(
	fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'publish.yml'), 'utf8'),
);
const [job] = Object.values(workflow.jobs);
const commands = job.steps.filter((step) => step.run).map((step) => step.run.trim());
const indexOfCommand = (command) => commands.findIndex((run) => run === command);

test('runs on a pushed version tag, and only then', () => {
	expect(workflow.on).toEqual({ push: { tags: ['v*'] } });
});

test('may read the repository and mint an OIDC token, nothing more', () => {
	expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	expect(Object.keys(workflow.jobs)).toHaveLength(1);
	expect(job.permissions).toBeUndefined();
});

test('sets up Node 22 or later with the npm registry, and installs with npm ci', () => {
	const setup = job.steps.find((step) => String(step.uses).startsWith('actions/setup-node@'));
	expect(Number(setup.with['node-version'])).toBeGreaterThanOrEqual(22);
	expect(setup.with['registry-url']).toBe('https://registry.npmjs.org');
	expect(indexOfCommand('npm ci')).toBeGreaterThan(-1);
});

test('lints, builds and tests before it publishes with provenance, publicly', () => {
	const publish = indexOfCommand('npm publish --provenance --access public');
	expect(publish).toBe(commands.length - 1);
	const order = ['npm ci', 'npm run lint', 'npm run build', 'npm run test:only'].map(
		indexOfCommand,
	);
	expect(order.every((index) => index > -1)).toBe(true);
	expect([...order].sort((a, b) => a - b)).toEqual(order);
	expect(order[order.length - 1]).toBeLessThan(publish);
	expect(job.steps[job.steps.length - 1].env.NODE_AUTH_TOKEN).toBe('${{ secrets.NPM_TOKEN }}');
});

test('the scripts it runs exist in package.json', () => {
	const { scripts } = require(path.join(ROOT, 'package.json'));
	for (const script of ['lint', 'build', 'test:only'])
		expect(scripts[script]).toEqual(expect.any(String));
});
