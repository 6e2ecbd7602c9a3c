// One login at a time per credential, shared by the requests whose token expired together.
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

export interface LoginResult extends IDataObject {
	accessToken: string;
}

interface RecentLogin {
	result: LoginResult;
	/** The token the request that asked for this login presented: the one Fluent had refused. */
	replaced: string;
	at: number;
}

/** A login this recent may answer requests that present the very token it replaced. */
const REUSE_WITHIN_MS = 5 * 60_000;

const recentLogins = new Map<string, RecentLogin>();
const loginsUnderWay = new Map<string, Promise<LoginResult>>();

/** Identifies a credential by everything its login depends on, without keeping any of it. */
export function loginKey(parts: unknown[]): string {
	return createHash('sha256').update(parts.map(String).join('\u0000')).digest('hex');
}

/**
 * n8n logs in again for every request that is answered 401, so when a token expires while
 * several batches are under way, each would log in on its own. This lets one login run at a
 * time per credential, and answers a request that presents the token the last login replaced
 * with that login's token instead of logging in again. Any other presented token logs in
 * afresh: it may have been refused for a reason (revoked, say) that also holds for the token
 * of the last login, which another credential of the same API user may have been given.
 */
export async function sharedLogin(
	key: string,
	presentedToken: string,
	login: () => Promise<LoginResult>,
): Promise<LoginResult> {
	const recent = recentLogins.get(key);
	if (
		recent &&
		presentedToken !== '' &&
		recent.replaced === presentedToken &&
		Date.now() - recent.at < REUSE_WITHIN_MS
	) {
		return recent.result;
	}
	const underWay = loginsUnderWay.get(key);
	if (underWay) return await underWay;

	const attempt = login().then((result) => {
		recentLogins.set(key, { result, replaced: presentedToken, at: Date.now() });
		return result;
	});
	loginsUnderWay.set(key, attempt);
	try {
		return await attempt;
	} finally {
		loginsUnderWay.delete(key);
	}
}
