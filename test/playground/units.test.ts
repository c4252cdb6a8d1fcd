/** Small pure parts: snowflakes, mention parsing, emoji parsing, history paging. */
import { describe, expect, test } from 'bun:test';
import { parseMentions, resolveMentions } from '../../src/playground/actions/mentions.ts';
import { parseEmoji } from '../../src/playground/actions/messages.ts';
import { ApiError } from '../../src/playground/errors.ts';
import { DEMO_IDS } from '../../src/playground/seed.ts';
import { compareSnowflakes, SnowflakeGenerator, snowflakeTime } from '../../src/playground/snowflake.ts';

describe('snowflakes', () => {
  test('GIVEN many ids in the same millisecond THEN they strictly increase and keep the time', () => {
    const gen = new SnowflakeGenerator(() => 1_800_000_000_000);
    const ids = Array.from({ length: 5000 }, () => gen.next());
    for (let i = 1; i < ids.length; i++)
      expect(compareSnowflakes(ids[i - 1] as string, ids[i] as string)).toBe(-1);
    expect(snowflakeTime(ids[0] as string)).toBe(1_800_000_000_000);
  });

  test('GIVEN the demo ids THEN each is 17 to 19 digits, as @discordjs/rest needs for its buckets', () => {
    const all = [DEMO_IDS.guildId, ...Object.values(DEMO_IDS.users), ...Object.values(DEMO_IDS.channels)];
    for (const id of all) expect(id).toMatch(/^\d{17,19}$/);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('mentions', () => {
  const rules = {
    isMember: (id: string) => id !== '999999999999999999',
    isMentionableRole: (id: string) => id === '222222222222222222',
    canMentionEveryone: false,
    repliedUserId: null,
  };

  test('GIVEN content with user, nick, role and everyone mentions THEN each is found once', () => {
    const parsed = parseMentions('<@111111111111111111> <@!111111111111111111> <@&222222222222222222> @here');
    expect(parsed).toEqual({ users: ['111111111111111111'], roles: ['222222222222222222'], everyone: true });
  });

  test('GIVEN no MentionEveryone THEN @everyone and unmentionable roles do not count, strangers neither', () => {
    const parsed = parseMentions(
      '<@999999999999999999> <@&333333333333333333> <@&222222222222222222> @everyone',
    );
    expect(resolveMentions(parsed, undefined, rules)).toEqual({
      users: [],
      roles: ['222222222222222222'],
      everyone: false,
    });
  });

  test('GIVEN a reply THEN the replied author is pinged unless allowed_mentions leaves replied_user out', () => {
    const parsed = parseMentions('ok');
    const replying = { ...rules, repliedUserId: '111111111111111111' };
    expect(resolveMentions(parsed, undefined, replying).users).toEqual(['111111111111111111']);
    expect(resolveMentions(parsed, { parse: ['users'] }, replying).users).toEqual([]);
    expect(resolveMentions(parsed, { parse: [], replied_user: true }, replying).users).toEqual([
      '111111111111111111',
    ]);
  });
});

describe('emoji', () => {
  test('GIVEN a percent-encoded unicode emoji THEN it decodes; a word or a custom emoji is Unknown Emoji', () => {
    expect(parseEmoji(encodeURIComponent('👍'))).toEqual({ id: null, name: '👍' });
    for (const bad of ['thumbsup', encodeURIComponent('blob:123456789012345678')]) {
      const error = (() => {
        try {
          parseEmoji(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).discordCode).toBe(10014);
    }
  });
});
