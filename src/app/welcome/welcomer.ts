import type { Clock } from '../../../actors/clock.ts';
import type { MemberJoined } from '../../discord/member-joins.ts';
import type { GuildPolicy } from '../../domain/guild-policy.ts';
import type { ChatMessage } from '../../domain/message.ts';
import { snowflakeAt } from '../../domain/snowflake-time.ts';
import { welcomeMode } from '../../domain/welcome-policy.ts';
import { renderWelcome } from '../../domain/welcome-template.ts';
import type { Logger } from '../../logger.ts';
import type { ToolExecutor } from '../../tools/tool-call.ts';
import type { ModLog } from '../mod-log/mod-log-port.ts';
import { JoinGate, type RaidSummary } from './join-gate.ts';
import { raidLine } from './raid-line.ts';

/** What the welcomer needs; each is required. */
export interface WelcomerDeps {
  policyFor: (guildId: string) => GuildPolicy;
  /** Claims a join once (src/db/member-join-store.ts): false for a join seen before. */
  joins: { claim(key: { guildId: string; userId: string; joinedAt: number }, seenAt: number): boolean };
  clock: Clock;
  /** The tool pipeline templates are sent through: authorised and audited like the model's calls. */
  tools: () => ToolExecutor;
  /** Hands a join to the welcome channel's actor (the supervisor's `member.joined`). */
  toChannel: (item: ChatMessage) => void;
  /** The server a channel belongs to (Discord's channel object), null for a DM; throws when unknown. */
  serverOf: (channelId: string) => Promise<string | null>;
  modLog: ModLog;
  logger: Logger;
}

/**
 * Welcomes members who join, as each server's policy says (issue 12 §1): bots never; a join seen
 * before (a replayed GUILD_MEMBER_ADD) never again; every other join waits in a {@link JoinGate}, so
 * the joins of a raid are summed up in the mod-log instead of welcomed. A template is then posted
 * with `send_message` through the tool pipeline, as Ery's own action; an instruction goes to the
 * welcome channel's actor as `member.joined`, and the model writes the welcome.
 */
export class Welcomer {
  readonly #gate: JoinGate<MemberJoined>;
  readonly #stopping = new AbortController();

