// The layering of docs/architecture.md, checked on the TypeScript sources: no import circle, no
// import against the folder table, no module beyond the modules table, one opening line per file
// saying what it is for, at most 250 lines per file. The rule is read from the document itself,
// so the document and this check cannot say different things.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.join(__dirname, '..', '..');
const NODE_DIR = 'nodes/FluentInventoryBatch/';
const SOURCE_DIRS = ['nodes', 'credentials'];
const DOC = 'docs/architecture.md';
const MAX_LINES = 250;

/** A file's name as the document writes it: relative to the node's folder, or `credentials/...`. */
const unitName = (repoPath) =>
	repoPath.startsWith(NODE_DIR) ? repoPath.slice(NODE_DIR.length) : repoPath;

function sourceFiles() {
	const files = [];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
			const child = `${dir}/${entry.name}`;
			if (entry.isDirectory()) walk(child);
			else if (entry.name.endsWith('.ts')) files.push(child);
		}
	};
	SOURCE_DIRS.forEach(walk);
	return files.sort();
}

/** Every module a file names: import and export ... from (types too), require(), import(). */
function importsOf(text, fileName) {
	const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
	const found = [];
	const add = (literal) =>
		found.push({
			spec: literal.text,
			line: source.getLineAndCharacterOfPosition(literal.getStart()).line + 1,
		});
	const visit = (node) => {
		if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
			add(node.moduleSpecifier);
		} else if (
			ts.isImportEqualsDeclaration(node) &&
			ts.isExternalModuleReference(node.moduleReference)
		) {
			add(node.moduleReference.expression);
		} else if (
			ts.isCallExpression(node) &&
			(node.expression.kind === ts.SyntaxKind.ImportKeyword ||
				(ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
			node.arguments[0] &&
			ts.isStringLiteralLike(node.arguments[0])
		) {
			add(node.arguments[0]);
		} else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
			add(node.argument.literal);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

/** The rows of the markdown table whose header row is `header` (cells split on `|`). */
function tableRows(doc, header) {
	const lines = doc.split('\n');
	const start = lines.findIndex((line) => line.replace(/\s/g, '') === header.replace(/\s/g, ''));
	if (start < 0) throw new Error(`${DOC} has no table with the header ${header}`);
	const rows = [];
	for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) {
		rows.push(
			lines[i]
				.split('|')
				.slice(1, -1)
				.map((cell) => cell.trim()),
		);
	}
	return rows;
}

const codeNames = (cell) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);

/**
 * The folder table: each row's first cell names a folder (ending in `/`) or a file, its last cell
 * what it may use: the folders and files named there in backticks (none for `nothing`).
 */
function layeringRule(doc) {
	return tableRows(doc, '| folder | its job | uses |').map(([folderCell, , usesCell], index) => ({
		name: codeNames(folderCell)[0],
		uses: codeNames(usesCell),
		index,
	}));
}

/** The modules table: each module other than relative files, and the files that may import it. */
function moduleRule(doc) {
	return tableRows(doc, '| module | imported by |').map(([moduleCell, byCell]) => ({
		module: codeNames(moduleCell)[0],
		by: /^every file\b/.test(byCell) ? null : codeNames(byCell),
	}));
}

/** The layer a file belongs to: the row naming the file itself, else its deepest folder's. */
function layerOf(layers, name) {
	let best;
	for (const layer of layers) {
		const matches = layer.name.endsWith('/') ? name.startsWith(layer.name) : name === layer.name;
		if (matches && (!best || layer.name.length > best.name.length)) best = layer;
	}
	return best;
}

const permits = (uses, target) =>
	uses.some((used) => (used.endsWith('/') ? target.startsWith(used) : target === used));

function resolveRelative(fromRepoPath, spec) {
	const base = path.posix.join(path.posix.dirname(fromRepoPath), spec);
	for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
		if (candidate.endsWith('.ts') && fs.existsSync(path.join(ROOT, candidate))) return candidate;
	}
	return undefined;
}

const doc = fs.readFileSync(path.join(ROOT, DOC), 'utf8');
const files = sourceFiles().map((repoPath) => {
	const text = fs.readFileSync(path.join(ROOT, repoPath), 'utf8');
	return { repoPath, name: unitName(repoPath), text, imports: importsOf(text, repoPath) };
});
const layers = layeringRule(doc);
const modules = moduleRule(doc);

/** Each file's imports of other source files, resolved: { from, line, spec, to }. */
const edges = [];
const unresolved = [];
for (const file of files) {
	for (const { spec, line } of file.imports) {
		if (!spec.startsWith('.')) continue;
		const target = resolveRelative(file.repoPath, spec);
		if (target) edges.push({ from: file.name, line, spec, to: unitName(target) });
		else unresolved.push(`${file.name}:${line} → '${spec}': no such source file`);
	}
}

