// A JSON object's numbers as the file writes them, where JSON.parse's value would differ.
import { QUOTE } from './fileRows';
import {
	backslashesBefore,
	CLOSE_BRACE,
	CLOSE_BRACKET,
	COLON,
	isSpace,
	MINUS,
	OPEN_BRACE,
	OPEN_BRACKET,
} from './jsonValues';

/** Somewhere in the text a digit comes before ".", "e" or "E": a number may have a fraction or an exponent. */
const FRACTION_OR_EXPONENT = /\d[.eE]/;

const NUMBER_TEXT = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * How the JSON object written in `text` writes the number `value` of its property `key`, when
 * that is not `String(value)`: beyond 2^53 (12345678901234567891 parses as
 * 12345678901234567000), with a fraction or an exponent (1.50, 1e3), or -0. Undefined when
 * `String(value)` is how the file writes it.
 */
export function numberAsWritten(
	text: string | undefined,
	key: string,
	value: number,
): string | undefined {
	if (text === undefined) return undefined;
	// The common case, decided without reading the object again: every number is a plain
	// integer, and this one is exact.
	if (Number.isSafeInteger(value) && !Object.is(value, -0) && !FRACTION_OR_EXPONENT.test(text))
		return undefined;
	const written = topLevelNumberText(text, key);
	return written === String(value) ? undefined : written;
}

/** Whether a JSON number's text is a whole number: 5, 5.0, 1e3 and 1.5e1 are; 10.0000000000000001 is not. */
export function isWholeNumberText(written: string): boolean {
	const match = NUMBER_TEXT.exec(written);
	if (match === null) return false;
	const [, whole, fraction = '', exponent = '0'] = match;
	// The value is (whole and fraction's digits) × 10^shift: whole when the digits after the
	// decimal point that shift leaves are zeros.
	const digits = whole + fraction;
	const shift = Number(exponent) - fraction.length;
	if (shift >= 0) return true;
	const cut = digits.length + shift;
	return /^0*$/.test(cut <= 0 ? digits : digits.slice(cut));
}

/**
 * The text of the number that the top-level object in `text` gives `key`: the last one, as
 * JSON.parse keeps the last of a repeated key. Only the object's own properties count; strings
 * and nested values are stepped over.
 */
function topLevelNumberText(text: string, key: string): string | undefined {
	let found: string | undefined;
	let depth = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
		else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
		else if (c === QUOTE) {
			const end = closingQuote(text, i);
			const colon = skipSpaces(text, end + 1);
			if (depth !== 1 || text.charCodeAt(colon) !== COLON) {
				i = end; // a value, or a key of a nested object
				continue;
			}
			const start = skipSpaces(text, colon + 1);
			const numberEnd = endOfNumber(text, start);
			if (numberEnd > start && keyText(text, i, end) === key) {
				found = text.slice(start, numberEnd);
			}
			i = Math.max(numberEnd, start) - 1; // the value is read next (when it is not a number)
		}
	}
	return found;
}

/** The index of the quote that closes the string opening at `open` (or the text's end). */
function closingQuote(text: string, open: number): number {
	let quote = text.indexOf('"', open + 1);
	while (quote !== -1 && backslashesBefore(text, open + 1, quote) % 2 === 1) {
		quote = text.indexOf('"', quote + 1);
	}
	return quote === -1 ? text.length : quote;
}

function keyText(text: string, open: number, close: number): string {
	const raw = text.slice(open + 1, close);
	return raw.includes('\\') ? (JSON.parse(text.slice(open, close + 1)) as string) : raw;
}

function skipSpaces(text: string, from: number): number {
	let i = from;
	while (i < text.length && isSpace(text.charCodeAt(i))) i++;
	return i;
}

/** Where the number that starts at `start` ends; `start` itself when no number starts there. */
function endOfNumber(text: string, start: number): number {
	const first = text.charCodeAt(start);
	if (first !== MINUS && !(first >= 48 && first <= 57)) return start;
	let i = start + 1;
	for (; i < text.length; i++) {
		const c = text.charCodeAt(i);
		const numeric =
			(c >= 48 && c <= 57) || c === 46 || c === 43 || c === MINUS || c === 101 || c === 69;
		if (!numeric) break;
	}
	return i;
}
