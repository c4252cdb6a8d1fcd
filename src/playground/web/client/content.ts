/**
 * Message text to DOM: mentions as pills, Discord timestamps (`<t:…>`) in the reader's time, a little
 * of Discord's markdown (code, bold, italic, strikethrough, links). Every piece of text ends up in a text node.
 */
import type { MessageView } from '../wire.ts';
import { type Child, h } from './dom.ts';
import { type TimestampStyle, timestampText } from './timestamp.ts';

/** Names the renderer needs to resolve mentions. */
export interface MentionNames {
  user(id: string): string | undefined;
  role(id: string): { name: string; color?: string } | undefined;
  channel(id: string): string | undefined;
}

const TOKEN =
  /```(?:[a-z]*\n)?([\s\S]+?)```|`([^`\n]+)`|\*\*([\s\S]+?)\*\*|~~([\s\S]+?)~~|\*([^*\n]+)\*|(?<![\w])_([^_\n]+)_(?![\w])|<@!?(\d+)>|<@&(\d+)>|<#(\d+)>|(@everyone|@here)|<t:(-?\d{1,13})(?::([tTdDfFR]))?>|(https?:\/\/[^\s<>]+[^\s<>.,:;"')\]])/g;

/** Renders `text` as inline nodes. `depth` bounds nesting of bold/italic in bold/italic. */
export function renderContent(text: string, names: MentionNames, depth = 0): Child[] {
  const out: Child[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) out.push(text.slice(last, index));
    last = index + match[0].length;
    try {
      out.push(token(match, names, depth));
    } catch {
      // One piece that cannot be drawn (a date out of range, say) stays as written: a row that
      // throws would blank the whole channel's list.
      out.push(match[0]);
    }
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function token(m: RegExpMatchArray, names: MentionNames, depth: number): Child {
  const [
    whole,
    block,
    code,
    bold,
    strike,
    italic,
    underscore,
    userId,
    roleId,
    channelId,
    everyone,
    at,
    style,
    link,
  ] = m;
  const inner = (s: string) => (depth < 3 ? renderContent(s, names, depth + 1) : [s]);
  if (block !== undefined) return h('pre', { class: 'code-block' }, block);
  if (code !== undefined) return h('code', {}, code);
  if (bold !== undefined) return h('strong', {}, ...inner(bold));
  if (strike !== undefined) return h('s', {}, ...inner(strike));
  if (italic !== undefined) return h('em', {}, ...inner(italic));
  if (underscore !== undefined) return h('em', {}, ...inner(underscore));
  if (userId !== undefined) {
    return h('span', { class: 'mention', data: { userId } }, `@${names.user(userId) ?? 'unknown-user'}`);
  }
  if (roleId !== undefined) {
    const role = names.role(roleId);
    return h(
      'span',
      { class: 'mention role-mention', style: { color: role?.color }, data: { roleId } },
      `@${role?.name ?? 'deleted-role'}`,
    );
  }
  if (channelId !== undefined)
    return h('span', { class: 'mention' }, `#${names.channel(channelId) ?? 'unknown'}`);
  if (everyone !== undefined) return h('span', { class: 'mention' }, everyone);
  if (at !== undefined) {
    const date = new Date(Number(at) * 1000);
    // Past what a Date holds (±8.64e15 ms) there is no time to show: the markup stays as written.
    if (Number.isNaN(date.getTime())) return whole;
    const text = timestampText(Number(at), style as TimestampStyle | undefined);
    return h('time', { class: 'timestamp', attrs: { datetime: date.toISOString() } }, text);
  }
  if (link !== undefined) {
    // Only http(s) reaches here (the pattern demands it), so the href cannot run script.
    return h('a', { attrs: { href: link, target: '_blank', rel: 'noopener noreferrer' } }, link);
  }
  return whole;
}

/** True when `message` pings `userId`: by name, by one of their roles, @everyone, or a reply to them. */
export function mentionsUser(message: MessageView, userId: string, roleIds: readonly string[]): boolean {
  return (
    message.mentions.everyone ||
    message.mentions.users.some((u) => u.id === userId) ||
    message.mentions.roles.some((r) => roleIds.includes(r.id)) ||
    (message.replyTo?.author?.id === userId && message.author.id !== userId)
  );
}
