import { describe, expect, test } from 'bun:test';
import { DiscordActionError } from '../../src/discord/errors.ts';
import { DiscordReadiness } from '../../src/discord/readiness.ts';
import { parseGuildPolicy } from '../../src/domain/guild-policy.ts';
import { createMemoryAuditSink } from '../../src/tools/audit-sink.ts';
import { createToolExecutor } from '../../src/tools/executor.ts';
import { messageNonce } from '../../src/tools/nonce.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { FakeDiscordActions } from '../support/fake-discord-actions.ts';
import { NOW, runContext, setup } from './fixtures/harness.ts';
import { IDS, WORLD_WITH_HISTORY } from './fixtures/world.ts';

const B = IDS.batch;
const ban = { user_id: IDS.spammer, reason: 'scam links', requested_by_message_id: B.modAsks };

describe('tool executor: audit', () => {
  test('GIVEN an allowed call THEN its audit row names the requester, the decision and the result', async () => {
    const { call, audit } = setup();
    await call('ban_member', ban);
    expect(audit.rows).toEqual([
      {
        threadId: 'thread-1',
        guildId: IDS.guild,
        channelId: IDS.general,
        step: 1,
        callId: 'call-1',
        tool: 'ban_member',
        arguments: ban,
        requesterId: IDS.mod,
        requestedByMessageId: B.modAsks,
        decision: 'allowed',
        reason: null,
        outcome: 'ok',
        result: { banned: IDS.spammer, deleted_message_seconds: 0 },
        error: null,
        durationMs: 0,
        at: NOW,
      },
    ]);
  });

  test('GIVEN a denied call THEN it is audited with its reason and no action reaches Discord', async () => {
    const { call, audit, fake } = setup();
    const result = await call('ban_member', { ...ban, requested_by_message_id: B.memberAsks });
    expect(result.body.error?.code).toBe('DENIED');
    // The rule that refused, named for code that words it for a person (the demo model).
    expect(result.body.error).toMatchObject({
      rule: 'REQUESTER_LACKS_PERMISSION',
      permission: 'Ban Members',
    });
    expect(fake.mutations).toEqual([]);
    expect(audit.rows[0]).toMatchObject({
      decision: 'denied',
      outcome: 'skipped',
      requesterId: IDS.member,
      requestedByMessageId: B.memberAsks,
      reason: expect.stringContaining('ursula may not request ban_member'),
    });
  });

  test('GIVEN an invalid call THEN it is audited as invalid with the fields named', async () => {
    const { call, audit } = setup();
    await call('kick_member', { user_id: IDS.spammer });
    expect(audit.rows[0]).toMatchObject({ decision: 'invalid', outcome: 'skipped' });
    expect(audit.rows[0]?.reason).toContain('reason: required');
  });

  test('GIVEN the audit sink fails THEN the result still reaches the model and the failure is logged', async () => {
    const { logger, lines } = captureLogger();
    const executor = createToolExecutor({
      actions: new FakeDiscordActions(WORLD_WITH_HISTORY),
      audit: {
        record() {
          throw new Error('disk full');
        },
      },
      policyFor: () => parseGuildPolicy({}),
      logger,
    });
    const result = await executor.execute(runContext({ threadId: 't', batch: [] }), {
      id: 'c',
      name: 'get_server_stats',
      arguments: '{}',
    });
    expect(result.ok).toBe(true);
    expect(lines.some((line) => line.msg === 'tool.audit_failed')).toBe(true);
  });

  test('GIVEN the guild policy cannot be loaded THEN the call is denied', async () => {
    const fake = new FakeDiscordActions(WORLD_WITH_HISTORY);
    const audit = createMemoryAuditSink();
    const executor = createToolExecutor({
      actions: fake,
      audit,
      policyFor: () => {
        throw new Error('bad policy row');
      },
    });
    const result = await executor.execute(runContext({ threadId: 't', batch: [] }), {
      id: 'c',
      name: 'send_message',
      arguments: '{"content":"hi"}',
    });
    expect(result.decision).toBe('denied');
    expect(fake.mutations).toEqual([]);
    expect(audit.rows[0]?.error).toContain('bad policy row');
  });

  test('GIVEN a missing dependency THEN construction fails at once', () => {
    expect(() =>
      createToolExecutor({ actions: new FakeDiscordActions(WORLD_WITH_HISTORY) } as never),
    ).toThrow('createToolExecutor: audit is required');
  });
});

