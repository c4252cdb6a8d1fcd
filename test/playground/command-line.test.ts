import { describe, expect, test } from 'bun:test';
import { parseCommandLine } from '../../src/playground/interactions/command-input.ts';

describe('a typed command line', () => {
  test('GIVEN words then name:value pairs THEN the words are the path and values may hold spaces', () => {
    expect(
      parseCommandLine('/ery config set setting:persona value:Talk like a pirate, please scope:server'),
    ).toEqual({
      path: ['ery', 'config', 'set'],
      options: { setting: 'persona', value: 'Talk like a pirate, please', scope: 'server' },
    });
  });

  test('GIVEN no options THEN only the path', () => {
    expect(parseCommandLine('/ery status ')).toEqual({ path: ['ery', 'status'], options: {} });
  });

  test('GIVEN an empty value THEN it is kept as empty (autocomplete of a value not yet typed)', () => {
    expect(parseCommandLine('/ery config set setting:').options).toEqual({ setting: '' });
  });
});
