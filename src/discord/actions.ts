import { type APIMessage, Client, type Message, makeURLSearchParams, Routes } from 'discord.js';
import { MAX_BAN_DELETE_SECONDS, MAX_MESSAGE_LENGTH, MAX_NONCE_LENGTH } from '../domain/discord-limits.ts';
import type { Logger } from '../logger.ts';
import { isAbortReason, step } from './abort.ts';
import { auditReason, check, MAX_TIMEOUT_MS, resolveGuild, resolveTextChannel } from './action-support.ts';
import { channelActions } from './channel-info.ts';
import { type ActionContext, toDiscordActionError } from './error-map.ts';
import { DiscordActionError } from './errors.ts';
import { isHistoryMessage, toGuildInfo, toHistoryMessage, toMemberInfo, toSentMessage } from './info.ts';
import type { DiscordActions } from './port.ts';
import { buildMessage } from './raw-messages.ts';
import { withinRestBudget } from './rest-budget.ts';

/**
 * Runs `body` under its REST budget (rest-budget.ts), letting an abort through as is and turning
 * every other failure into a DiscordActionError.
 */
async function run<T>(
  context: ActionContext,
  signal: AbortSignal | undefined,
  body: () => Promise<T>,
): Promise<T> {
  try {
    signal?.throwIfAborted();
    return await withinRestBudget(signal, body);
  } catch (error) {
    if (isAbortReason(error, signal)) throw error;
    throw toDiscordActionError(error, context);
  }
}

/** Where a moderation failure usually comes from, for the hint an admin reads. */
function above(permission: string, extra = ''): string {
  return `give Ery's role the ${permission} permission and move it above the target's highest role${extra}`;
}

/** The words of a role change, by direction: the action an error names and the hint's last word. */
const ROLE_CHANGE = {
  add: { action: (role: string, user: string) => `give role ${role} to user ${user}`, never: 'given' },
  remove: {
    action: (role: string, user: string) => `remove role ${role} from user ${user}`,
    never: 'removed',
  },
} as const;

/** `addRole` or `removeRole`: the same checks and hint, one word and one discord.js method apart. */
function roleChange(client: Client, change: keyof typeof ROLE_CHANGE): DiscordActions['addRole'] {
  const words = ROLE_CHANGE[change];
  return ({ guildId, userId, roleId, reason }, signal) => {
    const context = {
      action: `${words.action(roleId, userId)} in server ${guildId}`,
      permissionHint: `give Ery's role the Manage Roles permission and move it above role ${roleId} (managed roles can never be ${words.never})`,
    };
    return run(context, signal, async () => {
      const guild = await step(signal, () => resolveGuild(client, guildId));
      const options = { user: userId, role: roleId, reason: auditReason(reason) };
      await step(signal, () =>
        change === 'add' ? guild.members.addRole(options) : guild.members.removeRole(options),
      );
    });
  };
}

/**
 * Implements the {@link DiscordActions} port with a logged-in discord.js client. Every method checks
 * its signal before and after each await, passes the audit-log reason where Discord takes one, and
 * fails only with `DiscordActionError` (or the signal's reason when aborted).
 */
