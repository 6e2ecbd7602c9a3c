'use strict';

/** Requests outside the API: unknown paths, odd targets, bodies too large. */

const net = require('node:net');

const { startSim, call, startWithJob, records } = require('./simulatorKit.cjs');

describe('other requests', () => {
	test('unknown paths and methods: 404 in Fluent errors shape', async () => {
		const { url, api } = await startSim();
		await api.login();
		const unknownApi = await api.request('GET', '/api/v4.1/job/1/results');
		expect(unknownApi.status).toBe(404);
		expect(unknownApi.body.errors[0].code).toBe('404');
		expect((await api.request('DELETE', '/api/v4.1/job/1')).status).toBe(404);
		expect((await call(`${url}/not-a-fluent-route`, { method: 'POST' })).status).toBe(404);
		expect((await call(`${url}/oauth/token`)).status).toBe(404);
	});

	test('odd request targets get 404 instead of crashing the server', async () => {
		const { url } = await startSim();
		const { port } = new URL(url);
		const rawStatusLine = (target) =>
			new Promise((resolve, reject) => {
				const socket = net.connect(Number(port), '127.0.0.1', () =>
					socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
				);
				let received = '';
				socket.on('data', (chunk) => (received += chunk));
				socket.on('close', () => resolve(received.split('\r\n')[0]));
				socket.on('error', reject);
			});
		expect(await rawStatusLine('//api/v4.1/job')).toBe('HTTP/1.1 404 Not Found');
		expect(await rawStatusLine('http://[::1/x')).toBe('HTTP/1.1 404 Not Found');
		expect((await call(`${url}/__sim/info`)).status).toBe(200);
	});

	test('a body larger than maxBodyBytes: 413', async () => {
		const { api, jobId } = await startWithJob({ maxBodyBytes: 1000 });
		const reply = await api.sendBatch(jobId, records(100));
		expect(reply.status).toBe(413);
		expect(reply.body.errors[0].code).toBe('413');
	});
});
