/** The composer's mention rules (src/playground/web/client/mentions.ts), without a browser. */
import { describe, expect, test } from 'bun:test';
import {
  activeQuery,
  insertMention,
  type MentionTarget,
  mentionTargets,
  suggest,
  toWireContent,
} from '../../src/playground/web/client/mentions.ts';
import { member, role } from './mention-fixtures.ts';

const ERY = '500';
const ERY_BOT = '501';
const ALICE = '502';
const MAX = '503';
const MODS = '600';

const members = [
  member(ERY, 'Ery', { username: 'Ery', bot: true }),
  member(ALICE, 'Alice', { username: 'alice_w', globalName: 'Alice W.' }),
  member(MAX, 'Maxi', { username: 'max', globalName: 'Max (moderator)', nick: 'Maxi' }),
];
const roles = [role(MODS, 'Moderator', true), role('601', 'Ery', false), role('602', 'Trusted', false)];
const targets = mentionTargets(members, roles);
/** A world where a second member's name starts with another's. */
const withEryBot = mentionTargets([...members, member(ERY_BOT, 'Ery Bot')], roles);

describe('GIVEN text typed in the composer WHEN it is sent', () => {
  test('GIVEN "@Ery hello" (the issue) THEN Ery gets a real mention', () => {
    expect(toWireContent('@Ery hello', targets)).toBe(`<@${ERY}> hello`);
  });

  test('GIVEN any case and any name a member goes by THEN each becomes that member', () => {
    expect(toWireContent('hi @ery, @ALICE_W and @alice w. and @max (moderator)!', targets)).toBe(
      `hi <@${ERY}>, <@${ALICE}> and <@${ALICE}> and <@${MAX}>!`,
    );
    expect(toWireContent('@Maxi?', targets)).toBe(`<@${MAX}>?`);
  });

  test('GIVEN "@Ery Bot" and "@Ery" both exist THEN the longest name wins', () => {
    expect(toWireContent('@Ery Bot hi, @Ery hi, @Ery Botanist', withEryBot)).toBe(
      `<@${ERY_BOT}> hi, <@${ERY}> hi, <@${ERY}> Botanist`,
    );
  });

  test('GIVEN italic or underline markers around a mention, or two mentions with no space THEN each is a mention', () => {
    expect(toWireContent('_@Ery_ and __@Maxi__ hi, @Ery_', targets)).toBe(
      `_<@${ERY}>_ and __<@${MAX}>__ hi, <@${ERY}>_`,
    );
    expect(toWireContent('@Maxi@Ery', targets)).toBe(`<@${MAX}><@${ERY}>`);
    // A name with an underscore in it still wins over its shorter start.
    expect(toWireContent('@alice_w', targets)).toBe(`<@${ALICE}>`);
  });

  test('GIVEN a name that only begins a longer word or an @ inside a word THEN nothing changes', () => {
    expect(toWireContent('@Eryx and mail@Ery.com and @Alicea', targets)).toBe(
      '@Eryx and mail@Ery.com and @Alicea',
    );
  });

  test('GIVEN a mentionable role THEN it becomes a role mention; a role no one may ping stays text', () => {
    expect(toWireContent('@moderator please, @Trusted too', targets)).toBe(
      `<@&${MODS}> please, @Trusted too`,
    );
  });

  test('GIVEN a member and a role of the same name THEN the member wins, unless the role was picked', () => {
    const both = mentionTargets(members, [role('601', 'Ery', true)]);
    expect(toWireContent('@Ery', both)).toBe(`<@${ERY}>`);
    const pickedRole = both.find((t) => t.kind === 'role') as MentionTarget;
    expect(toWireContent('@Ery', both, [{ start: 0, text: '@Ery', target: pickedRole }])).toBe('<@&601>');
  });

  test('GIVEN @everyone and @here THEN they stay as typed for Discord to parse', () => {
    expect(toWireContent('@everyone and @here, @Ery', targets)).toBe(`@everyone and @here, <@${ERY}>`);
  });

  test('GIVEN code spans, code blocks and mentions already in wire form THEN they are left alone', () => {
    const text = `\`@Ery\` and \`\`\`\n@Alice\n\`\`\` and <@${MAX}> and <@&${MODS}> but @Ery`;
    expect(toWireContent(text, targets)).toBe(
      `\`@Ery\` and \`\`\`\n@Alice\n\`\`\` and <@${MAX}> and <@&${MODS}> but <@${ERY}>`,
    );
  });

  test('GIVEN text with no @ or unknown names THEN it is sent unchanged', () => {
    for (const text of ['hello', '@', '@ Ery', '@nobody here?', 'a @@Ery']) {
      expect(toWireContent(text, targets)).toBe(text.replace('@@Ery', `@<@${ERY}>`));
    }
  });
});

describe('GIVEN the caret after an @', () => {
  test('THEN the query is what follows it, and a space ends it unless a name goes on', () => {
    expect(activeQuery('hi @Al', 6, targets)).toEqual({ start: 3, query: 'Al' });
    expect(activeQuery('@', 1, targets)).toEqual({ start: 0, query: '' });
    expect(activeQuery('@Al hi', 6, targets)).toBeNull();
    expect(activeQuery('@Alice W', 8, targets)).toEqual({ start: 0, query: 'Alice W' });
    expect(activeQuery('@Ery B', 6, withEryBot)).toEqual({ start: 0, query: 'Ery B' });
  });

  test('THEN no query inside a word, inside code, or across lines', () => {
    expect(activeQuery('mail@Al', 7, targets)).toBeNull();
    expect(activeQuery('`@Al', 4, targets)).toBeNull();
    expect(activeQuery('```\nx @Al', 9, targets)).toBeNull();
    expect(activeQuery('`x` @Al', 7, targets)).toEqual({ start: 4, query: 'Al' });
    expect(activeQuery('@Al\nhi', 6, targets)).toBeNull();
    expect(activeQuery('no at sign', 5, targets)).toBeNull();
  });

  test('THEN suggestions are members first, then roles, then @everyone/@here, filtered by any name', () => {
    expect(suggest('', targets).map((t) => t.label)).toEqual([
      'Alice',
      'Ery',
      'Maxi',
      'Moderator',
      'everyone',
      'here',
    ]);
    expect(suggest('m', targets).map((t) => t.label)).toEqual(['Maxi', 'Moderator']);
    expect(suggest('W', targets).map((t) => t.label)).toEqual(['Alice']);
    expect(suggest('zz', targets)).toEqual([]);
  });

  test('THEN picking replaces the query with the readable name and a space, and the caret follows it', () => {
    const eryTarget = targets.find((t) => t.id === ERY) as MentionTarget;
    const text = 'hey @er how are you';
    const active = activeQuery(text, 7, targets);
    if (!active) throw new Error('no query');
    expect(insertMention(text, active, 7, eryTarget)).toEqual({
      text: 'hey @Ery how are you',
      caret: 9,
      pick: { start: 4, text: '@Ery', target: eryTarget },
    });
    expect(toWireContent('hey @Ery how are you', targets)).toBe(`hey <@${ERY}> how are you`);
  });

  test('THEN only the members who can see the channel are offered', () => {
    const visible = mentionTargets(members, roles, [ERY, MAX]);
    expect(suggest('', visible).map((t) => t.label)).toEqual([
      'Ery',
      'Maxi',
      'Moderator',
      'everyone',
      'here',
    ]);
  });
});
