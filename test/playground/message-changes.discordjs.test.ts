/**
 * Edits and deletes through the real discord.js client, logged in as members with the playground's
 * tokens, and seen by other real clients as Discord's messageUpdate, messageDelete and
 * messageDeleteBulk events.
 */
import { describe, expect, test } from 'bun:test';
import {
  type Client,
  type ClientEvents,
  DiscordAPIError,
  GatewayIntentBits,
  type Message,
  type TextChannel,
} from 'discord.js';
import type { Playground } from '../../src/playground/index.ts';
import { thrownBy } from '../support/errors.ts';
import { ERY_INTENTS, usePlayground, within } from './helpers.ts';

let pg: Playground;
let ery: Client<true>;
let alice: Client<true>;
let max: Client<true>;
/** Bob's client lacks MESSAGE_CONTENT: others' content reaches him empty. */
let bob: Client<true>;

usePlayground({ port: 0 }, async ({ pg: started, login }) => {
  pg = started;
  const as = (userId: string) => started.tokenFor(userId);
  const { users } = started.demo;
  const withoutContent = ERY_INTENTS.filter((i) => i !== GatewayIntentBits.MessageContent);
  [ery, alice, max, bob] = await Promise.all([
    login(),
    login({ token: as(users.alice) }),
    login({ token: as(users.moderator) }),
    login({ token: as(users.bob), intents: withoutContent }),
  ]);
});

/** The first `event` on `client` whose arguments pass `match`. */
function next<K extends keyof ClientEvents>(
  client: Client,
  event: K,
  match: (...args: ClientEvents[K]) => boolean = () => true,
): Promise<ClientEvents[K]> {
  return within(5000, (resolve) => {
    const listener = (...args: ClientEvents[K]) => {
      if (!match(...args)) return;
      client.off(event, listener);
      resolve(args);
    };
    client.on(event, listener);
  });
}

/** Every client logged in, in one order. */
const clients = () => [ery, alice, max, bob];

/**
 * `authorId` posts `content` in #general; resolves once every client has it, with the message as
 * `holder`'s client has it (edit or delete it through that client).
 */
async function posted(authorId: string, content: string, holder: Client<true>): Promise<Message> {
  const { id } = pg.postMessage({ channelId: pg.demo.channels.general, authorId, content });
  const seen = await Promise.all(clients().map((c) => next(c, 'messageCreate', (m) => m.id === id)));
  const [message] = seen[clients().indexOf(holder)] ?? [];
  if (!message) throw new Error('the holder is not one of the clients');
  return message;
}

const general = (client: Client) => client.channels.cache.get(pg.demo.channels.general) as TextChannel;

describe('editing with discord.js', () => {
  test('GIVEN Alice edits her message with message.edit() THEN the reply is the edited message and the other clients get messageUpdate with old and new content', async () => {
    const { users } = pg.demo;
    const mine = await posted(users.alice, 'before', alice);
    const atEry = next(ery, 'messageUpdate', (_, m) => m.id === mine.id);
    const atBob = next(bob, 'messageUpdate', (_, m) => m.id === mine.id);
    const edited = await mine.edit(`after, <@${users.ery}>`);
    expect(edited.content).toBe(`after, <@${users.ery}>`);
    expect(edited.editedTimestamp).toBeNumber();
    const [old, now] = await atEry;
    expect(old.content).toBe('before');
    expect(now.content).toBe(`after, <@${users.ery}>`);
    expect(now.editedTimestamp).toBe(edited.editedTimestamp);
    expect(now.mentions.users.has(users.ery)).toBe(true);
    // Bob sees that it changed, not what it says.
    const [, atBobNow] = await atBob;
    expect(atBobNow.editedTimestamp).toBe(edited.editedTimestamp);
    expect(atBobNow.content).toBe('');
    expect(pg.state.message(mine.id)).toMatchObject({ content: `after, <@${users.ery}>` });
    const event = await pg.waitFor((e) => e.type === 'message.updated' && e.message.id === mine.id);
    expect(event.type === 'message.updated' && event.message.editedAt).toBe(edited.editedTimestamp);
    expect(event.actorId).toBe(users.alice);
  });

  test("GIVEN Alice edits Bob's message THEN discord.js rejects with 50005 and the message is unchanged", async () => {
    const bobs = await posted(pg.demo.users.bob, 'Bob wrote this', alice);
    const error = await thrownBy(bobs.edit('Alice wrote this'));
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50005);
    expect(pg.state.message(bobs.id)).toMatchObject({ content: 'Bob wrote this', editedAt: null });
  });
});

