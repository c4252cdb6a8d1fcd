import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import type { RunningEry } from '../../src/app/run.ts';
import { auditLog } from '../../src/db/schema.ts';
import type { WelcomePolicy } from '../../src/domain/welcome-policy.ts';
import { NEW_BATCH_HEADER } from '../../src/llm/context.ts';
import { DEMO_IDS, type Playground } from '../../src/playground/index.ts';
import { captureLogger } from '../support/capture-logger.ts';
import type { OpenAIServer, RecordedRequest } from '../support/openai-server.ts';
import { useEryWorld, waitUntil } from './support/ery-harness.ts';
import { runEry, setAsOwner, slashRegistered } from './support/slash.ts';

/**
 * Issue 12 §1, member joins: the playground's GUILD_MEMBER_ADD reaches the real discord.js client;
 * a welcome is posted by template (tool pipeline, audited) or written by the scripted model, bots
 * and servers with the policy off get none, and a raid becomes one mod-log summary.
 */
setDefaultTimeout(30_000);

const world = useEryWorld('ery-joins-');
let playground: Playground;
let llm: OpenAIServer;
beforeAll(() => {
  ({ playground, llm } = world);
});

const { guildId, channels } = DEMO_IDS;
const welcomeChannel = channels.general;
let names = 0;
/** A new user joins the demo server; returns their id. */
const join = (options: { bot?: boolean } = {}) =>
  playground.joinGuild({ guildId, username: `newcomer${++names}`, ...options }).userId;

const welcome = (ery: RunningEry, policy: Partial<WelcomePolicy>) =>
  ery.core.policies.set(guildId, {
    welcome: { enabled: true, channelId: welcomeChannel, raid: { holdMs: 0 }, ...policy },
  });

/** Ery's messages in `channelId` that mention `userId`. */
const welcomesOf = (channelId: string, userId: string) =>
  playground.state
    .messages(channelId)
    .filter((m) => m.authorId === DEMO_IDS.users.ery && m.content.includes(`<@${userId}>`));

/** The audited welcome sends for `userId`. */
const triesOf = (ery: RunningEry, userId: string) =>
  ery.core.db
    .select()
    .from(auditLog)
    .all()
    .filter((r) => r.tool === 'send_message' && r.threadId.includes(userId));

