/**
 * The README against the node it describes: the contents list reaches every section, the
 * sections of n8n's community-node README template are there, and what the README tells users
 * to type into Job ID is what the editor's placeholder shows.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const {
	FluentInventoryBatch,
} = require('../../dist/nodes/FluentInventoryBatch/FluentInventoryBatch.node.js');

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
const anchorOf = (heading) =>
	heading
		.toLowerCase()
		.replace(/[^a-z0-9 -]/g, '')
		.replace(/ /g, '-');
const sections = [...readme.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
const subsections = [...readme.matchAll(/^### (.+)$/gm)].map((match) => match[1]);

test('the contents list links to every section, and each link to a heading', () => {
	const contents = /^\*\*Contents:\*\*([\s\S]*?)\n\n/m.exec(readme)[1];
	const linked = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
	const sectionAnchors = sections.filter((section) => section !== 'License').map(anchorOf);
	expect(sectionAnchors.filter((anchor) => !linked.includes(anchor))).toEqual([]);
	const headingAnchors = [...sections, ...subsections].map(anchorOf);
	expect(linked.filter((anchor) => !headingAnchors.includes(anchor))).toEqual([]);
});

test("it has the sections of n8n's community-node README template", () => {
	for (const section of [
		'Installation',
		'Operations',
		'Credentials',
		'Compatibility',
		'Usage',
		'Resources',
		'Version history',
	]) {
		expect(sections).toContain(section);
	}
});

test("Create Batch's Job ID: the README's expression is the editor's placeholder", () => {
	const jobId = new FluentInventoryBatch().description.properties.find(
		(property) =>
			property.name === 'jobId' &&
			property.displayOptions?.show?.operation?.includes('createBatch'),
	);
	const expression = /\{\{.*\}\}/.exec(jobId.placeholder)[0];
	const row = readme.split('\n').find((line) => line.startsWith('| Job ID |'));
	expect(row).toContain(`\`${expression}\``);
});