describe('deleting with discord.js', () => {
  test('GIVEN Alice deletes her message with message.delete() THEN the other clients get messageDelete with the message they had and it leaves the history', async () => {
    const mine = await posted(pg.demo.users.alice, 'soon gone', alice);
    const atEry = next(ery, 'messageDelete', (m) => m.id === mine.id);
    await mine.delete();
    const [gone] = await atEry;
    expect(gone.content).toBe('soon gone');
    expect(pg.state.message(mine.id)).toBeUndefined();
    expect((await general(ery).messages.fetch({ limit: 100 })).has(mine.id)).toBe(false);
    const event = await pg.waitFor((e) => e.type === 'message.deleted' && e.messageId === mine.id);
    expect(event).toMatchObject({ actorId: pg.demo.users.alice, bulk: false });
  });

  test('GIVEN the moderator bulk-deletes with channel.bulkDelete() THEN the other clients get one messageDeleteBulk with every message and the audit log has one bulk row', async () => {
    const { users } = pg.demo;
    const first = await posted(users.alice, 'spam 1', max);
    const second = await posted(users.bob, 'spam 2', max);
    const atEry = next(ery, 'messageDeleteBulk', (messages) => messages.has(first.id));
    const deleted = await general(max).bulkDelete([first.id, second.id]);
    expect([...deleted.keys()].sort()).toEqual([first.id, second.id].sort());
    const [messages, channel] = await atEry;
    expect([...messages.values()].map((m) => m.content).sort()).toEqual(['spam 1', 'spam 2']);
    expect(channel.id).toBe(pg.demo.channels.general);
    expect(pg.state.message(first.id) ?? pg.state.message(second.id)).toBeUndefined();
    expect(pg.state.auditLog(pg.demo.guildId).at(-1)).toMatchObject({
      actionType: 73,
      actorId: users.moderator,
      targetId: pg.demo.channels.general,
      options: { count: '2' },
    });
  });

  test("GIVEN the moderator deletes Alice's message THEN it goes and the audit log names Alice", async () => {
    const hers = await posted(pg.demo.users.alice, 'against the rules', max);
    const atAlice = next(alice, 'messageDelete', (m) => m.id === hers.id);
    await hers.delete();
    await atAlice;
    expect(pg.state.auditLog(pg.demo.guildId).at(-1)).toMatchObject({
      actionType: 72,
      actorId: pg.demo.users.moderator,
      targetId: pg.demo.users.alice,
      options: { channel_id: pg.demo.channels.general, count: '1' },
    });
  });

  test("GIVEN members without Manage Messages THEN deleting another's message or bulk-deleting is 50013 and nothing goes", async () => {
    const { users } = pg.demo;
    const bobs = await posted(users.bob, 'mine, says Bob', alice);
    const alices = await posted(users.alice, 'mine, says Alice', alice);
    const codes = await Promise.all([
      thrownBy(bobs.delete()),
      thrownBy(general(alice).bulkDelete([bobs.id, alices.id])),
      thrownBy(general(ery).messages.delete(alices.id)),
    ]);
    expect(codes.map((e) => (e as DiscordAPIError).code)).toEqual([50013, 50013, 50013]);
    expect(pg.state.message(bobs.id)).toBeDefined();
    expect(pg.state.message(alices.id)).toBeDefined();
  });
});
