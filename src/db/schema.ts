import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { CHANNEL_STATES, THREAD_STATUSES, THREAD_TRIGGERS } from '../../machines/channel.types.ts';
import { AUDIT_OUTCOMES } from '../tools/audit-sink.ts';
import { DECISION_KINDS } from '../tools/decision.ts';

/** Time columns hold ms since the epoch. */
const time = (name: string) => integer(name);

/**
 * One row per channel actor: its latest persisted snapshot. `status` mirrors the machine's
 * top-level state so start-up can find the channels to resume without parsing every snapshot.
 */
export const channels = sqliteTable(
  'channels',
  {
    channelId: text('channel_id').primaryKey(),
    /** The server's id, or `@me` for a direct message channel (src/domain/direct-message.ts). */
    guildId: text('guild_id').notNull(),
    /** Version of machines/channel.machine.ts that wrote `snapshot`; persisted snapshots carry none. */
    machineVersion: integer('machine_version').notNull(),
    status: text('status', { enum: CHANNEL_STATES }).notNull(),
    snapshot: text('snapshot', { mode: 'json' }).notNull(),
    /** Sequence number of the last event written to `channel_events` for this channel. */
    lastEventSeq: integer('last_event_seq').notNull().default(0),
    /** When the channel's ready batch began waiting for a run permit; keeps the queue order across restarts. */
    permitRequestedAt: time('permit_requested_at'),
    updatedAt: time('updated_at').notNull(),
    reapedAt: time('reaped_at'),
  },
  (table) => [index('channels_status_idx').on(table.status)],
);

/** Append-only log of every event each channel actor processed, enough to rebuild any past state. */
export const channelEvents = sqliteTable(
  'channel_events',
  {
    channelId: text('channel_id').notNull(),
    seq: integer('seq').notNull(),
    at: time('at').notNull(),
    type: text('type').notNull(),
    event: text('event', { mode: 'json' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.channelId, table.seq] }),
    // Partial: only each actor's start (`xstate.init`, a few per channel) is indexed, so writing
    // the other events costs nothing more. The inspector finds where the live actor began (to
    // replay its events since) and which restarts cut a thread off, without scanning the log.
    index('channel_events_init_idx').on(table.channelId, table.seq).where(sql`type = 'xstate.init'`),
  ],
);

/**
 * A digest of a channel's snapshot right after event `seq` of its log, written with a channel row
 * (which keeps only the latest snapshot) that marks a step of its life (actors/supervisor/
 * checkpoint-steps.ts): the points `ery replay --verify` compares a replay of the log against.
 * `digest` is a `SnapshotDigest` (actors/supervisor/checkpoint.ts).
 */
export const channelCheckpoints = sqliteTable(
  'channel_checkpoints',
  {
    channelId: text('channel_id').notNull(),
    seq: integer('seq').notNull(),
    at: time('at').notNull(),
    /** Version of machines/channel.machine.ts that wrote the snapshot. */
    machineVersion: integer('machine_version').notNull(),
    digest: text('digest', { mode: 'json' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.channelId, table.seq] })],
);

/** One row per agent task thread. */
export const threads = sqliteTable(
  'threads',
  {
    id: text('id').primaryKey(),
    channelId: text('channel_id').notNull(),
    guildId: text('guild_id').notNull(),
    trigger: text('trigger', { enum: THREAD_TRIGGERS }).notNull(),
    messageIds: text('message_ids', { mode: 'json' }).$type<string[]>().notNull(),
    status: text('status', { enum: THREAD_STATUSES }).notNull(),
    startedAt: time('started_at').notNull(),
    endedAt: time('ended_at'),
    error: text('error'),
    model: text('model'),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
  },
  (table) => [index('threads_channel_idx').on(table.channelId, table.startedAt)],
);

/** Layered settings: `global` (scope_id ''), `guild` or `channel`. `values` is validated by zod on read. */
export const configOverrides = sqliteTable(
  'config_overrides',
  {
    scope: text('scope', { enum: ['global', 'guild', 'channel'] }).notNull(),
    scopeId: text('scope_id').notNull(),
    values: text('values', { mode: 'json' }).notNull(),
    updatedAt: time('updated_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.scope, table.scopeId] })],
);

/**
 * Durable execution log of agent threads: each model response and each tool result, keyed by
 * thread + step + call, so a thread that runs again after a crash replays instead of repeating.
 */
export const threadSteps = sqliteTable(
  'thread_steps',
  {
    /** `${threadId}:${step}:${callId}`; callId is `model` for the model's response. */
    key: text('key').primaryKey(),
    threadId: text('thread_id').notNull(),
    step: integer('step').notNull(),
    kind: text('kind', { enum: ['model', 'tool'] }).notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    at: time('at').notNull(),
  },
  (table) => [index('thread_steps_thread_idx').on(table.threadId, table.step)],
);

/** Every tool call the model made, allowed or not, with who asked and what happened. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    threadId: text('thread_id').notNull(),
    /** The server's id, or `@me` for a call made in a direct message (src/domain/direct-message.ts). */
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    step: integer('step').notNull(),
    callId: text('call_id').notNull(),
    tool: text('tool').notNull(),
    arguments: text('arguments', { mode: 'json' }).notNull(),
    requesterId: text('requester_id'),
    requestedByMessageId: text('requested_by_message_id'),
    decision: text('decision', { enum: DECISION_KINDS }).notNull(),
    /** Why a call was denied or invalid, in words a moderator can read. */
    reason: text('reason'),
    outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
    result: text('result', { mode: 'json' }),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    at: time('at').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (table) => [
    index('audit_thread_idx').on(table.threadId),
    index('audit_guild_idx').on(table.guildId, table.at),
  ],
);

/** Each server's policy: rules for the prompt, role grants, autonomous moderation, allowed mentions. */
export const guildPolicies = sqliteTable('guild_policies', {
  guildId: text('guild_id').primaryKey(),
  /** Validated by `GuildPolicy` (src/domain/guild-policy.ts) on every read. */
  policy: text('policy', { mode: 'json' }).notNull(),
  updatedAt: time('updated_at').notNull(),
});

/**
 * Each server's settings from `/ery config` (src/domain/server-settings.ts): persona, the channels
 * Ery answers in, mention-only mode, the mod-log channel. Validated on read.
 */
export const serverSettings = sqliteTable('server_settings', {
  guildId: text('guild_id').primaryKey(),
  settings: text('settings', { mode: 'json' }).notNull(),
  updatedAt: time('updated_at').notNull(),
});

/**
 * The recent-message buffers (src/history): each channel's last messages as the gateway delivered
 * them, so a restarted Ery reads channel history without REST (issue 10). `message` is a
 * `HistoryMessage`.
 */
export const recentMessages = sqliteTable(
  'recent_messages',
  {
    channelId: text('channel_id').notNull(),
    messageId: text('message_id').notNull(),
    message: text('message', { mode: 'json' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.channelId, table.messageId] })],
);

