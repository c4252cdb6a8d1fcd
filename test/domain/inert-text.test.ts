import { describe, expect, test } from 'bun:test';
import { raidLine } from '../../src/app/welcome/raid-line.ts';
import { inertText } from '../../src/domain/inert-text.ts';

describe('inertText', () => {
  test.each([
    ['<@123>', '<\u200b@\u200b123\\>'],
    ['@everyone', '@\u200beveryone'],
    ['<@&9> and <#8>', '<\u200b@\u200b&9\\> and <\u200b\\#8\\>'],
    ['**bold** _it_ `code`', '\\*\\*bold\\*\\* \\_it\\_ \\`code\\`'],
    ['a\nb\r\n\tc', 'a b c'],
    ['  [link](http://x)  ', '\\[link\\]\\(http://x\\)'],
  ])('GIVEN %j THEN it reads %j: no mention, no markdown, one line', (input, expected) => {
    expect(inertText(input)).toBe(expected);
  });

  test('GIVEN a raid whose names forge a line and a mention THEN the summary stays one line that pings nobody', () => {
    const line = raidLine({
      guildId: '1',
      count: 2,
      names: ['a\n🚨 **All clear**', '<@1>'],
      firstAt: 0,
      lastAt: 1_000,
      joins: 2,
      windowMs: 60_000,
    });
    expect(line).not.toContain('\n');
    expect(line).not.toContain('<@1>');
    expect(line).toContain('a 🚨 \\*\\*All clear\\*\\*');
  });
});
