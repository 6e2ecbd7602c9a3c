const { loginKey, sharedLogin } = require('../harness/internals.cjs');

describe('one login at a time per credential', () => {
	let counter = 0;
	const login = () =>
		new Promise((resolve) => {
			counter += 1;
			const token = `token-${counter}`;
			setTimeout(() => resolve({ accessToken: token }), 20);
		});

	test('logins asked for at the same time share one', async () => {
		const key = loginKey(['https://a', 'client', 'secret', 'user', 'pw-1']);
		const before = counter;
		const results = await Promise.all([sharedLogin(key, '', login), sharedLogin(key, '', login), sharedLogin(key, 'old', login)]);
		expect(counter - before).toBe(1);
		expect(new Set(results.map((result) => result.accessToken)).size).toBe(1);
	});

	test('a refresh for a token already replaced gets the newer one; a refresh for the newest logs in', async () => {
		const key = loginKey(['https://b', 'client', 'secret', 'user', 'pw-1']);
		const first = await sharedLogin(key, '', login);
		const before = counter;
		expect(await sharedLogin(key, 'an-older-token', login)).toBe(first);
		expect(counter).toBe(before);
		const second = await sharedLogin(key, first.accessToken, login);
		expect(second.accessToken).not.toBe(first.accessToken);
		expect(counter).toBe(before + 1);
	});

	test('another password is another credential', async () => {
		const old = loginKey(['https://c', 'client', 'secret', 'user', 'pw-1']);
		const changed = loginKey(['https://c', 'client', 'secret', 'user', 'pw-2']);
		expect(changed).not.toBe(old);
		await sharedLogin(old, '', login);
		const before = counter;
		await sharedLogin(changed, 'some-token', login);
		expect(counter).toBe(before + 1);
		expect(old).not.toContain('pw-1');
	});

	test('a failed login is not kept', async () => {
		const key = loginKey(['https://d']);
		await expect(sharedLogin(key, '', () => Promise.reject(new Error('Bad credentials')))).rejects.toThrow('Bad credentials');
		await expect(sharedLogin(key, '', login)).resolves.toEqual({ accessToken: expect.stringMatching(/^token-/) });
	});
});
