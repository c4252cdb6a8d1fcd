import { describe, expect, test } from 'bun:test';
import { DAY_MS, HOUR_MS, utcDayWindow, utcHourWindow } from '../../src/budgets/windows.ts';

const at = (iso: string) => Date.parse(iso);

describe('budget windows', () => {
  test('GIVEN a time of day THEN the server window is its UTC calendar day and refills at the next 00:00 UTC', () => {
    expect(utcDayWindow(at('2026-03-01T10:17:42.123Z'))).toEqual({
      start: at('2026-03-01T00:00:00Z'),
      end: at('2026-03-02T00:00:00Z'),
    });
  });

  test('GIVEN the last millisecond of a day and the first of the next THEN they fall in different windows', () => {
    const last = at('2026-03-01T23:59:59.999Z');
    const first = at('2026-03-02T00:00:00.000Z');
    expect(utcDayWindow(last).end).toBe(first);
    expect(utcDayWindow(first).start).toBe(first);
    expect(utcDayWindow(first).end - utcDayWindow(first).start).toBe(DAY_MS);
  });

  test('GIVEN a leap day and a change to summer time elsewhere THEN a UTC day is still 24 hours', () => {
    for (const iso of ['2028-02-29T12:00:00Z', '2026-03-29T01:30:00Z', '2026-10-25T01:30:00Z']) {
      const window = utcDayWindow(at(iso));
      expect(window.end - window.start).toBe(DAY_MS);
      expect(new Date(window.start).toISOString()).toEndWith('T00:00:00.000Z');
    }
  });

  test('GIVEN a time THEN the member window is its UTC clock hour, half-open', () => {
    expect(utcHourWindow(at('2026-03-01T10:59:59.999Z'))).toEqual({
      start: at('2026-03-01T10:00:00Z'),
      end: at('2026-03-01T11:00:00Z'),
    });
    expect(utcHourWindow(at('2026-03-01T11:00:00Z')).start).toBe(at('2026-03-01T11:00:00Z'));
    const lastHour = utcHourWindow(at('2026-03-01T23:30:00Z'));
    expect(lastHour.end).toBe(at('2026-03-02T00:00:00Z'));
    expect(lastHour.end - lastHour.start).toBe(HOUR_MS);
  });

  test('GIVEN a time before 1970 THEN the window still holds it', () => {
    const before = at('1969-12-31T23:30:00Z');
    expect(utcDayWindow(before)).toEqual({ start: at('1969-12-31T00:00:00Z'), end: 0 });
    expect(utcHourWindow(before).start).toBeLessThanOrEqual(before);
  });

  test('GIVEN no time at all THEN it is a RangeError, not a NaN window', () => {
    expect(() => utcDayWindow(Number.NaN)).toThrow(RangeError);
  });
});
