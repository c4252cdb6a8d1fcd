import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEry, runEry } from '../../src/app/run.ts';
import { listAudit } from '../../src/db/audit-log.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { DEMO_IDS, type Playground, startPlayground } from '../../src/playground/index.ts';

/**
 * What a newcomer sees in the playground with no model configured: the offline demo model reads
 * plain moderation requests and goes through the real pipeline (real discord.js client, tool
 * executor, authorisation against the requester's permissions, the playground's REST, the audit
 * log in a real SQLite file), then tells the requester how it went.
 */
setDefaultTimeout(30_000);

const { users, channels, roles, guildId } = DEMO_IDS;
let dir: string;
let playground: Playground;
let ery: RunningEry;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ery-demo-'));
  playground = await startPlayground();
  ery = await runEry({
    env: loadEnv({
      ERY_DB_PATH: join(dir, 'ery.db'),
      ERY_BATCH_WINDOW_MS: '200',
      ERY_COOLDOWN_MS: '50',
    }),
    logger: silentLogger,
    ops: false,
    target: { apiUrl: playground.apiUrl, token: playground.botToken },
  });
});
afterAll(async () => {
  await ery?.stop();
  await playground?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** `authorId` asks Ery in #general; resolves with Ery's reply to that message. */
async function ask(authorId: string, content: string) {
  const request = playground.postMessage({ channelId: channels.general, authorId, content });
  const reply = await playground.waitFor(
    (event) =>
      event.type === 'message.created' &&
      event.actorId === users.ery &&
      event.message.replyTo?.id === request.id,
    15_000,
  );
  if (reply.type !== 'message.created') throw new Error('not a message');
  return { request, reply: reply.message.content };
}

const auditRow = (tool: string, requestId: string) =>
  listAudit(ery.core.db, { limit: 100 }).find(
    (row) => row.tool === tool && row.requestedByMessageId === requestId,
  );

describe('GIVEN the playground and no model configured', () => {
  test('WHEN Alice, a member, asks Ery to ban Bob THEN Bob stays, Alice is told why, and the call is audited as denied', async () => {
    const { request, reply } = await ask(users.alice, `<@${users.ery}> ban <@${users.bob}>`);
    expect(reply).toContain("I can't ban Bob: you need the Ban Members permission");
    expect(reply).toContain('Ban Members permission');
    expect(reply).toContain('not an AI');
    expect(playground.state.bans(guildId)).toEqual([]);
    expect(auditRow('ban_member', request.id)).toMatchObject({
      decision: 'denied',
      requesterId: users.alice,
    });
  });

  test('WHEN Max, a moderator, asks Ery to time Bob out for 10 minutes THEN Bob is timed out for 10 minutes, audited, and Max is told', async () => {
    const before = Date.now();
    const { request, reply } = await ask(
      users.moderator,
      `<@${users.ery}> time out <@${users.bob}> for 10 minutes`,
    );
    const after = Date.now();
    expect(reply).toStartWith('Timed out Bob for 10 minutes.');
    const until = playground.state.member(guildId, users.bob)?.communicationDisabledUntil ?? 0;
    // Ten minutes from the moment Ery acted, which lies between the request and the reply.
    expect(until).toBeGreaterThanOrEqual(before + 600_000);
    expect(until).toBeLessThanOrEqual(after + 600_000);
    expect(auditRow('timeout_member', request.id)).toMatchObject({
      decision: 'allowed',
      outcome: 'ok',
      requesterId: users.moderator,
    });
  });

  test('WHEN Max asks Ery to give Bob the Helper role THEN Bob has it', async () => {
    const { reply } = await ask(users.moderator, `<@${users.ery}> give <@${users.bob}> the Helper role`);
    expect(reply).toStartWith('Gave Bob the Helper role.');
    expect(playground.state.member(guildId, users.bob)?.roleIds).toContain(roles.helper);
  });

  test('WHEN the owner asks Ery to ban Bob THEN Bob is banned with the reason', async () => {
    const { request, reply } = await ask(users.owner, `<@${users.ery}> ban <@${users.bob}> for spamming`);
    expect(reply).toStartWith('Banned Bob: spamming.');
    expect(playground.state.bans(guildId).map((ban) => ban.userId)).toEqual([users.bob]);
    expect(auditRow('ban_member', request.id)).toMatchObject({ decision: 'allowed', outcome: 'ok' });
  });
});
