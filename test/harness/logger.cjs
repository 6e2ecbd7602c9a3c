const { di, backendCommon } = require('./n8nModules.cjs');

/**
 * A logger that n8n-core hands to the node as `this.logger`. It keeps every line so that tests
 * can check what was logged (retries, and that no secret ever appears).
 */
class CapturingLogger {
	constructor({ print = false } = {}) {
		this.lines = [];
		this.print = print;
	}

	record(level, message, metadata) {
		const line = { level, message: String(message), metadata: metadata ?? {} };
		this.lines.push(line);
		if (this.lines.length > 5000) this.lines.shift();
		if (this.print) process.stderr.write(`[${level}] ${line.message}\n`);
	}

	error(message, metadata) {
		this.record('error', message, metadata);
	}
	warn(message, metadata) {
		this.record('warn', message, metadata);
	}
	info(message, metadata) {
		this.record('info', message, metadata);
	}
	debug(message, metadata) {
		this.record('debug', message, metadata);
	}
	scoped() {
		return this;
	}

	/** Everything logged, as one text, for scanning. */
	text() {
		return this.lines.map((line) => `${line.level} ${line.message} ${JSON.stringify(line.metadata)}`).join('\n');
	}

	clear() {
		this.lines = [];
	}
}

let installed;

function installCapturingLogger(options) {
	if (!installed) {
		installed = new CapturingLogger(options);
		di.Container.set(backendCommon.Logger, installed);
	}
	return installed;
}

module.exports = { installCapturingLogger };
