import { describe, expect, test } from 'bun:test';
import { snowflakeAt, snowflakeTime } from '../../src/domain/snowflake-time.ts';

describe('snowflakes and time', () => {
  test("GIVEN the Discord reference's example id THEN its time is 2016-04-30T11:18:25.796Z", () => {
    // https://discord.com/developers/docs/reference#snowflakes: 175928847299117063.
    expect(snowflakeTime('175928847299117063')).toBe(Date.parse('2016-04-30T11:18:25.796Z'));
  });

  test('GIVEN a time and low bits THEN the id keeps the time, and low bits past 22 are masked off', () => {
    const at = Date.parse('2026-12-06T22:00:00.123Z');
    expect(snowflakeTime(snowflakeAt(at))).toBe(at);
    expect(snowflakeTime(snowflakeAt(at, 0xffff_ffffn))).toBe(at);
    expect(BigInt(snowflakeAt(at, 0xffff_ffffn)) - BigInt(snowflakeAt(at))).toBe(0x3f_ffffn);
    expect(snowflakeAt(Date.parse('2016-04-30T11:18:25.796Z'), 7n)).toBe('175928847298985991');
  });
});
