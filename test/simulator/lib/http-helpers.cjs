'use strict';

/** Small HTTP helpers: reading bodies, and the reply objects the handlers return. */

const { STATUS_CODES } = require('node:http');

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

class BodyTooLargeError extends Error {}
class ClientGoneError extends Error {}

/** Resolves with the whole body as a Buffer; rejects once it passes maxBytes or the client goes away. */
function readBody(req, maxBytes) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		let settled = false;
		const settle = (fn, value) => {
			if (settled) return;
			settled = true;
			fn(value);
		};
		req.on('data', (chunk) => {
			if (settled) return;
			size += chunk.length;
			if (size > maxBytes) {
				settle(reject, new BodyTooLargeError(`request body exceeds ${maxBytes} bytes`));
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => settle(resolve, Buffer.concat(chunks, size)));
		req.on('error', () => settle(reject, new ClientGoneError('request stream failed')));
		req.on('close', () => settle(reject, new ClientGoneError('client closed the connection')));
	});
}

/** Returns `{ value }` or `{ error }`; an empty body is an error too. */
function parseJson(buffer) {
	try {
		return { value: JSON.parse(buffer.toString('utf8')) };
	} catch (error) {
		return { error };
	}
}

/** Fluent REST error body: `{"errors":[{"code":"400","message":"..."}]}`. */
function fluentErrors(...entries) {
	return { errors: entries.map(({ code, message }) => ({ code: String(code), message })) };
}

function fluentError(status, message, code = status) {
	return jsonReply(status, fluentErrors({ code, message }));
}

/** OAuth (Spring style) error body: `{"error":"...","error_description":"..."}`. */
function oauthError(status, error, description) {
	return jsonReply(status, { error, error_description: description });
}

function jsonReply(status, body, headers = {}) {
	return { status, body, headers };
}

function reasonPhrase(status) {
	return STATUS_CODES[status] ?? 'Error';
}

/** Turns a reply into what goes on the wire. A string body is sent as is with its contentType. */
function serializeReply(reply) {
	const isRaw = typeof reply.body === 'string';
	const payload = isRaw ? reply.body : JSON.stringify(reply.body);
	const headers = {
		'Content-Type': reply.contentType ?? (isRaw ? 'text/plain;charset=UTF-8' : JSON_CONTENT_TYPE),
		'Content-Length': Buffer.byteLength(payload),
		...reply.headers,
	};
	return { status: reply.status, headers, payload };
}

module.exports = {
	BodyTooLargeError,
	readBody,
	parseJson,
	fluentErrors,
	fluentError,
	oauthError,
	jsonReply,
	reasonPhrase,
	serializeReply,
};
