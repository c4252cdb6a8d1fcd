import { describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.ts';
import { forgetGuilds } from '../../src/db/forget-guilds.ts';
import {
  auditLog,
  budgetLimits,
  budgetNotices,
  channelCheckpoints,
  channelEvents,
  channels,
  configOverrides,
  memberJoins,
  recentMessageBuffers,
  recentMessages,
  threadSteps,
  threads,
  tokenUsage,
} from '../../src/db/schema.ts';

describe('forgetting a server', () => {
  test('GIVEN channels, events, recent messages, threads and steps in two servers WHEN one server is forgotten THEN only its channel state goes, settings and audit stay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ery-forget-'));
    try {
      const db = openDatabase(join(dir, 'ery.db'));
      for (const [guildId, channelId] of [
        ['10', '100'],
        ['20', '200'],
      ] as const) {
        db.insert(channels)
          .values({ channelId, guildId, machineVersion: 1, status: 'batching', snapshot: {}, updatedAt: 0 })
          .run();
        db.insert(channelEvents)
          .values({ channelId, seq: 1, at: 0, type: 'message.received', event: {} })
          .run();
        db.insert(recentMessageBuffers).values({ channelId, completeFrom: '0' }).run();
        db.insert(recentMessages)
          .values({ channelId, messageId: `${channelId}1`, message: {} })
          .run();
        db.insert(channelCheckpoints)
          .values({ channelId, seq: 1, at: 0, machineVersion: 1, digest: {} })
          .run();
        db.insert(threads)
          .values({
            id: `t-${guildId}`,
            channelId,
            guildId,
            trigger: 'mention',
            messageIds: ['1'],
            status: 'running',
            startedAt: 0,
          })
          .run();
        db.insert(threadSteps)
          .values({
            key: `t-${guildId}:0:model`,
            threadId: `t-${guildId}`,
            step: 0,
            kind: 'model',
            payload: {},
            at: 0,
          })
          .run();
        db.insert(auditLog)
          .values({
            threadId: `t-${guildId}`,
            guildId,
            channelId,
            step: 0,
            callId: 'c',
            tool: 'send_message',
            arguments: {},
            decision: 'allowed',
            outcome: 'ok',
            durationMs: 1,
          })
          .run();
        db.$client.run(
          `INSERT INTO token_usage (thread_id, step, guild_id, channel_id, model, prompt_tokens, completion_tokens, at)
           VALUES ('t-${guildId}', 1, '${guildId}', '${channelId}', 'm', 10, 5, 0)`,
        );
        db.$client.run(
          `INSERT INTO member_token_charges (usage_id, guild_id, member_id, tokens, at)
           VALUES (last_insert_rowid(), '${guildId}', '7', 15, 0)`,
        );
        db.insert(budgetNotices)
          .values({
            scope: 'guild',
            guildId,
            memberId: '',
            windowStart: 0,
            threadId: `t-${guildId}`,
            channelId,
            at: 0,
          })
          .run();
        db.insert(budgetLimits).values({ guildId, guildTokensPerDay: 5, updatedAt: 0 }).run();
        db.insert(memberJoins).values({ guildId, userId: '7', joinedAt: 0, seenAt: 0 }).run();
      }
      db.insert(configOverrides)
        .values({ scope: 'guild', scopeId: '10', values: { batchSize: 2 }, updatedAt: 0 })
        .run();

      expect(forgetGuilds(db, ['10'])).toEqual({
        channels: 1,
        channelEvents: 1,
        channelCheckpoints: 1,
        threads: 1,
        threadSteps: 1,
        recentMessages: 1,
        tokenUsage: 1,
        budgetNotices: 1,
        memberJoins: 1,
      });
      const column = (query: string) => db.$client.query(query).values().flat();
      expect(column('SELECT channel_id FROM recent_messages')).toEqual(['200']);
      expect(column('SELECT channel_id FROM recent_message_buffers')).toEqual(['200']);
      expect(column('SELECT channel_id FROM channels')).toEqual(['200']);
      expect(column('SELECT channel_id FROM channel_events')).toEqual(['200']);
      expect(column('SELECT channel_id FROM channel_checkpoints')).toEqual(['200']);
      expect(column('SELECT id FROM threads')).toEqual(['t-20']);
      expect(column('SELECT thread_id FROM thread_steps')).toEqual(['t-20']);
      expect(db.select().from(auditLog).all()).toHaveLength(2);
      expect(column('SELECT guild_id FROM token_usage')).toEqual(['20']);
      expect(column('SELECT guild_id FROM member_token_charges')).toEqual(['20']);
      expect(column('SELECT guild_id FROM budget_notices')).toEqual(['20']);
      expect(column('SELECT guild_id FROM member_joins')).toEqual(['20']);
      // Limits are settings: kept.
      expect(db.select().from(budgetLimits).all()).toHaveLength(2);
      expect(db.select().from(tokenUsage).all()).toHaveLength(1);
      expect(db.select().from(configOverrides).all()).toHaveLength(1);
      expect(forgetGuilds(db, [])).toEqual({
        channels: 0,
        channelEvents: 0,
        channelCheckpoints: 0,
        threads: 0,
        threadSteps: 0,
        recentMessages: 0,
        tokenUsage: 0,
        budgetNotices: 0,
        memberJoins: 0,
      });
      db.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
