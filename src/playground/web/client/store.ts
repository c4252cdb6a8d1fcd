/**
 * The page's model: the snapshot from `/chat/state`, kept current by the event stream. `apply`
 * says what changed so the view touches only that.
 */
import type {
  ChannelView,
  ChatState,
  ChatStreamItem,
  MemberView,
  MessageView,
  RoleView,
  SystemLine,
  UserRef,
} from '../wire.ts';
import { TypingTracker } from './typing.ts';

/** One row of a channel: a message or a system line. */
export type Item =
  | { kind: 'message'; at: number; message: MessageView }
  | { kind: 'system'; at: number; line: SystemLine }
  /** A bot's ephemeral reply to a command: kept on this page only, shown to `forUserId` alone. */
  | { kind: 'ephemeral'; at: number; reply: EphemeralReply };

/** An ephemeral reply as the page keeps it. */
export interface EphemeralReply {
  id: string;
  /** What was run, e.g. `/ery status`. */
  command: string;
  content: string;
  forUserId: string;
  bot: UserRef;
}

/** What {@link ChatStore.apply} changed. */
export type Change =
  | { kind: 'append'; channelId: string; item: Item }
  | { kind: 'update'; channelId: string; message: MessageView }
  | { kind: 'remove'; channelId: string; messageId: string }
  | { kind: 'typing'; channelId: string }
  | { kind: 'members' }
  /** A thread appeared, changed or went away: the channel list is redrawn. */
  | { kind: 'channels'; removedId?: string };

/** The page's model. */
export class ChatStore {
  state: ChatState | null = null;
  readonly members = new Map<string, MemberView>();
  readonly roles = new Map<string, RoleView>();
  readonly channels = new Map<string, ChannelView>();
  readonly items = new Map<string, Item[]>();
  /** Who is typing where ("Ery is typing…"). */
  readonly typing = new TypingTracker();
  /** The last event seq applied; the stream resumes after it. */
  seq = 0;

  /** Replaces everything with a fresh snapshot. */
  load(state: ChatState): void {
    this.state = state;
    this.seq = state.seq;
    this.members.clear();
    this.roles.clear();
    this.channels.clear();
    this.items.clear();
    for (const m of state.members) this.members.set(m.id, m);
    for (const r of state.roles) this.roles.set(r.id, r);
    for (const c of state.channels) {
      this.channels.set(c.id, c);
      const rows: Item[] = (state.messages[c.id] ?? []).map((message) => ({
        kind: 'message',
        at: message.createdAt,
        message,
      }));
      for (const line of state.system) {
        if (line.channelIds.includes(c.id)) rows.push({ kind: 'system', at: line.at, line });
      }
      // Array sort is stable: same-instant rows keep messages before the lines they caused.
      rows.sort((a, b) => a.at - b.at);
      this.items.set(c.id, rows);
    }
  }

  /** Applies one stream item; returns what the view must redraw. `now` is the page's clock. */
  apply(item: ChatStreamItem, now = Date.now()): Change[] {
    const { event } = item;
    if (event.seq <= this.seq) return [];
    this.seq = event.seq;
    const changes: Change[] = [];
    if (event.type === 'message.created' && item.message) {
      const message = item.message;
      const rows = this.rows(message.channelId);
      if (!rows.some((r) => r.kind === 'message' && r.message.id === message.id)) {
        const row: Item = { kind: 'message', at: message.createdAt, message };
        rows.push(row);
        changes.push({ kind: 'append', channelId: message.channelId, item: row });
      }
      if (this.typing.stop(message.channelId, message.author.id)) {
        changes.push({ kind: 'typing', channelId: message.channelId });
      }
    } else if (event.type === 'typing.started' && event.channelId) {
      this.typing.start(event.channelId, event.user, event.at, now);
      changes.push({ kind: 'typing', channelId: event.channelId });
    } else if (event.type === 'reaction.added' && item.message) {
      const message = item.message;
      const rows = this.rows(message.channelId);
      const index = rows.findIndex((r) => r.kind === 'message' && r.message.id === message.id);
      if (index >= 0) {
        rows[index] = { kind: 'message', at: message.createdAt, message };
        changes.push({ kind: 'update', channelId: message.channelId, message });
      }
    } else if ((event.type === 'thread.created' || event.type === 'thread.updated') && item.channel) {
      this.channels.set(item.channel.id, item.channel);
      this.rows(item.channel.id);
      changes.push({ kind: 'channels' });
    } else if (event.type === 'thread.deleted') {
      this.channels.delete(event.thread.id);
      this.items.delete(event.thread.id);
      changes.push({ kind: 'channels', removedId: event.thread.id });
    } else if (event.type === 'message.deleted' && event.channelId) {
      const rows = this.rows(event.channelId);
      const index = rows.findIndex((r) => r.kind === 'message' && r.message.id === event.messageId);
      if (index >= 0) {
        rows.splice(index, 1);
        changes.push({ kind: 'remove', channelId: event.channelId, messageId: event.messageId });
      }
    }
    for (const line of item.lines ?? []) {
      for (const channelId of line.channelIds) {
        const row: Item = { kind: 'system', at: line.at, line };
        this.rows(channelId).push(row);
        changes.push({ kind: 'append', channelId, item: row });
      }
    }
    if (item.member !== undefined && 'target' in event) {
      if (item.member) this.members.set(item.member.id, item.member);
      else this.members.delete(event.target.id);
      changes.push({ kind: 'members' });
    }
    return changes;
  }

  /** A member's colour, else 0. */
  colour(userId: string): number {
    return this.members.get(userId)?.color ?? 0;
  }

  /** The people one can speak as: members who are not bots. */
  people(): MemberView[] {
    return [...this.members.values()].filter((m) => !m.bot);
  }

  /** Adds an ephemeral reply to a channel's rows (it never comes from the stream). */
  addEphemeral(channelId: string, reply: EphemeralReply, at = Date.now()): Change {
    const item: Item = { kind: 'ephemeral', at, reply };
    this.rows(channelId).push(item);
    return { kind: 'append', channelId, item };
  }

  private rows(channelId: string): Item[] {
    let rows = this.items.get(channelId);
    if (!rows) {
      rows = [];
      this.items.set(channelId, rows);
    }
    return rows;
  }
}