describe('tool executor: sending', () => {
  test('GIVEN the default policy THEN sent messages may ping users only', async () => {
    const { call, fake } = setup();
    await call('send_message', { content: 'hi' });
    await call('reply_to_message', { message_id: B.modAsks, content: 'on it' });
    expect(fake.mutations.map((mutation) => mutation.input.allowedMentions)).toEqual([
      { parse: ['users'] },
      { parse: ['users'] },
    ]);
  });

  test('GIVEN a policy allowing mass mentions THEN sent messages may ping them', async () => {
    const { call, fake } = setup({ policy: { allowMentions: { everyone: true, roles: true } } });
    await call('send_message', { content: 'hi' });
    expect(fake.mutations[0]?.input.allowedMentions).toEqual({ parse: ['users', 'roles', 'everyone'] });
  });

  test('GIVEN a send THEN it carries a nonce derived from thread, step and call id', async () => {
    const { call, fake } = setup();
    await call('reply_to_message', { message_id: B.modAsks, content: 'done' });
    const nonce = fake.mutations[0]?.input.nonce as string;
    expect(nonce).toBe(messageNonce('thread-1', 1, 'call-1'));
    expect(nonce.length).toBeLessThanOrEqual(25);
    expect(fake.mutations[0]?.input.replyToId).toBe(B.modAsks);
  });

  test('GIVEN the same call run again after a crash THEN Discord dedupes it by nonce', async () => {
    const { executor, context, fake } = setup();
    const request = { id: 'call-7', name: 'send_message', arguments: '{"content":"only once"}' };
    const first = await executor.execute(context({ step: 3 }), request);
    const again = await executor.execute(context({ step: 3 }), request);
    expect(JSON.parse(again.content)).toEqual(JSON.parse(first.content));
    expect(fake.messages.get(IDS.general)?.filter((message) => message.content === 'only once')).toHaveLength(
      1,
    );
    expect(messageNonce('thread-1', 3, 'call-7')).not.toBe(messageNonce('thread-1', 4, 'call-7'));
  });

  test('GIVEN a moderation call THEN Discord’s audit-log reason names who asked', async () => {
    const { call, fake } = setup();
    await call('ban_member', ban);
    expect(fake.mutations[0]?.input.reason).toBe(`scam links (asked by mona ${IDS.mod}, via Ery)`);
  });
});

describe('tool executor: Discord failures', () => {
  test('GIVEN Discord rate limits the action THEN the result says so with the wait, audited as an error', async () => {
    const { call, fake, audit } = setup();
    fake.failNext(
      'ban',
      new DiscordActionError('RATE_LIMITED', 'You are being rate limited', { retryAfterMs: 1500 }),
    );
    const result = await call('ban_member', ban);
    expect(result).toMatchObject({ decision: 'allowed', ok: false });
    expect(result.body.error).toMatchObject({ code: 'RATE_LIMITED', retry_after_ms: 1500 });
    expect(result.body.error?.message).toContain('Wait before trying again');
    expect(audit.rows[0]).toMatchObject({ decision: 'allowed', outcome: 'error' });
    expect(audit.rows[0]?.error).toContain('You are being rate limited');
  });

  test('GIVEN Discord refuses for missing permissions THEN the model is told not to retry', async () => {
    const { call, fake } = setup();
    fake.failNext('sendMessage', new DiscordActionError('MISSING_PERMISSIONS', 'Missing Permissions'));
    const result = await call('send_message', { content: 'hi' });
    expect(result.body.error?.code).toBe('MISSING_PERMISSIONS');
    expect(result.body.error?.message).toContain('Do not retry');
  });

  test('GIVEN a Discord error that already says how to fix it THEN the model reads that once, then the next step', async () => {
    const { call, fake } = setup();
    const fix =
      'Could not send a message in channel 1: give Ery the View Channel and Send Messages permissions.';
    fake.failNext('sendMessage', new DiscordActionError('MISSING_PERMISSIONS', fix));
    const result = await call('send_message', { content: 'hi' });
    expect(result.body.error?.message).toBe(
      `${fix} Do not retry; tell the requester a server admin must fix Ery’s permissions or role.`,
    );
  });

  test('GIVEN the port fails with an unexpected error THEN the result is INTERNAL, not a throw', async () => {
    const { call, fake, audit } = setup();
    fake.failNext('kick', new TypeError('boom') as never);
    const result = await call('kick_member', { ...ban });
    expect(result.body.error?.code).toBe('INTERNAL');
    expect(audit.rows[0]).toMatchObject({ outcome: 'error', error: 'TypeError: boom' });
  });
});

