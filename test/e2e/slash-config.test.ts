/**
 * `/ery` end to end: the real discord.js client in Ery registers the command and answers the
 * interactions the playground sends as a member runs it; settings land in SQLite and reach live
 * channel actors at once.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { SETTINGS } from '../../src/app/slash/settings/index.ts';
import { threads } from '../../src/db/schema.ts';
import { DEMO_IDS, type Playground } from '../../src/playground/index.ts';
import { useEryWorld, waitUntil } from './support/ery-harness.ts';
import { runEry, setAsOwner, slashRegistered } from './support/slash.ts';

setDefaultTimeout(30_000);

const world = useEryWorld('ery-slash-');
let playground: Playground;
beforeAll(() => {
  ({ playground } = world);
});

const { users, channels, guildId } = DEMO_IDS;
const lastSeq = () => playground.events().at(-1)?.seq ?? 0;

async function startEry(options: Parameters<typeof world.startEry>[0] = {}) {
  const since = lastSeq();
  const ery = await world.startEry(options);
  await slashRegistered(playground, since);
  return ery;
}

describe('/ery from Discord', () => {
  test('GIVEN Ery starts THEN /ery is registered in the server with config get|set|reset, status and budget', async () => {
    await startEry({ demo: true });
    const [command] = playground.interactions.commands(guildId).filter((c) => c.name === 'ery');
    expect(command?.guild_id).toBe(guildId);
    const names = (command?.options ?? []).map((o) => o.name);
    expect(names).toEqual(['config', 'status', 'budget']);
    const config = command?.options[0] as { options: Array<{ name: string }> };
    expect(config.options.map((o) => o.name)).toEqual(['get', 'set', 'reset']);
  });

  test('GIVEN a member without Manage Server THEN get answers them privately and set is refused naming the permission', async () => {
    const ery = await startEry({ demo: true });
    const got = await runEry(playground, users.alice, ['config', 'get'], { setting: 'batch_size' });
    expect(got).toMatchObject({ ephemeral: true, content: '**batch_size**: 5 (default)' });
    const refused = await runEry(playground, users.alice, ['config', 'set'], {
      setting: 'batch_size',
      value: '2',
    });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain('Manage Server');
    expect(ery.core.config.resolve(guildId, channels.general).batchSize).toBe(5);
    const reset = await runEry(playground, users.moderator, ['config', 'reset'], { setting: 'batch_size' });
    expect(reset.content).toContain('Manage Server');
  });

  test('GIVEN a live batching channel WHEN the owner sets batch_size 2 THEN the actor takes it at once and the second message starts a thread', async () => {
    const ery = await startEry({ demo: true, windowMs: 60_000 });
    const first = playground.postMessage({ channelId: channels.random, authorId: users.bob, content: 'one' });
    await waitUntil(() => ery.core.supervisor.actorOf(channels.random)?.getSnapshot().value === 'batching');
    const reply = await setAsOwner(playground, 'batch_size', '2');
    expect(reply).toMatchObject({
      ephemeral: true,
      content: '**batch_size** set for this server: now 2 (set for this server).',
    });
    await waitUntil(
      () => ery.core.supervisor.actorOf(channels.random)?.getSnapshot().context.settings.batchSize === 2,
    );
    const second = playground.postMessage({
      channelId: channels.random,
      authorId: users.bob,
      content: 'two',
    });
    await waitUntil(() => {
      ery.core.supervisor.flush();
      return ery.core.db.select().from(threads).all().length > 0;
    });
    const [thread] = ery.core.db.select().from(threads).all();
    expect(thread?.messageIds).toEqual([first.id, second.id]);
    // Stored: a new Ery on the same database reads it back.
    expect(ery.core.config.get('guild', guildId)).toEqual({ batchSize: 2 });
  });

  test('GIVEN scope channel THEN a timing is set for this channel only, and reset falls back to the server', async () => {
    const ery = await startEry({ demo: true });
    await setAsOwner(playground, 'batch_window', '45s', 'channel');
    expect(ery.core.config.resolve(guildId, channels.general).batchWindowMs).toBe(45_000);
    expect(ery.core.config.resolve(guildId, channels.random).batchWindowMs).toBe(200);
    const got = await runEry(playground, users.bob, ['config', 'get'], { setting: 'batch_window' });
    expect(got.content).toBe('**batch_window**: 45s (set for this channel)');
    await runEry(playground, users.owner, ['config', 'reset'], { setting: 'batch_window', scope: 'channel' });
    expect(ery.core.config.resolve(guildId, channels.general).batchWindowMs).toBe(200);
  });

  test('GIVEN a bad value THEN nothing changes and the reply says what to type', async () => {
    const ery = await startEry({ demo: true });
    const noUnit = await runEry(playground, users.owner, ['config', 'set'], {
      setting: 'cooldown',
      value: '30',
    });
    expect(noUnit.content).toContain('like 30s');
    const tooBig = await runEry(playground, users.owner, ['config', 'set'], {
      setting: 'batch_size',
      value: '1000',
    });
    expect(tooBig.content).toContain('from 1 to 100');
    const unknown = await runEry(playground, users.owner, ['config', 'set'], {
      setting: 'colour',
      value: 'red',
    });
    expect(unknown.content).toContain('batch_size, batch_window');
    const noChannel = await runEry(playground, users.owner, ['config', 'set'], {
      setting: 'channels',
      value: '#nowhere',
    });
    expect(noChannel.content).toContain('general');
    expect(ery.core.config.get('guild', guildId)).toBeUndefined();
    expect(ery.core.serverSettings.get(guildId).channelIds).toEqual([]);
  });

  test('GIVEN autocomplete THEN setting names and values come from Ery', async () => {
    await startEry({ demo: true });
    const ask = (options: Record<string, string>, focused: string) =>
      playground.interactions.autocomplete({
        userId: users.alice,
        channelId: channels.general,
        path: ['ery', 'config', 'set'],
        options,
        focused,
      });
    const names = await ask({ setting: 'batch' }, 'setting');
    expect(names.map((c) => c.value)).toEqual(['batch_size', 'batch_window']);
    const all = await ask({ setting: '' }, 'setting');
    expect(all.map((c) => c.value)).toContain('grant.ban_member');
    // Discord shows at most 25 choices: the rest come as their names are typed.
    expect(all.map((c) => c.value)).toEqual(SETTINGS.slice(0, 25).map((s) => s.name));
    const welcome = await ask({ setting: 'welcome' }, 'setting');
    expect(welcome.map((c) => c.value)).toEqual(
      SETTINGS.filter((s) => s.name.startsWith('welcome')).map((s) => s.name),
    );
    expect((await ask({ setting: 'mention_only', value: '' }, 'value')).map((c) => c.value)).toEqual([
      'on',
      'off',
    ]);
    expect((await ask({ setting: 'channels', value: 'general, ra' }, 'value')).map((c) => c.value)).toEqual([
      'general, random',
    ]);
    expect((await ask({ setting: 'grant.kick_member', value: 'Mod' }, 'value')).map((c) => c.value)).toEqual([
      'Moderator',
    ]);
    // Roles Ery cannot give (Moderator above it, its own managed role) are not offered for autonomous.add_role.
    expect((await ask({ setting: 'autonomous.add_role', value: '' }, 'value')).map((c) => c.value)).toEqual([
      'off',
      'Member',
      'Trusted',
      'Helper',
    ]);
  });

  test('GIVEN a channel with a batch THEN /ery status lists it with its state, and budget shows zero usage', async () => {
    const ery = await startEry({ demo: true, windowMs: 60_000 });
    playground.postMessage({ channelId: channels.general, authorId: users.bob, content: 'hello there' });
    await waitUntil(() => ery.core.supervisor.actorOf(channels.general)?.getSnapshot().value === 'batching');
    const status = await runEry(playground, users.bob, ['status']);
    expect(status.ephemeral).toBe(true);
    expect(status.content).toContain('#general: batching, batch 1');
    expect(status.content).toContain('**Running threads**: 0');
    const budget = await runEry(playground, users.bob, ['budget']);
    expect(budget.content).toContain('Server, today (UTC): 0 tokens used');
    expect(budget.content).toMatch(/You, this hour: 0 tokens used, no limit/);
  });

  test('GIVEN Ery is running WHEN an owner invites it to a new server THEN /ery is registered there too, and the owner can use it', async () => {
    await startEry({ demo: true });
    const added = playground.addGuild({
      name: 'Second Server',
      ownerId: users.alice,
      memberIds: [users.bob],
    });
    await waitUntil(() => playground.interactions.commands(added.guildId).some((c) => c.name === 'ery'));
    const reply = await runEry(
      playground,
      users.alice,
      ['config', 'set'],
      { setting: 'batch_size', value: '3' },
      added.channelId,
    );
    expect(reply).toMatchObject({ ephemeral: true });
    expect(reply.content).toContain('set for this server');
    const refused = await runEry(
      playground,
      users.bob,
      ['config', 'set'],
      { setting: 'batch_size', value: '4' },
      added.channelId,
    );
    expect(refused.content).toContain('Manage Server');
  });
});
