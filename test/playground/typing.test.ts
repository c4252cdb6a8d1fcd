/**
 * `POST /channels/{id}/typing` through the real discord.js client: the playground checks Discord's
 * permissions (VIEW_CHANNEL, then SEND_MESSAGES), answers 204 with rate-limit headers, and sends
 * TYPING_START to the sessions that asked for GUILD_MESSAGE_TYPING.
 */
import { describe, expect, test } from 'bun:test';
import {
  type Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Message,
  REST,
  Routes,
  type Typing,
} from 'discord.js';
import type { Playground } from '../../src/playground/index.ts';
import { api, ERY_INTENTS, usePlayground, within } from './helpers.ts';

let pg: Playground;
/** Ery, with the intents Ery really uses (no typing intent). */
let ery: Client<true>;
/** Olivia's client, which asked for typing events. */
let watcher: Client<true>;

usePlayground({ port: 0 }, async (started) => {
  ({ pg } = started);
  ery = await started.login();
  watcher = await started.login({
    intents: [...ERY_INTENTS, GatewayIntentBits.GuildMessageTyping],
    token: pg.tokenFor(pg.demo.users.owner),
  });
});

const sendable = (client: Client, channelId: string) => {
  const channel = client.channels.cache.get(channelId);
  if (!channel?.isSendable() || channel.isDMBased()) throw new Error(`${channelId} is not sendable`);
  return channel;
};

/** discord.js's own REST client, acting as `userId`. */
const restAs = (userId: string) => new REST({ api: pg.apiUrl }).setToken(pg.tokenFor(userId));

/** The Discord error code `work` was refused with. */
async function refusal(work: Promise<unknown>): Promise<number | string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DiscordAPIError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('typing in the playground', () => {
  test('GIVEN Ery calls channel.sendTyping THEN a client with the typing intent gets typingStart with the member', async () => {
    const arrived = within<Typing>(5000, (resolve) => watcher.once(Events.TypingStart, resolve));
    await sendable(ery, pg.demo.channels.general).sendTyping();
    const typing = await arrived;
    expect(typing.channel.id).toBe(pg.demo.channels.general);
    expect(typing.user.id).toBe(pg.demo.users.ery);
    expect(typing.guild?.id).toBe(pg.demo.guildId);
    expect(typing.member?.displayName).toBe('Ery');
    // Discord sends whole seconds; discord.js multiplies them into ms.
    expect(typing.startedTimestamp % 1000).toBe(0);
    expect(Math.abs(typing.startedTimestamp - Date.now())).toBeLessThan(60_000);
    const event = await pg.waitFor(
      (e) => e.type === 'typing.started' && e.channelId === pg.demo.channels.general,
    );
    expect(event.type === 'typing.started' && event.user).toEqual({
      id: pg.demo.users.ery,
      name: 'Ery',
      bot: true,
    });
  });

  test('GIVEN a client without the typing intent THEN it gets no typingStart, though it gets the messages after it', async () => {
    const typed: Typing[] = [];
    const onTyping = (typing: Typing) => typed.push(typing);
    ery.on(Events.TypingStart, onTyping);
    try {
      await sendable(watcher, pg.demo.channels.random).sendTyping();
      // The gateway keeps order: once the message after the typing arrives, the typing would have too.
      const after = within<Message>(5000, (resolve) => {
        const onMessage = (m: Message) => {
          if (m.content !== 'after typing') return;
          ery.off(Events.MessageCreate, onMessage);
          resolve(m);
        };
        ery.on(Events.MessageCreate, onMessage);
      });
      pg.postMessage({
        channelId: pg.demo.channels.random,
        authorId: pg.demo.users.owner,
        content: 'after typing',
      });
      await after;
      expect(typed).toEqual([]);
    } finally {
      ery.off(Events.TypingStart, onTyping);
    }
  });

  test('GIVEN Alice cannot see #mod-log THEN her typing there is refused with 50001 Missing Access', async () => {
    const alice = restAs(pg.demo.users.alice);
    expect(await refusal(alice.post(Routes.channelTyping(pg.demo.channels.modLog)))).toBe(50001);
    await alice.post(Routes.channelTyping(pg.demo.channels.general));
  });

  test('GIVEN Bob is timed out THEN his typing is refused with 50013 Missing Permissions', async () => {
    const bob = restAs(pg.demo.users.bob);
    const guild = ery.guilds.cache.get(pg.demo.guildId);
    await guild?.members.edit(pg.demo.users.bob, {
      communicationDisabledUntil: new Date(Date.now() + 60_000).toISOString(),
    });
    try {
      expect(await refusal(bob.post(Routes.channelTyping(pg.demo.channels.general)))).toBe(50013);
    } finally {
      await guild?.members.edit(pg.demo.users.bob, { communicationDisabledUntil: null });
    }
    await bob.post(Routes.channelTyping(pg.demo.channels.general));
  });

  test('GIVEN a typing call THEN the answer is 204 with no body and the rate-limit headers of other routes', async () => {
    const res = await api(pg, 'POST', `/channels/${pg.demo.channels.general}/typing`);
    expect(res.status).toBe(204);
    for (const header of ['limit', 'remaining', 'reset-after', 'bucket']) {
      expect(res.headers.get(`x-ratelimit-${header}`)).not.toBeNull();
    }
  });
});