describe('tool executor: abort', () => {
  test('GIVEN an aborted thread THEN execute rejects with the abort and nothing reaches Discord', async () => {
    const { executor, context, fake, audit } = setup();
    const controller = new AbortController();
    controller.abort(new Error('thread deadline'));
    const run = executor.execute(context({ signal: controller.signal }), {
      id: 'c',
      name: 'send_message',
      arguments: '{"content":"hi"}',
    });
    await expect(run).rejects.toThrow('thread deadline');
    expect(fake.mutations).toEqual([]);
    expect(audit.rows[0]).toMatchObject({ decision: 'denied', outcome: 'skipped' });
  });

  test('GIVEN an abort while the action runs THEN it is audited as allowed with an error, then rethrown', async () => {
    const { executor, context, fake, audit } = setup();
    const controller = new AbortController();
    const original = fake.ban.bind(fake);
    fake.ban = async (input, signal) => {
      controller.abort(new Error('shutdown'));
      return original(input, signal);
    };
    const run = executor.execute(context({ signal: controller.signal }), {
      id: 'c',
      name: 'ban_member',
      arguments: JSON.stringify(ban),
    });
    await expect(run).rejects.toThrow('shutdown');
    expect(audit.rows[0]).toMatchObject({ decision: 'allowed', outcome: 'error' });
  });
});

describe('tool executor: audited at the abort itself (a stop closes the database in the same turn)', () => {
  test('GIVEN a call waiting for Discord WHEN the thread aborts THEN its row is recorded before abort() returns', () => {
    const readiness = new DiscordReadiness();
    const { executor, context, audit } = setup({ ready: (signal) => readiness.wait(signal) });
    const controller = new AbortController();
    const run = executor.execute(context({ signal: controller.signal }), {
      id: 'c',
      name: 'ban_member',
      arguments: JSON.stringify(ban),
    });
    run.catch(() => {});
    controller.abort(new Error('shutdown'));
    // No await: core.stop() flushes and closes the database right after aborting the threads.
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ decision: 'denied', outcome: 'skipped' });
  });

  test('GIVEN an action on the wire WHEN the thread aborts THEN it is audited at once as allowed, may have happened, and once only', async () => {
    const { executor, context, fake, audit } = setup();
    const controller = new AbortController();
    let started!: () => void;
    const onWire = new Promise<void>((resolve) => {
      started = resolve;
    });
    let finish!: () => void;
    fake.ban = async () => {
      started();
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
    };
    const run = executor.execute(context({ signal: controller.signal }), {
      id: 'c',
      name: 'ban_member',
      arguments: JSON.stringify(ban),
    });
    await onWire;
    controller.abort(new Error('shutdown'));
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ decision: 'allowed', outcome: 'error' });
    finish();
    await expect(run).rejects.toThrow('shutdown');
    expect(audit.rows).toHaveLength(1);
  });
});

describe('tool executor: before Discord is ready (a thread resumed at start)', () => {
  test('GIVEN Discord is not ready THEN a call is authorised, run and audited only once it is', async () => {
    const readiness = new DiscordReadiness();
    const { call, fake, audit } = setup({ ready: (signal) => readiness.wait(signal) });
    const result = call('ban_member', ban);
    // The fake answers in microtasks: by the next macrotask an ungated call would be done.
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.mutations).toEqual([]);
    expect(audit.rows).toEqual([]);
    readiness.markReady();
    expect((await result).body.ok).toBe(true);
    expect(fake.mutations.map((mutation) => mutation.method)).toEqual(['ban']);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ decision: 'allowed', outcome: 'ok', requesterId: IDS.mod });
  });

  test('GIVEN the thread stops while the call waits for Discord THEN it is audited as not run and rethrown', async () => {
    const readiness = new DiscordReadiness();
    const { executor, context, fake, audit } = setup({ ready: (signal) => readiness.wait(signal) });
    const controller = new AbortController();
    const run = executor.execute(context({ signal: controller.signal }), {
      id: 'c',
      name: 'ban_member',
      arguments: JSON.stringify(ban),
    });
    controller.abort(new Error('shutdown'));
    await expect(run).rejects.toThrow('shutdown');
    expect(fake.mutations).toEqual([]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ decision: 'denied', outcome: 'skipped' });
  });

  test('GIVEN an invalid call THEN it is answered and audited without waiting for Discord', async () => {
    const readiness = new DiscordReadiness();
    const { call, audit } = setup({ ready: (signal) => readiness.wait(signal) });
    const result = await call('ban_member', { reason: 'no user' });
    expect(result.body.error?.code).toBe('INVALID_ARGUMENTS');
    expect(audit.rows[0]).toMatchObject({ decision: 'invalid' });
  });
});
