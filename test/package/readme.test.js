/**
 * The README against the node it describes: the contents list reaches every section, the
 * sections of n8n's community-node README template are there, what the README tells users
 * to type into Job ID is what the editor's placeholder shows, and every relative link in the
 * README and docs/ reaches a file (and, with a #fragment, a heading in it).
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

/** GitHub's anchor of any heading: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function headingAnchors(markdown) {
	const seen = new Map();
	return withoutFences(markdown)
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) => {
			const anchor = line
				.replace(/^#{1,6} /, '')
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N} _-]/gu, '')
				.replace(/ /g, '-');
			const count = seen.get(anchor) ?? 0;
			seen.set(anchor, count + 1);
			return count === 0 ? anchor : `${anchor}-${count}`;
		});
}

/** The text without fenced code blocks. */
function withoutFences(markdown) {
	return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** The text without code, fenced or inline, where a link is only an example. */
function withoutCode(markdown) {
	return withoutFences(markdown).replace(/`[^`\n]*`/g, '``');
}

/** Every link target of a markdown file: [text](target) and <img src="target">. */
function linkTargets(markdown) {
	const text = withoutCode(markdown);
	return [
		...[...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]),
		...[...text.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1]),
	];
}

/** The README and every markdown file under docs/, as paths from the repository root. */
const manualFiles = [
	'README.md',
	...fs
		.readdirSync(path.join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`),
];

test('every relative link in the README and docs/ reaches a file, and a heading in it', () => {
	const broken = [];
	for (const file of manualFiles) {
		const markdown = fs.readFileSync(path.join(ROOT, file), 'utf8');
		for (const target of linkTargets(markdown)) {
			if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:: not a file here
			const [filePart, fragment] = target.split('#');
			const linked = filePart
				? path.join(path.dirname(path.join(ROOT, file)), filePart)
				: path.join(ROOT, file);
			if (!fs.existsSync(linked)) {
				broken.push(`${file}: ${target} (no such file)`);
			} else if (fragment !== undefined && linked.endsWith('.md')) {
				if (!headingAnchors(fs.readFileSync(linked, 'utf8')).includes(fragment)) {
					broken.push(`${file}: ${target} (no such heading)`);
				}
			}
		}
	}
	expect(manualFiles).toContain('docs/development.md');
	expect(broken).toEqual([]);
});