  constructor(private readonly deps: WelcomerDeps) {
    for (const key of [
      'policyFor',
      'joins',
      'clock',
      'tools',
      'toChannel',
      'serverOf',
      'modLog',
      'logger',
    ] as const) {
      if (!deps?.[key]) throw new TypeError(`Welcomer: ${key} is required`);
    }
    this.#gate = new JoinGate({
      clock: deps.clock,
      welcome: (join) => void this.#welcome(join),
      raid: (summary) => this.#report(summary),
    });
  }

  /** Takes one GUILD_MEMBER_ADD. Never throws: a failure is logged. */
  join(join: MemberJoined): void {
    const { logger } = this.deps;
    const fields = { guildId: join.guildId, userId: join.userId };
    try {
      if (join.bot) {
        logger.debug({ event: 'welcome.bot_skipped', ...fields }, 'a bot joined: not welcomed');
        return;
      }
      const policy = this.deps.policyFor(join.guildId).welcome;
      const mode = welcomeMode(policy);
      if (mode.kind === 'off') {
        logger.debug({ event: 'welcome.off', ...fields, reason: mode.reason }, 'member joined: no welcome');
        return;
      }
      if (!this.deps.joins.claim(join, this.deps.clock.now())) {
        logger.info({ event: 'welcome.duplicate', ...fields }, 'join seen before (a replayed dispatch)');
        return;
      }
      this.#gate.add(join, policy.raid);
    } catch (error) {
      logger.error({ event: 'welcome.join_failed', ...fields, err: error }, 'member join not handled');
    }
  }

  /** Drops waiting welcomes and open raids and aborts sends in flight. */
  stop(): void {
    this.#stopping.abort();
    this.#gate.stop();
  }

  async #welcome(join: MemberJoined): Promise<void> {
    const { logger } = this.deps;
    const fields = { guildId: join.guildId, userId: join.userId };
    try {
      // Read again: the policy may have changed while the welcome waited.
      const mode = welcomeMode(this.deps.policyFor(join.guildId).welcome);
      if (mode.kind === 'off') return;
      // The policy names the channel by id, and the ops API cannot check it: a channel of another
      // server (or a DM) would carry this server's welcome out of it.
      let server: string | null;
      try {
        server = await this.deps.serverOf(mode.channelId);
      } catch (error) {
        logger.warn(
          { event: 'welcome.channel_unreadable', ...fields, channelId: mode.channelId, err: error },
          'welcome not sent: the welcome channel could not be read; give Ery View Channel there, or set welcome.channel again',
        );
        return;
      }
      if (server !== join.guildId) {
        logger.warn(
          { event: 'welcome.channel_elsewhere', ...fields, channelId: mode.channelId },
          'welcome not sent: its channel is not in this server; set welcome.channel again',
        );
        return;
      }
      if (mode.kind === 'instruction') {
        this.deps.toChannel(joinItem(join, mode.channelId, mode.instruction));
        logger.info(
          { event: 'welcome.to_model', ...fields, channelId: mode.channelId },
          'welcome asked of the model',
        );
        return;
      }
      const content = renderWelcome(mode.template, {
        userId: join.userId,
        name: join.name,
        server: join.guildName,
      });
      const result = await this.deps.tools().execute(
        {
          guildId: join.guildId,
          channelId: mode.channelId,
          batch: [],
          signal: this.#stopping.signal,
          // The same for a rerun of the same join: the message's nonce comes from it.
          threadId: `welcome-${join.guildId}-${join.userId}-${join.joinedAt}`,
          step: 0,
        },
        { id: 'welcome', name: 'send_message', arguments: JSON.stringify({ content }) },
      );
      if (result.ok)
        logger.info({ event: 'welcome.sent', ...fields, channelId: mode.channelId }, 'member welcomed');
      else
        logger.warn(
          { event: 'welcome.send_failed', ...fields, channelId: mode.channelId, result: result.content },
          'welcome not sent',
        );
    } catch (error) {
      if (this.#stopping.signal.aborted) return;
      logger.error({ event: 'welcome.failed', ...fields, err: error }, 'welcome failed');
    }
  }

  #report(summary: RaidSummary): void {
    const { logger, modLog } = this.deps;
    const { guildId, count, names, firstAt, lastAt } = summary;
    logger.warn(
      { event: 'welcome.raid', guildId, count, names, firstAt, lastAt, windowMs: summary.windowMs },
      `raid: ${count} members joined; none welcomed`,
    );
    let channelId: string | null;
    try {
      channelId = modLog.channelFor(guildId);
    } catch (error) {
      logger.error(
        { event: 'welcome.raid.modlog_unreadable', guildId, err: error },
        'mod-log channel unknown',
      );
      return;
    }
    if (!channelId) return;
    modLog
      .post(channelId, raidLine(summary))
      .catch((error: unknown) =>
        logger.warn(
          { event: 'modlog.post_failed', guildId, channelId, err: error },
          'could not post the raid summary to the mod-log channel; give Ery Send Messages there, or /ery config set mod_log',
        ),
      );
  }
}

/**
 * The join as a batch item of the welcome channel: `author` is who joined, `join` carries the
 * instruction, and the id is a snowflake of the join time with the member's id in its low bits, so
 * the same join always has the same id.
 */
export function joinItem(join: MemberJoined, channelId: string, instruction: string): ChatMessage {
  const id = snowflakeAt(join.joinedAt, BigInt(join.userId));
  return {
    id,
    channelId,
    guildId: join.guildId,
    author: { id: join.userId, name: join.name, bot: false },
    content: '',
    mentions: { users: [], roles: [], everyone: false },
    replyToId: null,
    mentionsBot: false,
    createdAt: join.joinedAt,
    join: { instruction },
  };
}
