const { continuedJobName, utcDay } = require('../harness/internals.cjs');

describe('the day a job belongs to, and the name of the job a load carries on in', () => {
	test('utcDay is the UTC calendar day, whatever the time zone', () => {
		expect(utcDay(Date.parse('2026-12-01T23:59:59.999Z'))).toBe('2026-12-01');
		expect(utcDay(Date.parse('2026-12-02T00:00:00.000Z'))).toBe('2026-12-02');
		expect(utcDay(Date.parse('2026-12-02T01:30:00+02:00'))).toBe('2026-12-01');
	});

	test('continuedJobName counts on from the name it is given', () => {
		expect(continuedJobName('Stock changes 2026-12-01')).toBe('Stock changes 2026-12-01 (continued)');
		expect(continuedJobName('Stock (continued)')).toBe('Stock (continued 2)');
		expect(continuedJobName('Stock (continued 2)')).toBe('Stock (continued 3)');
		expect(continuedJobName('Stock (continued 9)')).toBe('Stock (continued 10)');
		// Only a suffix the node wrote counts; the same words elsewhere are part of the name.
		expect(continuedJobName('Stock (continued) east')).toBe('Stock (continued) east (continued)');
	});
});
