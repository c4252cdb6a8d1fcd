/**
 * An `@` that is not a mention on Discord (in a link, in code of any backtick count, escaped) is
 * sent as typed and opens no list (issue 7's adversarial cases).
 */
import { describe, expect, test } from 'bun:test';
import { literalRanges } from '../../src/playground/web/client/mention-literals.ts';
import { activeQuery, mentionTargets, toWireContent } from '../../src/playground/web/client/mentions.ts';
import { member } from './mention-fixtures.ts';

const targets = mentionTargets([member('2', 'Alice'), member('500', 'Ery')], []);

/** Each of `texts` goes out exactly as typed: no `@` in it becomes a mention. */
function expectSentAsTyped(texts: string[]): void {
  for (const text of texts) expect(toWireContent(text, targets)).toBe(text);
}

describe('GIVEN an @ that Discord does not read as a mention WHEN it is sent', () => {
  test("GIVEN the issue's links, double-backtick code and escape THEN each is sent as typed", () => {
    expectSentAsTyped([
      'https://mastodon.social/@Alice',
      '[link](https://x.y/@Alice)',
      '<https://x.y/@Alice>',
      '``@Ery``',
      '\\@Ery',
    ]);
  });

  test('GIVEN any scheme, any backtick count and code holding backticks THEN nothing inside becomes a mention', () => {
    expectSentAsTyped([
      'see http://x.y/@Ery/status?u=@Alice#@Ery',
      'ftp://files.example/@Ery',
      '```@Ery``',
      '`` a ` @Ery ``',
      '````\n@Alice\n````',
      'x ```js\n@Ery\n``` y',
      '`a\n@Ery`',
      '\\@Alice and \\@Ery',
    ]);
  });

  test('GIVEN a real mention beside them THEN only it converts', () => {
    expect(toWireContent('https://x.y/@Alice by @Alice', targets)).toBe('https://x.y/@Alice by <@2>');
    expect(toWireContent('``@Ery`` and @Ery', targets)).toBe('``@Ery`` and <@500>');
    // A backslash escaping a backslash escapes nothing after it.
    expect(toWireContent('\\\\@Ery', targets)).toBe('\\\\<@500>');
    // A backtick that never closes is a plain backtick on Discord.
    expect(toWireContent('`@Ery``', targets)).toBe('`<@500>``');
    expect(toWireContent('don`t @Ery', targets)).toBe('don`t <@500>');
    // Not a link: no scheme, or the scheme is the tail of a word.
    expect(toWireContent('x.y/@Alice and bob@example.com', targets)).toBe('x.y/<@2> and bob@example.com');
  });
});

describe('GIVEN the caret after an @ that is not a mention', () => {
  test('THEN the list does not open (the issue: a link and double-backtick code), nor after an escape', () => {
    expect(activeQuery('https://x.y/@Al', 15, targets)).toBeNull();
    expect(activeQuery('``@Al', 5, targets)).toBeNull();
    expect(activeQuery('\\@Al', 4, targets)).toBeNull();
    expect(activeQuery('<https://x.y/@Al', 16, targets)).toBeNull();
    expect(activeQuery('[a](https://x.y/@Al', 19, targets)).toBeNull();
  });

  test('THEN after closed code, a link or an escaped backslash it opens', () => {
    expect(activeQuery('``x`` @Al', 9, targets)).toEqual({ start: 6, query: 'Al' });
    expect(activeQuery('https://x.y @Al', 15, targets)).toEqual({ start: 12, query: 'Al' });
    expect(activeQuery('\\\\@Al', 5, targets)).toEqual({ start: 2, query: 'Al' });
  });
});

describe('GIVEN text full of backticks', () => {
  test('THEN code pairs runs of the same length, and an unclosed run is code only while typing', () => {
    expect(literalRanges('`a` ``b`` ```c```')).toEqual([
      [0, 3],
      [4, 9],
      [10, 17],
    ]);
    // With no second `` the opener gives up a backtick, as Discord's does.
    expect(literalRanges('`` x `')).toEqual([[0, 6]]);
    expect(literalRanges('`` x')).toEqual([]);
    expect(literalRanges('`` x', true)).toEqual([[0, 4]]);
  });

  test('THEN thousands of runs and backslashes are each read once, in order', () => {
    const text = '`` @Ery '.repeat(5_000);
    expect(literalRanges(text)).toHaveLength(2_500);
    expect(toWireContent(`${'\\'.repeat(10_001)}@Ery`, targets)).toBe(`${'\\'.repeat(10_001)}@Ery`);
  });
});