export function createDiscordActions(client: Client, options: { logger?: Logger } = {}): DiscordActions {
  const { logger } = options;
  if (!(client instanceof Client))
    throw new TypeError('createDiscordActions: a discord.js Client is required');

  return {
    get botUserId(): string {
      const id = client.user?.id;
      if (!id) throw new TypeError('createDiscordActions: the client is not logged in yet (no botUserId)');
      return id;
    },

    sendMessage(input, signal) {
      const { channelId, replyToId, nonce } = input;
      const context = {
        action: `send a message in channel ${channelId}`,
        permissionHint: `give Ery the View Channel, Send Messages${replyToId ? ' and Read Message History' : ''} permissions in channel ${channelId}`,
      };
      return run(context, signal, async () => {
        check(
          nonce === undefined || (nonce.length > 0 && nonce.length <= MAX_NONCE_LENGTH),
          `a nonce has 1 to ${MAX_NONCE_LENGTH} characters`,
        );
        check(
          input.content.length <= MAX_MESSAGE_LENGTH,
          `a message has at most ${MAX_MESSAGE_LENGTH} characters; split it first (splitMessage)`,
        );
        const channel = await step(signal, () => resolveTextChannel(client, channelId));
        const sent: Message = await step(
          signal,
          (): Promise<Message> =>
            channel.send({
              content: input.content,
              allowedMentions: { parse: input.allowedMentions?.parse ?? ['users'], repliedUser: true },
              ...(replyToId ? { reply: { messageReference: replyToId, failIfNotExists: false } } : {}),
              ...(nonce ? { nonce, enforceNonce: true } : {}),
            }),
        );
        return toSentMessage(sent);
      });
    },

    sendTyping({ channelId }, signal) {
      const context = {
        action: `show typing in channel ${channelId}`,
        permissionHint: `give Ery the View Channel and Send Messages permissions in channel ${channelId}`,
      };
      return run(context, signal, async () => {
        const channel = await step(signal, () => resolveTextChannel(client, channelId));
        await step(signal, () => channel.sendTyping());
      });
    },

    addReaction({ channelId, messageId, emoji }, signal) {
      const context = {
        action: `react with ${emoji} to message ${messageId}`,
        permissionHint: `give Ery the Add Reactions and Read Message History permissions in channel ${channelId}`,
      };
      return run(context, signal, async () => {
        const channel = await step(signal, () => resolveTextChannel(client, channelId));
        await step(signal, () => channel.messages.react(messageId, emoji));
      });
    },

    fetchMessages({ channelId, limit, before, after, around }, signal) {
      const context = {
        action: `read the history of channel ${channelId}`,
        permissionHint: `give Ery the View Channel and Read Message History permissions in channel ${channelId}`,
      };
      return run(context, signal, async () => {
        const anchors = { before, after, around };
        const given = Object.entries(anchors).filter(([, id]) => id !== undefined);
        check(
          given.length <= 1,
          'Give at most one of before, after and around (Discord reads one side at a time).',
        );
        const channel = await step(signal, () => resolveTextChannel(client, channelId));
        const bounded = Math.min(100, Math.max(1, Math.trunc(limit)));
        const raw = (await step(signal, () =>
          client.rest.get(Routes.channelMessages(channelId), {
            query: makeURLSearchParams({ limit: bounded, ...Object.fromEntries(given) }),
          }),
        )) as APIMessage[];
        // Built one by one, so a message discord.js cannot read costs only itself.
        const messages = raw.flatMap((data) => {
          try {
            return [buildMessage(channel, data)];
          } catch (error) {
            logger?.warn(
              { event: 'discord.history.message_unreadable', messageId: data?.id, channelId, err: error },
              'message left out of channel history: discord.js cannot read its shape',
            );
            return [];
          }
        });
        // Discord answers newest first; history reads oldest first.
        return messages
          .filter(isHistoryMessage)
          .sort((a, b) => a.createdTimestamp - b.createdTimestamp || (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
          .map((message) => toHistoryMessage(message, logger));
      });
    },

    fetchMessage({ channelId, messageId }, signal) {
      const context = {
        action: `read message ${messageId} in channel ${channelId}`,
        permissionHint: `give Ery the View Channel and Read Message History permissions in channel ${channelId}`,
      };
      return run(context, signal, async () => {
        const channel = await step(signal, () => resolveTextChannel(client, channelId));
        const raw = (await step(signal, () =>
          client.rest.get(Routes.channelMessage(channelId, messageId)),
        )) as APIMessage;
        let message: Message;
        try {
          message = buildMessage(channel, raw);
        } catch (error) {
          throw new DiscordActionError(
            'UNREADABLE_MESSAGE',
            `Could not ${context.action}: Discord sent it in a shape Ery cannot read (${error instanceof Error ? error.message : String(error)}); this is not a mistake in the request.`,
            {},
            { cause: error },
          );
        }
        return toHistoryMessage(message, logger);
      });
    },

    ...channelActions(client, run),

    getMember({ guildId, userId }, signal) {
      const context = {
        action: `look up member ${userId} in server ${guildId}`,
        permissionHint: `check that Ery is still in server ${guildId} and has the Server Members intent`,
      };
      return run(context, signal, async () => {
        const guild = await step(signal, () => resolveGuild(client, guildId));
        // force: a cached member may hold a stale timeout or role list.
        const member = await step(signal, () => guild.members.fetch({ user: userId, force: true }));
        return toMemberInfo(member);
      });
    },

    getGuild({ guildId }, signal) {
      const context = {
        action: `look up server ${guildId}`,
        permissionHint: `check that Ery is still in server ${guildId}`,
      };
      return run(context, signal, async () => {
        // A guild known from the gateway has a complete channel cache (Guilds intent); one that is
        // not needs its channels fetched.
        const fromGateway = client.guilds.cache.has(guildId);
        const guild = await step(signal, () =>
          client.guilds.fetch({ guild: guildId, withCounts: true, force: true }),
        );
        // Threads are channels to discord.js's cache, not to the server's channel list.
        const channelCount = fromGateway
          ? guild.channels.cache.filter((channel) => !channel.isThread()).size
          : (await step(signal, () => guild.channels.fetch())).size;
        return toGuildInfo(guild, { channelCount });
      });
    },

    ban({ guildId, userId, reason, deleteMessageSeconds }, signal) {
      const context = {
        action: `ban user ${userId} from server ${guildId}`,
        permissionHint: above('Ban Members', ' (the server owner can never be banned)'),
      };
      return run(context, signal, async () => {
        const seconds = deleteMessageSeconds ?? 0;
        check(
          Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_BAN_DELETE_SECONDS,
          `deleteMessageSeconds must be a whole number from 0 to ${MAX_BAN_DELETE_SECONDS} (7 days)`,
        );
        const guild = await step(signal, () => resolveGuild(client, guildId));
        await step(signal, () =>
          guild.bans.create(userId, { deleteMessageSeconds: seconds, reason: auditReason(reason) }),
        );
      });
    },

    kick({ guildId, userId, reason }, signal) {
      const context = {
        action: `kick user ${userId} from server ${guildId}`,
        permissionHint: above('Kick Members', ' (the server owner can never be kicked)'),
      };
      return run(context, signal, async () => {
        const guild = await step(signal, () => resolveGuild(client, guildId));
        await step(signal, () => guild.members.kick(userId, auditReason(reason)));
      });
    },

    timeout({ guildId, userId, until, reason }, signal) {
      const context = {
        action: `${until === null ? 'lift the timeout of' : 'time out'} user ${userId} in server ${guildId}`,
        permissionHint: above('Timeout Members', ' (administrators and the owner cannot be timed out)'),
      };
      return run(context, signal, async () => {
        check(
          until === null || (Number.isFinite(until) && until <= Date.now() + MAX_TIMEOUT_MS),
          'a timeout ends at most 28 days from now',
        );
        const guild = await step(signal, () => resolveGuild(client, guildId));
        await step(signal, () =>
          guild.members.edit(userId, {
            communicationDisabledUntil: until === null ? null : new Date(until).toISOString(),
            reason: auditReason(reason),
          }),
        );
      });
    },

    addRole: roleChange(client, 'add'),
    removeRole: roleChange(client, 'remove'),
  };
}
