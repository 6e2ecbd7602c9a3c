// The retailers a load's records are for: which retailer a new job must have when the job closes.

/** Distinct retailers named beyond this many are only counted as "more". */
const NAMED_RETAILERS = 5;

/** The distinct retailers of a load's valid records, a few by name (memory stays small). */
export class LoadRetailers {
	private readonly named = new Set<string>();
	private more = false;

	add(retailerId: unknown): void {
		if (retailerId === undefined || retailerId === null || retailerId === '') return;
		const text = String(retailerId);
		if (this.named.has(text)) return;
		if (this.named.size < NAMED_RETAILERS) this.named.add(text);
		else this.more = true;
	}

	/** The one retailer every record is for, or undefined when they are for several (or none). */
	get only(): string | undefined {
		if (this.more || this.named.size !== 1) return undefined;
		return this.named.values().next().value;
	}

	get several(): boolean {
		return this.more || this.named.size > 1;
	}

	/** "2 and 3", "2, 3, 4, 5, 6 and more". */
	describe(): string {
		const names = [...this.named];
		if (this.more) return `${names.join(', ')} and more`;
		return names.length > 1
			? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
			: names.join('');
	}
}
