/**
 * Direct messages, end to end (issue 12 §4): the real discord.js client against the playground (a
 * DM channel of type 1, MESSAGE_CREATE without guild_id), the real openai SDK against a scripted
 * model, a real SQLite file. DMs are off by default; `ERY_DMS=1` or a server policy's
 * `directMessages` turns them on; no moderation tool works from a DM, and its audit row says `@me`.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import { listAudit } from '../../src/db/audit-log.ts';
import { DM_GUILD_ID } from '../../src/domain/direct-message.ts';
import { DEMO_IDS, type Playground } from '../../src/playground/index.ts';
import { captureLogger } from '../support/capture-logger.ts';
import type { OpenAIServer } from '../support/openai-server.ts';
import { threadEnded, useEryWorld, waitUntil } from './support/ery-harness.ts';
import { eryMessagesSince, sends } from './support/ery-posts.ts';

setDefaultTimeout(30_000);

const world = useEryWorld('ery-dms-');
let playground: Playground;
let llm: OpenAIServer;
beforeAll(() => {
  ({ playground, llm } = world);
});

const { users, guildId } = DEMO_IDS;
const lastSeq = () => playground.events().at(-1)?.seq ?? 0;

/** Ery's messages created after event `since`. */
const eryMessages = (since: number) => eryMessagesSince(playground, users.ery, since);

/** The DM channel between `userId` and Ery. */
const dmWithEry = (userId: string) => playground.openDirectMessage({ userId, recipientId: users.ery }).id;

