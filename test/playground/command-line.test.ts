import { describe, expect, test } from 'bun:test';
import { ERY_COMMAND } from '../../src/discord/slash/ery-command.ts';
import { parseCommandLine, resolveCommand } from '../../src/playground/interactions/command-input.ts';
import type { CommandRecord } from '../../src/playground/interactions/command-registry.ts';

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

describe('a typed command line against /ery', () => {
  const ery = ERY_COMMAND as unknown as CommandRecord;
  const leafValues = (text: string) => {
    const [group] = resolveCommand(ery, parseCommandLine(text)).options as Array<{
      options: Array<{ options: Array<{ name: string; value: unknown }> }>;
    }>;
    return group?.options[0]?.options ?? [];
  };

  test('GIVEN a choice typed by its name or its value THEN the choice’s value is sent, as Discord’s client does', () => {
    for (const typed of ['this channel', 'channel', 'This Channel']) {
      const scope = leafValues(`/ery config set setting:batch_size value:3 scope:${typed}`).find(
        (o) => o.name === 'scope',
      );
      expect(scope?.value).toBe('channel');
    }
  });

  test('GIVEN a value that is none of the choices THEN it is refused naming them', () => {
    expect(() =>
      resolveCommand(ery, parseCommandLine('/ery config get setting:batch_size scope:galaxy')),
    ).toThrow('scope must be one of: server, this channel');
  });

  test('GIVEN a stray word after a command without subcommands THEN the refusal says so', () => {
    expect(() => resolveCommand(ery, parseCommandLine('/ery status extra'))).toThrow(
      '"extra" is not part of the command',
    );
  });

  test('GIVEN an option given twice THEN it is refused, not the last one silently kept', () => {
    expect(() => parseCommandLine('/ery config set setting:batch_size value:5 value:6')).toThrow(
      'value: is given twice',
    );
  });
});