/** How far back each stored buffer is complete (`complete_from`, `'0'`: the channel's start). */
export const recentMessageBuffers = sqliteTable('recent_message_buffers', {
  channelId: text('channel_id').primaryKey(),
  completeFrom: text('complete_from'),
});

/**
 * Spend caps (issue 11 §6): one row per model call Ery really made (a reply replayed from the step
 * log is not a call), with its tokens, so a server's usage over any window is a sum that survives
 * restarts. Written as the reply arrives, not when the thread ends, so a thread cut off by a crash
 * still counts what it spent.
 */
export const tokenUsage = sqliteTable(
  'token_usage',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    threadId: text('thread_id').notNull(),
    step: integer('step').notNull(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    model: text('model').notNull(),
    promptTokens: integer('prompt_tokens').notNull(),
    completionTokens: integer('completion_tokens').notNull(),
    at: time('at').notNull(),
  },
  (table) => [index('token_usage_guild_idx').on(table.guildId, table.at)],
);

/**
 * Each model call's tokens as charged to the members who caused it (src/budgets/shares.ts): the
 * human authors of the batch the thread was given. Shares of one call add up to its tokens.
 */
export const memberTokenCharges = sqliteTable(
  'member_token_charges',
  {
    usageId: integer('usage_id')
      .notNull()
      .references(() => tokenUsage.id, { onDelete: 'cascade' }),
    guildId: text('guild_id').notNull(),
    memberId: text('member_id').notNull(),
    tokens: integer('tokens').notNull(),
    at: time('at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.usageId, table.memberId] }),
    index('member_token_charges_member_idx').on(table.guildId, table.memberId, table.at),
  ],
);

/**
 * A server's own token budgets; a null column falls back to the env default
 * (`ERY_BUDGET_GUILD_TOKENS_PER_DAY`, `ERY_BUDGET_MEMBER_TOKENS_PER_HOUR`); 0 means unlimited.
 */
export const budgetLimits = sqliteTable('budget_limits', {
  guildId: text('guild_id').primaryKey(),
  guildTokensPerDay: integer('guild_tokens_per_day'),
  memberTokensPerHour: integer('member_tokens_per_hour'),
  updatedAt: time('updated_at').notNull(),
});

/**
 * That Ery said a budget is spent: one row per scope (`guild`, or `member` with its id; '' for the
 * server) and window (its start, ms), so it says so once per window, across restarts. Claimed by a
 * thread before it sends; `message_id` is set once the notice is posted.
 */
export const budgetNotices = sqliteTable(
  'budget_notices',
  {
    scope: text('scope', { enum: ['guild', 'member'] }).notNull(),
    guildId: text('guild_id').notNull(),
    memberId: text('member_id').notNull(),
    windowStart: time('window_start').notNull(),
    threadId: text('thread_id').notNull(),
    channelId: text('channel_id').notNull(),
    messageId: text('message_id'),
    at: time('at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.scope, table.guildId, table.memberId, table.windowStart] })],
);

/**
 * Members Ery has seen join (Discord GUILD_MEMBER_ADD, issue 12 §1): one row per server, member and
 * join time, claimed before a join is welcomed or counted toward a raid, so a dispatch replayed
 * after a resume or a restart is never welcomed twice. A member who leaves and joins again has a new
 * `joined_at`, and a new row.
 */
export const memberJoins = sqliteTable(
  'member_joins',
  {
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    joinedAt: time('joined_at').notNull(),
    /** When Ery saw the join, by its clock (ms). */
    seenAt: time('seen_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.guildId, table.userId, table.joinedAt] })],
);

/**
 * Ery's own user id as Discord's READY last gave it for a token, so a restarted Ery knows who it is
 * before the gateway is ready (resumed threads mark its messages in the history they send the
 * model). Keyed by the SHA-256 of the token, never the token: another token (a reset, another bot)
 * finds no row and waits for READY.
 */
export const botIdentities = sqliteTable('bot_identities', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull(),
  seenAt: time('seen_at').notNull(),
});