describe('GIVEN a member who writes to Ery in a direct message', () => {
  test('WHEN DMs are off (the default) THEN the DM is logged as ignored and nothing answers it', async () => {
    const { logger, lines } = captureLogger();
    const ery = await world.startEry({ model: 'dm-off', logger });
    const dm = dmWithEry(users.alice);
    const since = lastSeq();
    const sent = playground.postMessage({ channelId: dm, authorId: users.alice, content: 'hello Ery?' });
    await waitUntil(() =>
      lines.some((line) => line.event === 'discord.message.dm_ignored' && line.messageId === sent.id),
    );
    expect(ery.core.supervisor.actorOf(dm)).toBeUndefined();
    expect(llm.calls('dm-off')).toHaveLength(0);
    expect(eryMessages(since)).toHaveLength(0);
  });

  test('WHEN ERY_DMS=1 THEN Ery answers in the DM, told it is one, and the DM has its own actor', async () => {
    const ery = await world.startEry({ model: 'dm-on', env: { ERY_DMS: '1' } });
    llm.script('dm-on', ...sends('hi from Ery'));
    const dm = dmWithEry(users.bob);
    const since = lastSeq();
    // No mention: in a DM every message addresses Ery, so it starts a thread at once.
    playground.postMessage({ channelId: dm, authorId: users.bob, content: 'are you there?' });
    await waitUntil(() => eryMessages(since).length > 0);
    expect(eryMessages(since).map((e) => [e.channelId, e.message.content])).toEqual([[dm, 'hi from Ery']]);
    const actor = ery.core.supervisor.actorOf(dm);
    expect(actor?.getSnapshot().context.guildId).toBe(DM_GUILD_ID);
    const [system, user] = (llm.calls('dm-on')[0]?.body.messages ?? []).map((m) => String(m.content));
    expect(system).toContain('A direct message (DM)');
    expect(user).toContain('"mentions_ery":true');
  });

  test('WHEN the person reacts to Ery’s answer in the DM THEN the model sees the reaction in that DM', async () => {
    const ery = await world.startEry({ model: 'dm-react', env: { ERY_DMS: '1' } });
    llm.script('dm-react', ...sends('glad to help'));
    llm.script('dm-react', { reply: { content: '' } });
    const dm = dmWithEry(users.alice);
    const since = lastSeq();
    playground.postMessage({ channelId: dm, authorId: users.alice, content: 'thanks for earlier' });
    await waitUntil(() => eryMessages(since).length > 0);
    const answer = eryMessages(since)[0]?.message.id as string;
    // The answering thread is over (its model calls made) before the reaction comes.
    await waitUntil(() => ery.core.supervisor.actorOf(dm)?.getSnapshot().value !== 'running');
    const calls = llm.calls('dm-react').length;
    playground.react({ channelId: dm, messageId: answer, userId: users.alice, emoji: '❤️' });
    await waitUntil(() => llm.calls('dm-react').length > calls);
    const last = llm.calls('dm-react').at(-1)?.body.messages.at(-1);
    expect(String(last?.content)).toContain(`"emoji":"❤️","messageId":"${answer}"`);
    expect(ery.core.supervisor.actorOf(dm)?.getSnapshot().context.guildId).toBe(DM_GUILD_ID);
  });

  test('WHEN a server policy enables DMs THEN its member is answered though ERY_DMS is off', async () => {
    const ery = await world.startEry({ model: 'dm-policy' });
    ery.core.policies.set(guildId, { directMessages: true });
    llm.script('dm-policy', ...sends('your server lets me answer'));
    const dm = dmWithEry(users.alice);
    const since = lastSeq();
    playground.postMessage({ channelId: dm, authorId: users.alice, content: 'may I ask here?' });
    await waitUntil(() => eryMessages(since).length > 0);
    expect(eryMessages(since).map((e) => e.channelId)).toEqual([dm]);
  });

  test('WHEN the model calls a moderation tool from a DM THEN it is refused as DIRECT_MESSAGE before anything runs, and audited as a DM', async () => {
    const ery = await world.startEry({ model: 'dm-ban', env: { ERY_DMS: '1' } });
    const dm = dmWithEry(users.moderator);
    const since = lastSeq();
    const ask = playground.postMessage({
      channelId: dm,
      authorId: users.moderator,
      content: `please ban <@${users.bob}>`,
    });
    llm.script(
      'dm-ban',
      {
        reply: {
          toolCalls: [
            {
              name: 'ban_member',
              arguments: { user_id: users.bob, reason: 'asked in a DM', requested_by_message_id: ask.id },
            },
            { name: 'get_member_info', arguments: { user_id: users.bob } },
          ],
        },
      },
      ...sends('a moderator must do that in the server'),
    );
    await threadEnded(ery, 'done');
    const rows = listAudit(ery.core.db, { limit: 10 });
    expect(rows.map((row) => [row.tool, row.guildId, row.channelId, row.decision])).toEqual(
      expect.arrayContaining([
        ['ban_member', DM_GUILD_ID, dm, 'denied'],
        ['get_member_info', DM_GUILD_ID, dm, 'denied'],
      ]),
    );
    // The model read a typed refusal for each.
    const results = (llm.calls('dm-ban')[1]?.body.messages ?? []).filter((m) => m.role === 'tool');
    expect(results.map((m) => JSON.parse(String(m.content)).error.code)).toEqual([
      'DIRECT_MESSAGE',
      'DIRECT_MESSAGE',
    ]);
    expect(playground.state.ban(guildId, users.bob)).toBeUndefined();
    // Nothing asked Discord about Bob: the refusal came before any lookup.
    const lookups = playground
      .events()
      .filter((e) => e.type === 'http.request' && e.seq > since && e.path.includes(`/members/${users.bob}`));
    expect(lookups).toHaveLength(0);
  });

  test('WHEN Ery restarts mid-thread in a DM THEN the DM actor is restored and the thread finishes without repeating its message', async () => {
    const db = join(world.dir, 'dm-restart.db');
    const env = { ERY_DMS: '1' };
    const first = await world.startEry({ db, model: 'dm-restart', env });
    const dm = dmWithEry(users.alice);
    const since = lastSeq();
    llm.script(
      'dm-restart',
      { reply: { toolCalls: [{ id: 'call_1', name: 'send_message', arguments: { content: 'once only' } }] } },
      // The second model call hangs: Ery stops while waiting for it.
      { delayMs: 60_000 },
    );
    playground.postMessage({ channelId: dm, authorId: users.alice, content: 'tell me once' });
    await waitUntil(() => eryMessages(since).length > 0);
    await waitUntil(() => llm.calls('dm-restart').length >= 2);
    await first.stop();
    world.running.splice(world.running.indexOf(first), 1);

    llm.script('dm-restart', { reply: { content: '' } });
    const second = await world.startEry({ db, model: 'dm-restart', env });
    expect(second.core.supervisor.actorOf(dm)?.getSnapshot().context.guildId).toBe(DM_GUILD_ID);
    await threadEnded(second, 'done');
    expect(eryMessages(since).map((e) => [e.channelId, e.message.content])).toEqual([[dm, 'once only']]);
    expect(llm.calls('dm-restart')).toHaveLength(3);
  });
});
