/** Draws the rows of a channel: messages (with replies and reactions) and moderation system lines. */
import type { MessageView } from '../wire.ts';
import { attachmentList } from './attachments.ts';
import { type MentionNames, mentionsUser, renderContent } from './content.ts';
import { type Child, h } from './dom.ts';
import { clock, cssColor, stamp } from './format.ts';
import { icon } from './icons.ts';
import { authorName, avatar } from './people.ts';
import type { ChatStore, EphemeralReply, Item } from './store.ts';
import { systemRow } from './system-row.ts';

/** What rows need from the page. */
export interface RowContext {
  store: ChatStore;
  /** The person the page speaks as. */
  me(): string;
  onReply(message: MessageView): void;
  onReact(message: MessageView, emoji: string): void;
  onJump(messageId: string): void;
}

/** Emoji offered by a message's react button. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '👀'];

/** Consecutive messages by one author within this long share a header, as on Discord. */
const GROUP_MS = 7 * 60_000;

/** Whether `item` continues `previous`'s group (no header, no avatar). */
export function continuesGroup(previous: Item | undefined, item: Item): boolean {
  if (previous?.kind !== 'message' || item.kind !== 'message') return false;
  const a = previous.message;
  const b = item.message;
  return a.author.id === b.author.id && b.replyTo === null && b.createdAt - a.createdAt < GROUP_MS;
}

/** Resolves mention names from the current members, roles and channels. */
function storeNames(ctx: RowContext): MentionNames {
  return {
    user: (id) => ctx.store.members.get(id)?.name,
    role: (id) => {
      const role = ctx.store.roles.get(id);
      return role && { name: role.name, color: cssColor(role.color) };
    },
    channel: (id) => ctx.store.channels.get(id)?.name,
  };
}

/** Resolves mention names from the message first, then the current members and roles. */
function names(ctx: RowContext, message: MessageView): MentionNames {
  return {
    user: (id) => message.mentions.users.find((u) => u.id === id)?.name ?? ctx.store.members.get(id)?.name,
    role: (id) => {
      const role = ctx.store.roles.get(id);
      const name = role?.name ?? message.mentions.roles.find((r) => r.id === id)?.name;
      return name === undefined ? undefined : { name, color: role ? cssColor(role.color) : undefined };
    },
    channel: (id) => ctx.store.channels.get(id)?.name,
  };
}

function replyPreview(ctx: RowContext, reply: NonNullable<MessageView['replyTo']>): HTMLElement {
  if (reply.author === null || reply.content === null) {
    return h(
      'div',
      { class: 'reply-preview' },
      h('span', { class: 'reply-text muted' }, 'Original message was deleted'),
    );
  }
  return h(
    'div',
    { class: 'reply-preview', title: 'Jump to the message', on: { click: () => ctx.onJump(reply.id) } },
    avatar(reply.author, 'tiny'),
    authorName(ctx.store, reply.author, 'reply-author'),
    // One line, like Discord's: mentions and markdown still render, the overflow ends in an ellipsis.
    h(
      'span',
      { class: 'reply-text' },
      ...renderContent(reply.content.replace(/\s+/g, ' ').slice(0, 300), storeNames(ctx)),
    ),
  );
}

function reactions(ctx: RowContext, message: MessageView): HTMLElement | null {
  if (message.reactions.length === 0) return null;
  return h(
    'div',
    { class: 'reactions' },
    ...message.reactions.map((r) =>
      h(
        'button',
        {
          class: `reaction${r.userIds.includes(ctx.me()) ? ' mine' : ''}`,
          title: r.userIds.map((id) => ctx.store.members.get(id)?.name ?? 'someone').join(', '),
          attrs: { type: 'button' },
          on: { click: () => ctx.onReact(message, r.emoji) },
        },
        h('span', { class: 'emoji' }, r.emoji),
        h('span', { class: 'count' }, String(r.count)),
      ),
    ),
  );
}

function actions(ctx: RowContext, message: MessageView): HTMLElement {
  const palette = h(
    'div',
    { class: 'palette' },
    ...QUICK_REACTIONS.map((emoji) =>
      h(
        'button',
        {
          attrs: { type: 'button' },
          title: `React ${emoji}`,
          on: { click: () => ctx.onReact(message, emoji) },
        },
        emoji,
      ),
    ),
  );
  return h(
    'div',
    { class: 'actions' },
    palette,
    h(
      'button',
      {
        class: 'reply-button',
        title: 'Reply',
        attrs: { type: 'button', 'aria-label': 'Reply' },
        on: { click: () => ctx.onReply(message) },
      },
      icon('reply'),
    ),
  );
}

/** One message row. */
export function messageRow(ctx: RowContext, message: MessageView, grouped: boolean): HTMLElement {
  const me = ctx.me();
  const mine = ctx.store.members.get(me);
  const pinged = mentionsUser(message, me, mine?.roleIds ?? []);
  const classes = [
    'message',
    grouped ? 'grouped' : 'first',
    pinged ? 'mentioned' : '',
    message.author.bot ? 'from-bot' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const header: Child = grouped
    ? null
    : h(
        'div',
        { class: 'header' },
        authorName(ctx.store, message.author),
        message.author.bot && h('span', { class: 'bot-badge', title: 'Bot' }, 'BOT'),
        h('time', { title: new Date(message.createdAt).toLocaleString() }, stamp(message.createdAt)),
      );
  return h(
    'div',
    { class: classes, data: { messageId: message.id, authorId: message.author.id } },
    message.replyTo && replyPreview(ctx, message.replyTo),
    h(
      'div',
      { class: 'gutter' },
      grouped ? h('time', { class: 'hover-time' }, clock(message.createdAt)) : avatar(message.author),
    ),
    h(
      'div',
      { class: 'body' },
      header,
      h(
        'div',
        { class: 'content' },
        ...renderContent(message.content, names(ctx, message)),
        message.editedAt !== null && h('span', { class: 'edited' }, ' (edited)'),
      ),
      attachmentList(message.attachments ?? []),
      reactions(ctx, message),
    ),
    actions(ctx, message),
  );
}

/** The row for an item, grouped with its predecessor when it continues it. */
export function row(ctx: RowContext, item: Item, previous: Item | undefined): HTMLElement {
  if (item.kind === 'ephemeral') return ephemeralRow(ctx, item.reply, item.at);
  return item.kind === 'message'
    ? messageRow(ctx, item.message, continuesGroup(previous, item))
    : systemRow(ctx, item.line);
}

/** A bot's ephemeral reply, as Discord shows it: who ran what, the reply, "Only you can see this". */
function ephemeralRow(ctx: RowContext, reply: EphemeralReply, at: number): HTMLElement {
  const invoker = ctx.store.members.get(reply.forUserId)?.name ?? 'You';
  return h(
    'div',
    { class: 'message first ephemeral from-bot', data: { ephemeralId: reply.id } },
    h('div', { class: 'command-used' }, h('strong', {}, invoker), ' used ', h('code', {}, reply.command)),
    h('div', { class: 'gutter' }, avatar(reply.bot)),
    h(
      'div',
      { class: 'body' },
      h(
        'div',
        { class: 'header' },
        authorName(ctx.store, reply.bot),
        h('span', { class: 'bot-badge', title: 'Bot' }, 'BOT'),
        h('time', { title: new Date(at).toLocaleString() }, stamp(at)),
      ),
      h('div', { class: 'content' }, ...renderContent(reply.content, storeNames(ctx))),
      h('div', { class: 'ephemeral-note' }, icon('eye'), 'Only you can see this'),
    ),
  );
}
