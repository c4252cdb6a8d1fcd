/** The sidebars: server and channel list, the "You are" picker, and the member list by role. */
import type { MemberView } from '../wire.ts';
import { h, replaceChildren } from './dom.ts';
import { avatarColour, cssColor, initial, until } from './format.ts';
import { icon } from './icons.ts';
import type { ChatStore } from './store.ts';

/** Channel list state the page keeps. */
export interface ChannelMarks {
  current: string | null;
  unread: Set<string>;
  mentions: Map<string, number>;
}

/** Draws the channel list. */
export function renderChannels(
  list: HTMLElement,
  store: ChatStore,
  marks: ChannelMarks,
  onPick: (channelId: string) => void,
): void {
  const all = [...store.channels.values()];
  // Each channel, then its threads (indented), as Discord lists them.
  const ordered = all
    .filter((c) => c.kind !== 'thread')
    .flatMap((c) => [c, ...all.filter((t) => t.kind === 'thread' && t.parentId === c.id)]);
  const rows = ordered.map((c) => {
    const mentions = marks.mentions.get(c.id) ?? 0;
    const cls = [
      'channel',
      c.kind === 'thread' ? 'thread' : '',
      c.archived ? 'archived' : '',
      c.id === marks.current ? 'active' : '',
      marks.unread.has(c.id) ? 'unread' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const state = c.locked ? ' (locked)' : c.archived ? ' (archived)' : '';
    return h(
      'button',
      {
        class: cls,
        title: c.kind === 'forum' ? 'Forum: its posts are the threads below it' : (c.topic ?? ''),
        data: { channelId: c.id, channelName: c.name },
        attrs: { type: 'button' },
        on: { click: () => onPick(c.id) },
      },
      icon(c.private ? 'lock' : 'hash', 'hash'),
      h('span', { class: 'channel-name' }, c.name),
      state !== '' && h('span', { class: 'channel-state' }, state),
      mentions > 0 && h('span', { class: 'badge' }, String(mentions)),
    );
  });
  replaceChildren(list, [h('div', { class: 'section-title' }, 'Text channels'), ...rows]);
}

const timedOut = (m: MemberView) => m.timeoutUntil !== null && m.timeoutUntil > Date.now();

/** Fills the "You are" picker with the people one can speak as, keeping `selected`. */
export function renderIdentity(select: HTMLSelectElement, store: ChatStore, selected: string): void {
  const options = store.people().map((m) => {
    const option = h('option', { attrs: { value: m.id } }, timedOut(m) ? `${m.name} (timed out)` : m.name);
    option.selected = m.id === selected;
    return option;
  });
  replaceChildren(select, options);
}

/**
 * Draws the member list: hoisted roles first (highest first), then everyone else, then `footer`
 * (the invite form, kept as it is so what is typed in it survives a redraw).
 */
export function renderMembers(
  list: HTMLElement,
  store: ChatStore,
  onOpen: (member: MemberView, row: HTMLElement) => void,
  footer?: HTMLElement,
): void {
  const hoisted = [...store.roles.values()].filter((r) => r.hoist);
  const groups = new Map<string, MemberView[]>();
  for (const member of store.members.values()) {
    const group = member.roleIds.find((id) => hoisted.some((r) => r.id === id)) ?? '';
    groups.set(group, [...(groups.get(group) ?? []), member]);
  }
  const sections = [...hoisted.map((r) => ({ id: r.id, title: r.name })), { id: '', title: 'Members' }]
    .filter((g) => (groups.get(g.id)?.length ?? 0) > 0)
    .map((g) => {
      const members = (groups.get(g.id) ?? []).sort((a, b) => a.name.localeCompare(b.name));
      return [
        h('div', { class: 'section-title' }, `${g.title} — ${members.length}`),
        ...members.map((m) => memberRow(m, onOpen)),
      ];
    });
  replaceChildren(list, [...sections.flat(), footer]);
}

function memberRow(m: MemberView, onOpen: (member: MemberView, row: HTMLElement) => void): HTMLElement {
  return h(
    'button',
    {
      class: `member${timedOut(m) ? ' timed-out' : ''}`,
      title: `${m.name} · ID ${m.id}`,
      data: { userId: m.id },
      attrs: { type: 'button' },
      on: { click: (event) => onOpen(m, event.currentTarget as HTMLElement) },
    },
    h(
      'span',
      { class: 'avatar small', style: { background: m.bot ? '#5865f2' : avatarColour(m.id) } },
      initial(m.name),
    ),
    h('span', { class: 'member-name', style: { color: cssColor(m.color) } }, m.name),
    m.bot && h('span', { class: 'bot-badge' }, 'BOT'),
    m.owner && h('span', { class: 'crown', title: 'Server owner' }, icon('crown')),
    timedOut(m) &&
      h(
        'span',
        { class: 'timeout-mark', title: `Timed out until ${until(m.timeoutUntil ?? 0)}` },
        icon('clock'),
      ),
  );
}
