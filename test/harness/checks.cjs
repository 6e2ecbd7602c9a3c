/**
 * The check runner of the suites that run outside jest (the end-to-end run, the editor test):
 * named checks in named groups, printed as they pass or fail, and the summary line CI adds up,
 * `N passed, N failed`.
 *
 *   const checks = createChecks();
 *   checks.group('Example …');
 *   checks.check('the run succeeded', run.status === 'success', `status ${run.status}`);
 *   checks.checkEqual('three batches', sizes, [5000, 5000, 2000]);
 *   await checks.attempt('the editor lists the node', async () => { … expectEqual(…) … });
 *   checks.finish();                       // prints the summary line, sets the exit code
 *
 * `check` judges a value; `attempt` runs a step and fails when it throws (the expect* helpers
 * throw a CheckFailure whose message is the detail shown).
 */

class CheckFailure extends Error {}

function fail(message) {
	throw new CheckFailure(message);
}

const show = (value) => JSON.stringify(value);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Assertions for `attempt` steps; `shown` words what the actual value is (e.g. "the editor shows"). */
function expectations({ shown = 'got' } = {}) {
	return {
		fail,
		expectTruthy(value, message) {
			if (!value) fail(message);
		},
		expectEqual(actual, expected, what) {
			if (!same(actual, expected))
				fail(`${what}: expected ${show(expected)}, ${shown} ${show(actual)}`);
		},
		expectSameSet(actual, expected, what) {
			const sorted = (list) => [...list].sort();
			if (same(sorted(actual), sorted(expected))) return;
			const missing = expected.filter((name) => !actual.includes(name));
			const extra = actual.filter((name) => !expected.includes(name));
			fail(
				`${what}: expected ${show(expected)}, ${shown} ${show(actual)}` +
					`${missing.length ? `; missing ${show(missing)}` : ''}${extra.length ? `; unexpected ${show(extra)}` : ''}`,
			);
		},
	};
}

const indent = (text, spaces) =>
	String(text)
		.split('\n')
		.join(`\n${' '.repeat(spaces)}`);

/**
 * A fresh list of results. `onFailure(result)` runs after every failed `attempt` (the editor
 * test takes a screenshot there); `out` is where lines go (default stdout).
 */
function createChecks({ onFailure, out = (line) => process.stdout.write(`${line}\n`) } = {}) {
	const results = [];
	let currentGroup = '';

	function record(name, ok, detail, seconds) {
		results.push({ group: currentGroup, name, ok, detail });
		const took = seconds === undefined ? '' : ` (${seconds.toFixed(1)} s)`;
		out(
			ok
				? `  ✓ ${name}${took}`
				: `  ✗ ${name}${took}${detail === undefined ? '' : `\n      ${indent(detail, 6)}`}`,
		);
		return ok;
	}

	return {
		results,
		group(name) {
			currentGroup = name;
			out(`\n${name}`);
		},
		note(text) {
			out(`    ${text}`);
		},
		/** Passes when `ok` is truthy; `detail` is shown when it fails. Returns whether it passed. */
		check(name, ok, detail) {
			return record(name, !!ok, ok ? undefined : detail);
		},
		checkEqual(name, actual, expected) {
			const ok = same(actual, expected);
			return record(name, ok, ok ? undefined : `expected ${show(expected)}, got ${show(actual)}`);
		},
		/**
		 * Runs `body`; passes unless it throws. With `blockedBy` (a reason) it fails without running,
		 * because an earlier check it needs failed.
		 */
		async attempt(name, body, { blockedBy } = {}) {
			if (blockedBy) return record(name, false, `not run: ${blockedBy}`);
			const started = Date.now();
			try {
				await body();
				return record(name, true, undefined, (Date.now() - started) / 1000);
			} catch (error) {
				const detail =
					error instanceof CheckFailure
						? error.message
						: String(error.stack || error)
								.split('\n')
								.slice(0, 12)
								.join('\n');
				record(name, false, detail, (Date.now() - started) / 1000);
				await onFailure?.(results.at(-1));
				return false;
			}
		},
		passed: () => results.filter((result) => result.ok).length,
		failed: () => results.filter((result) => !result.ok).length,
		allPassed: () => results.every((result) => result.ok),
		/** Prints `N passed, N failed` (the last line CI reads) and sets the exit code. */
		finish() {
			const failed = results.filter((result) => !result.ok).length;
			out(`\n${results.length - failed} passed, ${failed} failed`);
			process.exitCode = failed === 0 ? 0 : 1;
			return failed === 0;
		},
	};
}

module.exports = { createChecks, expectations, CheckFailure, fail, same, show };