/** One cycle through each group of files that import each other (Tarjan's strongly connected components). */
function importCircles() {
	const next = new Map(files.map((file) => [file.name, []]));
	for (const edge of edges) next.get(edge.from).push(edge.to);
	const order = new Map();
	const low = new Map();
	const stack = [];
	const onStack = new Set();
	const groups = [];
	let counter = 0;
	const connect = (name) => {
		order.set(name, counter);
		low.set(name, counter++);
		stack.push(name);
		onStack.add(name);
		for (const to of next.get(name)) {
			if (!order.has(to)) {
				connect(to);
				low.set(name, Math.min(low.get(name), low.get(to)));
			} else if (onStack.has(to)) low.set(name, Math.min(low.get(name), order.get(to)));
		}
		if (low.get(name) === order.get(name)) {
			const group = [];
			let member;
			do {
				member = stack.pop();
				onStack.delete(member);
				group.push(member);
			} while (member !== name);
			if (group.length > 1 || next.get(name).includes(name)) groups.push(group);
		}
	};
	for (const file of files) if (!order.has(file.name)) connect(file.name);
	// Within a group, the shortest way back from its first file to itself is the cycle to show.
	return groups.map((group) => {
		const inGroup = new Set(group);
		const start = [...group].sort()[0];
		const cameFrom = new Map();
		const queue = [start];
		while (queue.length > 0) {
			const name = queue.shift();
			for (const to of next.get(name).filter((n) => inGroup.has(n))) {
				if (to === start) {
					const cycle = [start];
					for (let at = name; at !== start; at = cameFrom.get(at)) cycle.splice(1, 0, at);
					const steps = cycle.map((from, i) => {
						const to = cycle[i + 1] ?? start;
						const edge = edges.find((candidate) => candidate.from === from && candidate.to === to);
						return `${from}:${edge.line} → '${edge.spec}'`;
					});
					return `import circle: ${steps.join(' → ')} (${start})`;
				}
				if (!cameFrom.has(to)) {
					cameFrom.set(to, name);
					queue.push(to);
				}
			}
		}
		return `import circle among ${group.join(', ')}`;
	});
}

describe(`the layering of ${DOC}`, () => {
	test('the document names a layer for every source file, each using only layers above it', () => {
		expect(layers.length).toBeGreaterThan(3);
		const problems = [];
		for (const layer of layers) {
			for (const used of layer.uses) {
				const usedLayer = layers.find((other) => other.name === used) ?? layerOf(layers, used);
				if (!usedLayer || usedLayer.index >= layer.index) {
					problems.push(
						`${layer.name} uses ${used}, which is not a row above it in the folder table`,
					);
				}
			}
		}
		for (const file of files) {
			if (!layerOf(layers, file.name))
				problems.push(`${file.name}: no row of the folder table covers it`);
		}
		expect(problems).toEqual([]);
	});

	test('no import circle', () => {
		expect(unresolved).toEqual([]);
		expect(importCircles()).toEqual([]);
	});

	test('every import between folders is one the folder table allows', () => {
		const problems = [];
		for (const edge of edges) {
			const from = layerOf(layers, edge.from);
			const to = layerOf(layers, edge.to);
			if (!from || !to || from === to || permits(from.uses, edge.to)) continue;
			const allowed = from.uses.length > 0 ? from.uses.join(', ') : 'nothing';
			problems.push(
				`${edge.from}:${edge.line} → '${edge.spec}' (${edge.to}): ${from.name} may use only ${allowed}`,
			);
		}
		expect(problems).toEqual([]);
	});

	test('node code imports no module but those of the modules table', () => {
		expect(modules.map((rule) => rule.module)).toContain('n8n-workflow');
		const problems = [];
		for (const file of files) {
			for (const { spec, line } of file.imports) {
				if (spec.startsWith('./') || spec.startsWith('../')) continue;
				const rule = modules.find((candidate) => candidate.module === spec);
				if (rule && (rule.by === null || rule.by.includes(file.name))) continue;
				const why = rule ? `only ${rule.by.join(', ')} may import it` : 'not in the modules table';
				problems.push(`${file.name}:${line} → '${spec}': ${why}`);
			}
		}
		expect(problems).toEqual([]);
	});
});

describe('every source file under nodes/ and credentials/', () => {
	// A `//` line, since a JSDoc comment there documents the first declaration, not the file.
	test('opens with a one-line comment saying what it is for', () => {
		const saysWhatItIsFor = (line) => /^\/\/ \S.{15,}$/.test(line);
		const problems = files
			.filter((file) => !saysWhatItIsFor(file.text.split('\n')[0]))
			.map((file) => `${file.repoPath}: first line is "${file.text.split('\n')[0]}"`);
		expect(problems).toEqual([]);
	});

	test(`is at most ${MAX_LINES} lines long`, () => {
		const problems = files
			.map((file) => ({ file, lines: file.text.replace(/\n$/, '').split('\n').length }))
			.filter(({ lines }) => lines > MAX_LINES)
			.map(({ file, lines }) => `${file.repoPath}: ${lines} lines`);
		expect(problems).toEqual([]);
	});
});
