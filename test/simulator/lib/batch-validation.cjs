'use strict';

/**
 * Checks of a batch-create body. Batch-level problems always reject the request; entity problems
 * reject it too in 'reject-batch' mode, and become per-record 400 results in 'per-record' mode.
 */

const SUPPORTED_ACTIONS = ['UPSERT'];
const SUPPORTED_ENTITY_TYPES = ['INVENTORY'];
const OPTIONAL_BATCH_STRINGS = ['source', 'event', 'catalogueRef'];
const OPTIONAL_INTEGER_FIELDS = ['correctedQty', 'reservedQty'];
const MAX_REPORTED_ENTITY_ERRORS = 20;

const isMissing = (value) => value === undefined || value === null || value === '';

/** Returns the first problem with the batch-level fields as a message, or null. */
function batchProblem(body, maxBatchSize) {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		return 'Request body must be a JSON object';
	}
	const enumProblem =
		enumFieldProblem('action', body.action, SUPPORTED_ACTIONS) ??
		enumFieldProblem('entityType', body.entityType, SUPPORTED_ENTITY_TYPES);
	if (enumProblem) return enumProblem;
	for (const field of OPTIONAL_BATCH_STRINGS) {
		if (!isMissing(body[field]) && typeof body[field] !== 'string')
			return `'${field}' must be a string`;
	}
	if (body.entities === undefined || body.entities === null) return "'entities' is required";
	if (!Array.isArray(body.entities)) return "'entities' must be an array";
	if (body.entities.length === 0) return "'entities' must not be empty";
	if (body.entities.length > maxBatchSize) {
		return `Batch exceeds the maximum of ${maxBatchSize} entities`;
	}
	return null;
}

function enumFieldProblem(field, value, allowed) {
	if (isMissing(value)) return `'${field}' is required`;
	if (!allowed.includes(value)) return `'${field}' must be one of [${allowed.join(', ')}]`;
	return null;
}

/** Returns the first problem with one entity as "<field> <problem>", or null. */
function entityProblem(entity) {
	if (entity === null || typeof entity !== 'object' || Array.isArray(entity))
		return 'must be an object';
	for (const field of ['skuRef', 'locationRef']) {
		if (isMissing(entity[field])) return `${field} is required`;
		if (typeof entity[field] !== 'string') return `${field} must be a string`;
	}
	if (isMissing(entity.retailerId)) return 'retailerId is required';
	if (typeof entity.retailerId !== 'string' && !Number.isInteger(entity.retailerId)) {
		return 'retailerId must be a string or an integer';
	}
	if (entity.qty === undefined || entity.qty === null) return 'qty is required';
	if (!Number.isInteger(entity.qty)) return 'qty must be an integer';
	if (entity.qty < 0) return 'qty must not be negative';
	for (const field of OPTIONAL_INTEGER_FIELDS) {
		const value = entity[field];
		if (value !== undefined && value !== null && !Number.isInteger(value))
			return `${field} must be an integer`;
	}
	return null;
}

/** Messages like "entities[3].qty must be an integer", at most MAX_REPORTED_ENTITY_ERRORS of them. */
function entityErrorMessages(entities) {
	const messages = [];
	let invalidCount = 0;
	entities.forEach((entity, index) => {
		const problem = entityProblem(entity);
		if (!problem) return;
		invalidCount += 1;
		if (messages.length < MAX_REPORTED_ENTITY_ERRORS)
			messages.push(describeEntityProblem(index, problem));
	});
	if (invalidCount > messages.length) {
		messages.push(`${invalidCount - messages.length} more invalid entities not listed`);
	}
	return messages;
}

function describeEntityProblem(index, problem) {
	const separator = problem.startsWith('must ') ? ' ' : '.';
	return `entities[${index}]${separator}${problem}`;
}

module.exports = { batchProblem, entityProblem, entityErrorMessages };
