import { describe, expect, test } from 'bun:test';
import { SettingValueError } from '../../../src/app/slash/settings/setting.ts';
import {
  formatDuration,
  parseCount,
  parseDuration,
  parseNamedList,
  parseSwitch,
  suggestNames,
} from '../../../src/app/slash/settings/values.ts';

const channels = [
  { id: '111111111111111111', name: 'general' },
  { id: '222222222222222222', name: 'random' },
  { id: '333333333333333333', name: 'mod log' },
];

describe('setting values as people type them', () => {
  test('GIVEN durations with units THEN they are read in ms, and a bare number other than 0 is refused', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1500ms')).toBe(1_500);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('0')).toBe(0);
    expect(() => parseDuration('30')).toThrow(SettingValueError);
    expect(() => parseDuration('soon')).toThrow('like 30s');
  });

  test('GIVEN a count THEN only decimal digits are read; hex, exponents, fractions and nothing are refused', () => {
    expect(parseCount('5')).toBe(5);
    expect(parseCount(' 12 ')).toBe(12);
    for (const typed of ['0x10', '1e2', '5.0', '', '  ', '-3', '+4', 'five', 'Infinity'])
      expect(() => parseCount(typed)).toThrow('not a whole number');
  });

  test('GIVEN ms THEN they are written in the largest whole unit', () => {
    expect(formatDuration(30_000)).toBe('30s');
    expect(formatDuration(300_000)).toBe('5m');
    expect(formatDuration(1_500)).toBe('1500ms');
    expect(formatDuration(0)).toBe('0ms');
  });

  test('GIVEN switches THEN on/off and their synonyms are read, anything else refused', () => {
    expect(parseSwitch('ON')).toBe(true);
    expect(parseSwitch('no')).toBe(false);
    expect(() => parseSwitch('maybe')).toThrow('not on or off');
  });

  test('GIVEN channels by mention, id or name THEN their ids come back once each; an unknown one is named', () => {
    expect(parseNamedList('<#111111111111111111> #random general', channels, 'channel')).toEqual([
      '111111111111111111',
      '222222222222222222',
    ]);
    expect(parseNamedList('mod log, 222222222222222222', channels, 'channel')).toEqual([
      '333333333333333333',
      '222222222222222222',
    ]);
    expect(() => parseNamedList('#nowhere', channels, 'channel')).toThrow('No channel "#nowhere"');
    // One name with a space, typed alone (as autocomplete offers it), is that one item.
    expect(parseNamedList('mod log', channels, 'channel')).toEqual(['333333333333333333']);
    expect(parseNamedList('#Mod Log', channels, 'channel')).toEqual(['333333333333333333']);
  });

  test('GIVEN a list being typed THEN suggestions complete its last name', () => {
    expect(suggestNames('', channels, ['all']).map((c) => c.value)).toEqual([
      'all',
      'general',
      'random',
      'mod log',
    ]);
    expect(suggestNames('general, r', channels).map((c) => c.value)).toEqual(['general, random']);
    // A name already in the list is not offered again.
    expect(suggestNames('#General, ', channels).map((c) => c.value)).toEqual([
      '#General, random',
      '#General, mod log',
    ]);
  });
});
