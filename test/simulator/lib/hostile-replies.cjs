'use strict';

/**
 * Answers of a hostile server or proxy: bodies that are not what Fluent sends (malformed,
 * wrong-shape, echoing the request), and ways of writing an answer that break on the wire
 * (trickling in, cut off mid-body). The request faults in faults.cjs choose them.
 */

const { reasonPhrase } = require('./http-helpers.cjs');

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
const MALFORMED_SHAPES = ['truncated', 'html', 'empty', 'null', 'array', 'string', 'idObject', 'reshape'];
/** Shapes that do not need the real answer, so the request may stay unprocessed. */
const SHAPES_WITHOUT_ANSWER = ['html', 'empty', 'null'];
const ID_FIELDS = ['id', 'batchId', 'jobId'];
/** What an unprocessed request that is cut mid-body starts to answer. */
const UNPROCESSED_ANSWER = { id: 'never-sent' };

const CAPTIVE_PORTAL_HTML =
	'<!DOCTYPE html>\n<html><head><title>Sign in to the network</title></head>' +
	'<body><h1>Sign in</h1><form method="post" action="/portal/login">' +
	'<input name="user"><input name="password" type="password"><button>Continue</button>' +
	'</form></body></html>\n';

const rawReply = (status, body, contentType = JSON_CONTENT_TYPE) => ({
	status,
	body,
	contentType,
	headers: {},
});

/** The reply of a malformedReply fault, built from the real reply (null when unprocessed). */
function malformedReply(fault, realReply) {
	const { status } = fault;
	switch (fault.shape) {
		case 'html':
			return rawReply(status, CAPTIVE_PORTAL_HTML, 'text/html;charset=UTF-8');
		case 'empty':
			return rawReply(status, '');
		case 'null':
			return rawReply(status, 'null');
	}
	const realText = JSON.stringify(realReply.body);
	switch (fault.shape) {
		case 'truncated':
			return rawReply(status, realText.slice(0, fault.bytes ?? Math.floor(realText.length / 2)));
		case 'array':
			return rawReply(status, `[${realText}]`);
		case 'string':
			return rawReply(status, JSON.stringify(realText));
		case 'idObject': {
			const body = { ...realReply.body };
			for (const field of ID_FIELDS) if (field in body) body[field] = { id: body[field] };
			return rawReply(status, JSON.stringify(body));
		}
		case 'reshape': {
			const body = { ...realReply.body };
			for (const field of fault.omit) delete body[field];
			return rawReply(status, JSON.stringify({ ...body, ...fault.set }));
		}
	}
	throw new Error(`unknown shape ${fault.shape}`);
}

/**
 * An answer that repeats the request: its target, every header and the body. With a real reply
 * (the fault's `processed`), that reply with the request added as `echo`.
 */
function echoReply(fault, request, realReply = null) {
	const bodyText = request.body.toString('utf8');
	if (realReply) {
		const echo = { method: request.method, target: request.target, headers: request.headers, body: bodyText };
		return { ...realReply, status: fault.status, body: { ...realReply.body, echo } };
	}
	if (fault.format === 'text') {
		const lines = [
			`${fault.status} ${reasonPhrase(fault.status)}`,
			`${request.method} ${request.target}`,
			...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
			'',
			bodyText,
		];
		return rawReply(fault.status, lines.join('\n'), 'text/plain;charset=UTF-8');
	}
	const message = `Rejected ${request.method} ${request.target} with headers ${JSON.stringify(request.headers)} and body ${bodyText}`;
	return {
		status: fault.status,
		body: {
			errors: [{ code: String(fault.status), message }],
			request: { method: request.method, target: request.target, headers: request.headers, body: bodyText },
		},
		headers: {},
	};
}

/** Headers at once, then `bytes` bytes of the body every `intervalMs` (the first after one interval). */
function writeTrickled(res, { status, headers, payload }, fault, schedule) {
	const buffer = Buffer.from(payload + ' '.repeat(fault.padBytes));
	res.writeHead(status, { ...headers, 'Content-Length': buffer.length });
	res.flushHeaders();
	let offset = 0;
	const writeNext = () => {
		if (res.destroyed || res.writableEnded) return;
		const end = Math.min(offset + fault.bytes, buffer.length);
		const chunk = buffer.subarray(offset, end);
		offset = end;
		if (offset >= buffer.length) return res.end(chunk);
		res.write(chunk);
		schedule(fault.intervalMs, writeNext);
	};
	if (buffer.length === 0) res.end();
	else schedule(fault.intervalMs, writeNext);
}

/**
 * A JSON object of about `fault.megabytes` MB, generated while it is written: the next 64 KB go
 * out only when the last were taken, and nothing more once the client closed the connection.
 */
function writeHuge(res, { status, headers }, fault) {
	const head = Buffer.from('{"id":"huge-answer","status":"COMPLETE","filler":[');
	const tail = Buffer.from('"end"]}');
	const element = Buffer.from(`"${'x'.repeat(1022)}",`);
	const chunk = Buffer.concat(Array.from({ length: 64 }, () => element));
	const total = Math.floor(fault.megabytes * 1024 * 1024);
	const chunks = Math.max(0, Math.floor((total - head.length - tail.length) / chunk.length));
	const length = head.length + chunks * chunk.length + tail.length;
	const { 'Content-Length': _written, ...others } = headers;
	const lengthHeader = fault.chunked ? {} : { 'Content-Length': length };
	res.writeHead(status, { ...others, 'Content-Type': JSON_CONTENT_TYPE, ...lengthHeader });
	res.write(head);
	let written = 0;
	const writeMore = () => {
		while (written < chunks) {
			if (res.destroyed) return;
			written += 1;
			if (!res.write(chunk)) return res.once('drain', writeMore);
		}
		if (!res.destroyed) res.end(tail);
	};
	writeMore();
}

/** Where the body is cut: after `afterText`, after `afterBytes`, else after the first `":"`. */
function cutPosition(text, fault) {
	const fullLength = Buffer.byteLength(text);
	let cut;
	if (fault.afterBytes !== null) {
		cut = fault.afterBytes;
	} else {
		const marker = fault.afterText ?? '":"';
		const at = text.indexOf(marker);
		cut = at === -1 ? Math.floor(fullLength / 2) : Buffer.byteLength(text.slice(0, at + marker.length));
	}
	return Math.max(0, Math.min(cut, fullLength - 1));
}

/**
 * Status line and headers (with the full Content-Length), part of the body, then the connection
 * breaks: a TCP reset ('reset') or a plain close ('close') after `breakDelayMs`.
 */
function writeThenBreak(res, { status, headers, payload }, fault, schedule) {
	const buffer = Buffer.from(payload);
	res.writeHead(status, { ...headers, 'Content-Length': buffer.length });
	res.flushHeaders();
	const breakConnection = () => {
		const socket = res.socket;
		if (!socket || socket.destroyed) return;
		if (fault.how === 'reset') socket.resetAndDestroy();
		else socket.destroy();
	};
	res.write(buffer.subarray(0, cutPosition(payload, fault)), () =>
		schedule(fault.breakDelayMs, breakConnection),
	);
}

module.exports = {
	MALFORMED_SHAPES,
	SHAPES_WITHOUT_ANSWER,
	UNPROCESSED_ANSWER,
	malformedReply,
	echoReply,
	writeHuge,
	writeTrickled,
	writeThenBreak,
};
