'use strict';

/**
 * What both benchmarks (bench/run.cjs in the real n8n, bench/in-process.cjs) share: the
 * simulator's account as a credential and as a login form, and a description of the machine
 * and the benchmarked commit.
 */

const os = require('node:os');
const { execFileSync } = require('node:child_process');

const { DEFAULT_USER } = require('../../test/simulator/lib/config.cjs');
const { RETAILER_ID } = require('./items.cjs');

/** The fluentCommerceApi credential's fields for the simulator at `url`; records take its Retailer ID. */
function simulatorCredentialData(url) {
	return {
		environment: 'custom',
		baseUrl: url,
		accountId: DEFAULT_USER.accountId,
		clientId: DEFAULT_USER.clientId,
		clientSecret: DEFAULT_USER.clientSecret,
		username: DEFAULT_USER.username,
		password: DEFAULT_USER.password,
		retailerId: RETAILER_ID,
	};
}

/** The body of a password-grant login at the simulator's /oauth/token. */
function simulatorLoginForm() {
	return new URLSearchParams({
		username: DEFAULT_USER.username,
		password: DEFAULT_USER.password,
		client_id: DEFAULT_USER.clientId,
		client_secret: DEFAULT_USER.clientSecret,
		grant_type: 'password',
		scope: 'api',
	}).toString();
}

/** The machine, and the commit of `source` (marked when its node code has uncommitted changes). */
function describeMachine(source) {
	const cpus = os.cpus();
	let commit = 'unknown';
	try {
		commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: source, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], { cwd: source, encoding: 'utf8' }).trim();
		if (dirty) commit += ' + uncommitted node changes';
	} catch {
		// not a git checkout
	}
	return {
		node: process.version,
		platform: `${os.type()} ${os.release()} ${os.arch()}`,
		cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
		memoryGiB: Math.round(os.totalmem() / 2 ** 30),
		loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
		commit,
	};
}

module.exports = { simulatorCredentialData, simulatorLoginForm, describeMachine, DEFAULT_USER };
