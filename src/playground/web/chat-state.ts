/**
 * `GET /chat/state` and the items of `GET /chat/events`: both read the playground at one instant,
 * so an item carries the message or member as it was right after its event.
 */
import { Access } from '../access.ts';
import type { PlaygroundEvent } from '../events.ts';
import type { Playground } from '../index.ts';
import { PermissionBits } from '../permissions.ts';
import { CHAT_STREAM_TYPES } from './client/stream-types.ts';
import { MODERATION_EVENT_TYPES, systemChannelIds, systemLines } from './system-lines.ts';
import { channelView, memberView, memberViewOf, messageView, roleViews } from './views.ts';
import type { ChatState, ChatStreamItem } from './wire.ts';

/** The event types the page follows (./client/stream-types.ts). */
export const CHAT_EVENT_TYPES: ReadonlySet<PlaygroundEvent['type']> = new Set(CHAT_STREAM_TYPES);

/** What the state and stream builders need to know besides the playground. */
export interface ChatScope {
  title: string;
  banner: () => string | null;
  inspectorUrl: () => string | null;
  /** Messages kept per channel in the state. */
  messageLimit: number;
  /** Moderation lines kept in the state. */
  systemLimit: number;
}

/** The guild the page shows: the demo server, else the first one. */
export function shownGuildId(pg: Playground): string | null {
  if (pg.state.guild(pg.demo.guildId)) return pg.demo.guildId;
  return pg.state.guilds()[0]?.id ?? null;
}

/** True when the page cares about `event`. */
export function isChatEvent(event: PlaygroundEvent, guildId: string | null): boolean {
  return CHAT_EVENT_TYPES.has(event.type) && event.guildId === guildId;
}

/** A snapshot for the page. */
export function buildChatState(pg: Playground, scope: ChatScope): ChatState {
  const history = pg.events();
  const seq = history.at(-1)?.seq ?? 0;
  const guildId = shownGuildId(pg);
  const guild = guildId ? pg.state.guild(guildId) : undefined;
  const base = {
    title: scope.title,
    banner: scope.banner(),
    inspectorUrl: scope.inspectorUrl(),
    seq,
    botUserId: pg.botUserId,
  };
  if (!guild) {
    return { ...base, guild: null, channels: [], roles: [], members: [], messages: {}, system: [] };
  }
  const channels = withThreads(pg, guild.id);
  const access = new Access(pg.state, Date.now);
  const canView = (channelId: string, userId: string) =>
    (access.channelPermissions(channelId, userId) & PermissionBits.ViewChannel) !== 0n;
  const lineChannels = systemChannelIds(pg.state, guild.id);
  const system = history
    .filter((e) => e.guildId === guild.id)
    .flatMap((e) => systemLines(e, lineChannels))
    .slice(-scope.systemLimit);
  return {
    ...base,
    guild: { id: guild.id, name: guild.name, ownerId: guild.ownerId, systemChannelId: guild.systemChannelId },
    channels: channels.map((c) => channelView(pg.state, c, canView)),
    roles: roleViews(pg.state, guild.id),
    members: pg.state.members(guild.id).map((m) => memberView(pg.state, m)),
    messages: Object.fromEntries(
      channels.map((c) => [
        c.id,
        pg.state
          .messages(c.id)
          .slice(-scope.messageLimit)
          .map((m) => messageView(pg.state, m)),
      ]),
    ),
    system,
  };
}

/** A guild's channels in list order, each followed by its threads (oldest first). */
function withThreads(pg: Playground, guildId: string) {
  const threads = pg.state.threads(guildId);
  return pg.state.channels(guildId).flatMap((c) => [c, ...threads.filter((t) => t.parentId === c.id)]);
}

/** The stream item for one event, read from the playground as it is now. */
export function buildStreamItem(pg: Playground, event: PlaygroundEvent): ChatStreamItem {
  const item: ChatStreamItem = { event };
  if (event.type === 'thread.created' || event.type === 'thread.updated') {
    const thread = pg.state.channel(event.thread.id);
    const access = new Access(pg.state, Date.now);
    const canView = (channelId: string, userId: string) =>
      (access.channelPermissions(channelId, userId) & PermissionBits.ViewChannel) !== 0n;
    item.channel = thread ? channelView(pg.state, thread, canView) : null;
  }
  if (event.type === 'message.created' || event.type === 'reaction.added') {
    const id = event.type === 'message.created' ? event.message.id : event.messageId;
    const record = pg.state.message(id);
    if (record) item.message = messageView(pg.state, record);
  }
  if (MODERATION_EVENT_TYPES.has(event.type) && event.guildId && 'target' in event) {
    item.member = memberViewOf(pg.state, event.guildId, event.target.id);
    item.lines = systemLines(event, systemChannelIds(pg.state, event.guildId));
  }
  return item;
}
