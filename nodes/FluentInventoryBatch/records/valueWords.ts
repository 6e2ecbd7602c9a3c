// A value as messages word it: what kind it is ("a list", "the boolean true") and a short text.

/** "null", "a list", "an object", "a string", "the boolean true", "the number 5". */
export function valueKind(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return 'a string';
	if (typeof value === 'boolean' || typeof value === 'number')
		return `the ${typeof value} ${value}`;
	return `a ${typeof value}`;
}

/**
 * A value for a message: a string or a number as `show` writes it; null and a boolean by their
 * kind; anything else by its kind and its text as `show` writes it. Undefined is `empty`.
 */
export function describeValue(
	value: unknown,
	show: (value: unknown) => string = shortText,
	empty = 'empty',
): string {
	if (value === undefined) return empty;
	if (value === null || typeof value === 'boolean') return valueKind(value);
	if (typeof value === 'string' || typeof value === 'number') return show(value);
	return `${valueKind(value)} ${show(value)}`;
}

const SHOWN_CHARACTERS = 40;

/** A string in quotes and anything else as JSON, cut to 40 characters with "...". */
export function shortText(value: unknown): string {
	if (typeof value === 'number') return String(value);
	const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
	const cut = text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS - 3)}...` : text;
	return typeof value === 'string' ? `"${cut}"` : cut;
}

/** A parameter value for a message: quoted, control characters escaped, cut short when long. */
export function shownValue(value: unknown): string {
	const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
	if (text.length <= SHOWN_CHARACTERS * 1.5) {
		return typeof value === 'string' ? JSON.stringify(value) : text;
	}
	const start = text.slice(0, SHOWN_CHARACTERS);
	const quoted = typeof value === 'string' ? JSON.stringify(start).slice(0, -1) : start;
	return `${quoted}…${typeof value === 'string' ? '"' : ''} (${text.length} characters)`;
}
