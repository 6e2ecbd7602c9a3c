/** The credential form: its fields per environment, and its Test against the simulator. */
const { expectations, show } = require('../../harness/checks.cjs');
const ui = require('../editor.cjs');
const { NODE_NAME, N8N_ALLOWED_DOMAINS } = require('../expected.cjs');

const { fail, expectEqual, expectTruthy } = expectations({ shown: 'the editor shows' });

function credentialData(sim, password = sim.info.password) {
	return {
		environment: 'custom',
		baseUrl: sim.url,
		accountId: sim.info.accountId,
		clientId: sim.info.clientId,
		clientSecret: sim.info.clientSecret,
		username: sim.info.username,
		password,
	};
}

async function credentialChecks(session) {
	const { page, check, screenshot, sim } = session;
	const modal = page.getByTestId('editCredential-modal');
	const visible = [
		'environment',
		'accountId',
		'clientId',
		'clientSecret',
		'username',
		'password',
		'retailerId',
		N8N_ALLOWED_DOMAINS,
	];

	const chooseEnvironment = async (label) => {
		const select = modal.getByTestId('parameter-input-environment');
		await select.click();
		await ui.pickSelectChoice(page, label, select);
		await ui.settleTo(
			() => modal.getByTestId('parameter-input-environment').locator('input').inputValue(),
			label,
		);
	};

	await check(
		'credential: the form has its fields, without Base URL for Sandbox and Production',
		async () => {
			await ui.openNode(page, NODE_NAME);
			await page.getByTestId('node-credentials-empty-state').click();
			await modal.waitFor();
			let fields = await ui.settleTo(() => ui.visibleCredentialFields(modal), visible);
			expectEqual(fields, visible, 'Sandbox (the default) shows');
			await chooseEnvironment('Production');
			fields = await ui.settleTo(() => ui.visibleCredentialFields(modal), visible);
			expectEqual(fields, visible, 'Production shows');
		},
	);

	await check('credential: Custom Base URL adds the Base URL field', async () => {
		await chooseEnvironment('Custom Base URL');
		const withBaseUrl = [...visible.slice(0, 2), 'baseUrl', ...visible.slice(2)];
		const fields = await ui.settleTo(() => ui.visibleCredentialFields(modal), withBaseUrl);
		expectEqual(fields, withBaseUrl, 'Custom Base URL shows');
	});

	const fill = async (data) => {
		for (const [name, value] of Object.entries(data)) {
			if (name === 'environment') continue;
			await modal.getByTestId(`parameter-input-${name}`).locator('input').fill(value);
		}
	};
	const banner = (text) => modal.locator('.el-tag').filter({ hasText: text });

	await check(
		"credential: Test with a wrong password shows Fluent's message (Bad credentials)",
		async () => {
			await fill(credentialData(sim, 'not-the-password'));
			const before = (await sim.stats()).tokenRequests.length;
			await modal.getByTestId('credential-save-button').click();
			const failed = banner('Couldn’t connect with these settings');
			await failed.waitFor({ timeout: 20_000 });
			const details = failed.getByText('More details');
			if (await details.isVisible()) await details.click();
			const text = await ui.settle(
				() => failed.innerText(),
				(value) => value.includes('Bad credentials'),
				3_000,
			);
			expectTruthy(text.includes('Bad credentials'), `the failed test shows: ${show(text)}`);
			const requests = (await sim.stats()).tokenRequests.slice(before);
			expectTruthy(
				requests.some(
					(request) => request.status === 400 && request.username === sim.info.username,
				),
				`the simulator saw no rejected login from the Test: ${show(requests)}`,
			);
			await screenshot('credential-bad-password', modal);
		},
	);

	await check('credential: Test against the simulator reports success', async () => {
		if (!(await modal.isVisible())) {
			await ui.openNode(page, NODE_NAME);
			await page.getByTestId('credential-edit-button').click();
			await modal.waitFor();
		}
		await fill({ password: sim.info.password });
		await modal.getByTestId('credential-save-button').click();
		// A credential that tests fine closes the modal; reopening it tests it again and says so.
		const closed = await modal.waitFor({ state: 'hidden', timeout: 20_000 }).then(
			() => true,
			() => false,
		);
		if (!closed) {
			const says = await ui.visibleTexts(modal.locator('.el-tag'));
			fail(`after Save the form stayed open, so its Test did not pass; it says ${show(says)}`);
		}
		await page.getByTestId('credential-edit-button').click();
		await modal.waitFor();
		const ok = banner('Connection tested successfully');
		await ok.waitFor({ timeout: 20_000 });
		const stats = await sim.stats();
		expectTruthy(stats.requests.graphql > 0, 'the simulator saw no Test request (POST /graphql)');
		await modal
			.locator('input')
			.first()
			.blur()
			.catch(() => undefined);
		await screenshot('credential-form', modal);
		await modal.getByRole('button', { name: 'Close this dialog' }).click();
		await modal.waitFor({ state: 'hidden' });
	});
}

module.exports = { credentialChecks, credentialData };
