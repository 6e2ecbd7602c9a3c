'use strict';

/** The simulator as a process of its own (cli.cjs). */

const { spawn } = require('node:child_process');
const path = require('node:path');

const { DOCUMENTED_USER, call, tokenParams, requestToken, waitFor } = require('./simulatorKit.cjs');

describe('cli.cjs', () => {
	const cliPath = path.join(__dirname, '..', 'cli.cjs');

	function startCli(args) {
		const child = spawn(process.execPath, [cliPath, ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => resolve({ code, signal })),
		);
		const stderr = [];
		child.stderr.on('data', (chunk) => stderr.push(chunk));
		const firstLine = new Promise((resolve, reject) => {
			let buffered = '';
			child.stdout.on('data', (chunk) => {
				buffered += chunk;
				if (buffered.includes('\n')) resolve(buffered.split('\n')[0]);
			});
			child.on('exit', () => reject(new Error(`cli exited: ${Buffer.concat(stderr)}`)));
		});
		return { child, exited, firstLine, stderr };
	}

	test.each(['SIGTERM', 'SIGINT'])(
		'prints one JSON line when listening, serves, stops on %s',
		async (signal) => {
			const cli = startCli([
				'--port',
				'0',
				'--pending-ms',
				'1',
				'--running-ms',
				'1',
				'--per-record-ms',
				'0',
				'--token-lifetime',
				'90',
			]);
			const info = JSON.parse(await cli.firstLine);
			expect(info).toMatchObject({
				url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
				...DOCUMENTED_USER,
			});
			const token = await requestToken(info.url, tokenParams());
			expect(token.body.expires_in).toBe(90);
			const config = (await call(`${info.url}/__sim/config`)).body.config;
			expect(config).toMatchObject({ pendingMs: 1, runningMs: 1, perRecordMs: 0 });
			await waitFor(() => Buffer.concat(cli.stderr).toString().includes('POST /oauth/token 200'));
			cli.child.kill(signal);
			expect(await cli.exited).toEqual({ code: 0, signal: null });
		},
	);

	test('--quiet logs nothing; a bad option exits with status 2', async () => {
		const quiet = startCli(['--port', '0', '--quiet', '--latency-ms', '1']);
		const info = JSON.parse(await quiet.firstLine);
		await requestToken(info.url, tokenParams());
		quiet.child.kill('SIGTERM');
		await quiet.exited;
		expect(Buffer.concat(quiet.stderr).toString()).toBe('');
		const bad = startCli(['--pending-ms', 'soon']);
		bad.firstLine.catch(() => {});
		expect((await bad.exited).code).toBe(2);
	});
});
