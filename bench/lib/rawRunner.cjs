'use strict';

/**
 * The raw floor: the least a client must do to load the same records, without n8n. It makes the
 * node's requests (baselineLoad.cjs) with plain fetch. No validation, no retries, no pairing, no
 * output items beyond the batch ids.
 */

const { DEFAULT_USER, simulatorLoginForm } = require('./benchEnvironment.cjs');
const { loadLikeTheNode } = require('./baselineLoad.cjs');

function createRawRunner({ url, accessToken }) {
	let token = accessToken;

	async function login() {
		const response = await fetch(`${url}/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', 'fluent.account': DEFAULT_USER.accountId },
			body: simulatorLoginForm(),
		});
		if (!response.ok) throw new Error(`login: HTTP ${response.status}`);
		token = (await response.json()).access_token;
	}

	async function call(method, path, body) {
		if (!token) await login();
		const response = await fetch(`${url}${path}`, {
			method,
			headers: {
				authorization: `Bearer ${token}`,
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body,
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
		return JSON.parse(text);
	}

	function send(method, path, { body, qs }) {
		const query = qs ? `?${new URLSearchParams(qs)}` : '';
		return call(method, `${path}${query}`, body === undefined ? undefined : JSON.stringify(body));
	}

	function run(items, settings) {
		return loadLikeTheNode(items, settings, send);
	}

	return { run, login };
}

module.exports = { createRawRunner };
