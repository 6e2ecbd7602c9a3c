// Column Names for a JSON file: each key it gives must be a key of at least one object.
import type { IDataObject } from 'n8n-workflow';

import { FileFormatError } from './fileRows';

const LISTED_KEYS = 20;

const quoted = (names: string[]) => names.map((name) => `"${name}"`).join(', ');

/**
 * The keys Column Names gives that no object of a JSON file has had yet. A CSV file's header
 * shows at once that a column is missing; a JSON file only once every object was read, so a
 * misspelt key (Reserved for reserved) would otherwise leave its field out of every record.
 */
export class JsonKeysSeen {
	/** Key → the record fields Column Names gives it for, while no object has the key. */
	private readonly unseen = new Map<string, string[]>();
	private first: { line: number; keys: string[] } | undefined;

	constructor(columnOf: Map<string, string>) {
		for (const [field, key] of columnOf)
			this.unseen.set(key, [...(this.unseen.get(key) ?? []), field]);
	}

	see(object: IDataObject, line: number): void {
		if (this.unseen.size === 0) return;
		this.first ??= { line, keys: Object.keys(object) };
		for (const key of this.unseen.keys()) {
			if (Object.prototype.hasOwnProperty.call(object, key)) this.unseen.delete(key);
		}
	}

	/** Once the whole file was read: throws for the keys that no object had. */
	refuseUnseen(): void {
		const first = this.first;
		if (this.unseen.size === 0 || first === undefined) return;
		const keys = [...this.unseen.keys()];
		const fields = [...this.unseen.values()].flat().join(', ');
		const listed = first.keys.slice(0, LISTED_KEYS);
		const more =
			first.keys.length > LISTED_KEYS ? ` and ${first.keys.length - LISTED_KEYS} more` : '';
		const firstKeys =
			first.keys.length === 0 ? 'has no keys' : `has the keys ${quoted(listed)}${more}`;
		throw new FileFormatError(
			first.line,
			`no object in the file has the ${keys.length === 1 ? 'key' : 'keys'} ${quoted(keys)}, which Column Names gives for ${fields}; the first object (this line) ${firstKeys}`,
			'Correct the key under Column Names (keys are case-sensitive), or the keys of the objects in the file',
			'MISSING_COLUMN',
		);
	}
}
