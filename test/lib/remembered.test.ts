import { remembered } from '../../src/lib/remembered';
import { formatInZone } from '../../src/lib/dates';
import { localDay } from '../../src/modules/progress';

describe('remembered answers', () => {
  it('works an answer out once per key, and again only after the memory was emptied for being full', () => {
    const asked: string[] = [];
    const answer = remembered<number>(2);
    const length = (key: string) => answer(key, () => (asked.push(key), key.length));
    expect([length('a'), length('bb'), length('a'), length('bb')]).toEqual([1, 2, 1, 2]);
    expect(asked).toEqual(['a', 'bb']);
    expect(length('ccc')).toBe(3); // full: emptied, then 'ccc' kept
    expect(length('a')).toBe(1);
    expect(asked).toEqual(['a', 'bb', 'ccc', 'a']);
  });

  it('gives dates in the zone asked for, whatever was asked before', () => {
    const instant = new Date('2026-05-10T23:30:00Z');
    expect(formatInZone(instant, 'Europe/London', 'd LLL yyyy, HH:mm')).toBe('11 May 2026, 00:30');
    expect(formatInZone(instant, 'America/Chicago', 'd LLL yyyy, HH:mm')).toBe('10 May 2026, 18:30');
    expect(localDay(instant, 'Europe/London')).toBe('Monday 11 May 2026');
    expect(localDay(instant, 'America/Chicago')).toBe('Sunday 10 May 2026');
  });
});