describe('GIVEN a welcome template in the server policy', () => {
  test('WHEN a member joins THEN Ery posts the filled template in the welcome channel, audited as its own call', async () => {
    const ery = await world.startEry({ model: 'template-model' });
    welcome(ery, { template: 'Welcome {user} to {server}, {name}!' });
    const userId = join();
    await waitUntil(() => welcomesOf(welcomeChannel, userId).length > 0);
    const [sent] = welcomesOf(welcomeChannel, userId);
    expect(sent?.content).toBe(`Welcome <@${userId}> to Ery Playground, newcomer${names}!`);
    // The audit row follows the HTTP reply the message came with.
    await waitUntil(() => triesOf(ery, userId).some((r) => r.outcome === 'ok'));
    expect(llm.calls('template-model')).toHaveLength(0);
  });

  test('WHEN members named "<@owner>", "@everyone" and "**a**\\nb" join THEN each welcome shows the name as written and pings only the member', async () => {
    const ery = await world.startEry({ model: 'template-model' });
    welcome(ery, { template: 'Welcome {name} ({user})' });
    const hostile = [`<@${DEMO_IDS.users.owner}>`, '@everyone', '**a**\nb'];
    const ids = hostile.map(
      (globalName, n) =>
        playground.joinGuild({ guildId, username: `hostile${n}_${++names}`, globalName }).userId,
    );
    await waitUntil(() => ids.every((id) => welcomesOf(welcomeChannel, id).length > 0));
    for (const id of ids) {
      const [sent] = welcomesOf(welcomeChannel, id);
      expect(sent?.mentionUserIds).toEqual([id]);
      expect(sent?.mentionEveryone).toBe(false);
      expect(sent?.content).not.toContain('\n');
    }
    expect(welcomesOf(welcomeChannel, ids[2] as string)[0]?.content).toContain('\\*\\*a\\*\\* b');
    expect(ery.core.policies.get(guildId).welcome.enabled).toBe(true);
  });

  test('WHEN the welcome channel is in another server THEN nobody is welcomed and the log says why', async () => {
    const { logger, lines } = captureLogger();
    const ery = await world.startEry({ model: 'template-model', logger });
    const other = playground.addGuild({ name: 'Elsewhere', ownerId: DEMO_IDS.users.owner });
    await waitUntil(() => ery.discord.guildIds().includes(other.guildId));
    welcome(ery, { template: 'Hi {user}', channelId: other.channelId });
    const userId = join();
    await waitUntil(() => lines.some((l) => l.event === 'welcome.channel_elsewhere' && l.userId === userId));
    expect(welcomesOf(other.channelId, userId)).toHaveLength(0);
    expect(triesOf(ery, userId)).toHaveLength(0);
  });

  test('WHEN a template mentions @everyone or a role THEN the policy refuses it', async () => {
    const ery = await world.startEry({ model: 'template-model' });
    for (const template of [
      '@everyone say hi to {user}',
      `<@&${DEMO_IDS.roles.member}> meet {user}`,
      `Hi {user}, <@${DEMO_IDS.users.alice}> will show you around`,
      `Hi {user} <@!${DEMO_IDS.users.alice}>`,
    ]) {
      expect(() => welcome(ery, { template })).toThrow('can mention only the member who joined');
    }
  });

  test('WHEN a bot joins, or the policy is off THEN nobody is welcomed', async () => {
    const ery = await world.startEry({ model: 'quiet-model' });
    const whileOff = join();
    // Seen by discord.js (GUILD_MEMBER_ADD reached Ery) before the policy changes.
    await waitUntil(() => ery.discord.names.member(guildId, whileOff) !== null);
    welcome(ery, { template: 'Hello {user}' });
    const bot = join({ bot: true });
    const person = join();
    // Joins are handled in order: once the last is welcomed, the earlier ones were decided.
    await waitUntil(() => welcomesOf(welcomeChannel, person).length > 0);
    expect(welcomesOf(welcomeChannel, whileOff)).toHaveLength(0);
    expect(welcomesOf(welcomeChannel, bot)).toHaveLength(0);
  });

  test('WHEN the same GUILD_MEMBER_ADD comes again after a restart THEN the member is welcomed once', async () => {
    const db = `${world.dir}/replayed.db`;
    const first = await world.startEry({ db });
    welcome(first, { template: 'Hi {user}' });
    const member = playground.joinGuild({ guildId, username: 'twice' });
    await waitUntil(() => welcomesOf(welcomeChannel, member.userId).length > 0);
    await waitUntil(() => triesOf(first, member.userId).length > 0);
    await first.stop();
    world.running.splice(world.running.indexOf(first), 1);
    const second = await world.startEry({ db });
    playground.faults.rawDispatch('GUILD_MEMBER_ADD', {
      guild_id: guildId,
      user: { id: member.userId, username: 'twice', discriminator: '0', global_name: null, avatar: null },
      roles: [],
      joined_at: new Date(member.joinedAt).toISOString(),
      nick: null,
      deaf: false,
      mute: false,
      flags: 0,
    });
    const after = join();
    await waitUntil(() => welcomesOf(welcomeChannel, after).length > 0);
    expect(welcomesOf(welcomeChannel, member.userId)).toHaveLength(1);
    // Not even tried again (Discord's nonce would only catch a retry within minutes).
    expect(triesOf(second, member.userId)).toHaveLength(1);
  });
});

