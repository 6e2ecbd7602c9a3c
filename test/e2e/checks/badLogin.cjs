/** An error as the user sees it: a wrong password fails the run with Fluent's reason. */
const { executeExample } = require('./exampleRun.cjs');

async function wrongPassword(run) {
	const { checks, simulator, workflows } = run;
	checks.group("A wrong password: the run fails with Fluent's reason, and nothing is sent");
	await simulator.reset();
	const { result, output } = await executeExample(run, workflows.badLogin.workflow.id, {
		expectSuccess: false,
	});
	checks.check('n8n execute exits 1', result.code === 1, `exit ${result.code}`);
	checks.check(
		'the error says Fluent rejected the login and what to check',
		/Fluent rejected the login: Bad credentials.*Check the Username and Password/.test(output),
		output
			.split('\n')
			.filter((line) => /error|Fluent/i.test(line))
			.slice(0, 12)
			.join('\n'),
	);
	const stats = await simulator.stats();
	checks.checkEqual(
		'simulator: no job and no batch were created',
		[stats.jobs.length, stats.batches.length],
		[0, 0],
	);
}

module.exports = { wrongPassword };
