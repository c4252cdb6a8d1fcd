import { describe, expect, test } from 'bun:test';
import { timestampText } from '../../src/playground/web/client/timestamp.ts';

const at = Date.parse('2026-12-07T00:00:00Z') / 1000;
const utc = { locale: 'en-GB', timeZone: 'UTC' };

describe('Discord timestamps on the chat page (<t:seconds:style>)', () => {
  test('GIVEN each style THEN the time reads as Discord shows it, in the reader time zone', () => {
    expect(timestampText(at, 't', 0, utc)).toBe('00:00');
    expect(timestampText(at, 'd', 0, utc)).toBe('07/12/2026');
    expect(timestampText(at, 'D', 0, utc)).toBe('7 December 2026');
    expect(timestampText(at, undefined, 0, utc)).toContain('7 December 2026');
    expect(timestampText(at, 't', 0, { locale: 'en-GB', timeZone: 'Asia/Kolkata' })).toBe('05:30');
  });

  test('GIVEN R THEN it says how long until or since, in the largest whole unit', () => {
    const now = (at - 2 * 3_600) * 1000;
    expect(timestampText(at, 'R', now, utc)).toBe('in 2 hours');
    expect(timestampText(at, 'R', (at + 120) * 1000, utc)).toBe('2 minutes ago');
    expect(timestampText(at, 'R', at * 1000, utc)).toBe('now');
  });
});
