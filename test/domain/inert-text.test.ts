import { describe, expect, test } from 'bun:test';
import { raidLine } from '../../src/app/welcome/raid-line.ts';
import { inertText } from '../../src/domain/inert-text.ts';
import { MAX_WELCOME_CHARS, renderWelcome } from '../../src/domain/welcome-template.ts';

describe('inertText', () => {
  test.each([
    ['<@123>', '<\u200b@\u200b123\\>'],
    ['@everyone', '@\u200beveryone'],
    ['<@&9> and <#8>', '<\u200b@\u200b&9\\> and <\u200b\\#8\\>'],
    ['**bold** _it_ `code`', '\\*\\*bold\\*\\* \\_it\\_ \\`code\\`'],
    ['a\nb\r\n\tc', 'a b c'],
    ['  [link](http://x)  ', '\\[link\\]\\(http://x\\)'],
    ['\u202Eevil\u2066x\u200Dy', 'evilxy'],
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

  test('GIVEN a template that repeats {name} and a long name that grows when made inert THEN the welcome is still one message', () => {
    const template = `{user} ${'{name}'.repeat(165)}`;
    const text = renderWelcome(template, { userId: '1', name: '<'.repeat(32), server: 's' });
    expect(text.length).toBeLessThanOrEqual(MAX_WELCOME_CHARS);
    expect(text.startsWith('<@1> ')).toBe(true);
  });
});