describe('GIVEN the welcome set with /ery config', () => {
  test('WHEN welcome is turned on before a channel is set THEN it is refused; set in order THEN a new member is welcomed', async () => {
    const since = playground.events().at(-1)?.seq ?? 0;
    const ery = await world.startEry({ model: 'slash-model' });
    await slashRegistered(playground, since);
    const refused = await runEry(playground, DEMO_IDS.users.owner, ['config', 'set'], {
      setting: 'welcome',
      value: 'on',
    });
    expect(refused.content).toContain('welcome.channel');
    // Limits are said in the units typed, and a template that would ping everyone is refused.
    for (const [setting, value, says] of [
      ['welcome.raid', '10 in 0s', 'A raid window is 1s to 1h'],
      ['welcome.raid', '0 in 60s', 'A raid is 2 to 1,000 joins'],
      ['welcome.hold', '24h', 'welcome.hold is 0s to 10m'],
      ['welcome.template', '@everyone say hi to {user}', 'can mention only the member who joined'],
    ] as const) {
      const reply = await runEry(playground, DEMO_IDS.users.owner, ['config', 'set'], { setting, value });
      expect(reply.content).toContain(says);
    }
    await setAsOwner(playground, 'welcome.channel', '#general');
    await setAsOwner(playground, 'welcome.template', 'Glad you are here, {user}!');
    await setAsOwner(playground, 'welcome.raid', '5 in 30s');
    await setAsOwner(playground, 'welcome.hold', '0s');
    await setAsOwner(playground, 'welcome', 'on');
    expect(ery.core.policies.get(guildId).welcome).toMatchObject({
      enabled: true,
      channelId: welcomeChannel,
      raid: { joins: 5, windowMs: 30_000, holdMs: 0 },
    });
    const userId = join();
    await waitUntil(() => welcomesOf(welcomeChannel, userId).length > 0);
    expect(welcomesOf(welcomeChannel, userId)[0]?.content).toBe(`Glad you are here, <@${userId}>!`);
  });
});

describe('GIVEN a welcome instruction in the server policy', () => {
  test('WHEN a member joins THEN the model sees a join, not a message, and its welcome is posted', async () => {
    const model = 'instruction-model';
    const ery = await world.startEry({ model, windowMs: 100 });
    welcome(ery, { instruction: 'Point them to #help.' });
    const text = 'Welcome aboard! See #help.';
    llm.script(model, { reply: { toolCalls: [{ name: 'send_message', arguments: { content: text } }] } });
    llm.script(model, { reply: { content: '' } });
    const userId = join();
    await waitUntil(() => playground.state.messages(welcomeChannel).some((m) => m.content === text));
    const request = llm.calls(model)[0] as RecordedRequest;
    const lines = request.body.messages.flatMap((turn) =>
      typeof turn.content === 'string' && turn.content.startsWith(NEW_BATCH_HEADER)
        ? turn.content
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as Record<string, unknown>)
        : [],
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      event: 'joined the server',
      user_id: userId,
      join: { welcome_instruction: 'Point them to #help.' },
    });
    expect(lines[0]).not.toHaveProperty('content');
  });
});

describe('GIVEN raid limits in the welcome policy', () => {
  test('WHEN many members join at once THEN the mod-log gets one summary and none of them is welcomed', async () => {
    const ery = await world.startEry({ model: 'raid-model' });
    welcome(ery, { template: 'Welcome {user}', raid: { joins: 3, windowMs: 1_000, holdMs: 1_000 } });
    ery.core.serverSettings.update(guildId, { modLogChannelId: channels.modLog });
    const raiders = [join(), join(), join(), join()];
    const summaries = () =>
      playground.state
        .messages(channels.modLog)
        .filter((m) => m.authorId === DEMO_IDS.users.ery && m.content.includes('Raid'));
    await waitUntil(() => summaries().length > 0);
    expect(summaries()[0]?.content).toContain('4 members joined');
    expect(summaries()[0]?.content).toContain(`newcomer${names - 3}`);
    // After the raid a join is welcomed again; sends to one channel arrive in order.
    const later = join();
    await waitUntil(() => welcomesOf(welcomeChannel, later).length > 0);
    for (const raider of raiders) expect(welcomesOf(welcomeChannel, raider)).toHaveLength(0);
    expect(summaries()).toHaveLength(1);
  });
});
