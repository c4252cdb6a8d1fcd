/**
 * What `/inspector` shows with no channel picked: every server and its channels at a glance, live
 * ones with their state, sizes and running thread, then those reaped recently. A row opens the
 * channel in detail.
 */
import { h, replaceChildren } from '../../playground/web/client/dom.ts';
import type { ChannelRow } from '../wire.ts';
import { clockTime } from './format.ts';
import { byServer, channelLabel } from './overview.ts';

const STATES = ['batching', 'running', 'cooldown', 'idle'] as const;

function row(channel: ChannelRow, pick: (channelId: string) => void): HTMLElement {
  const reaped = channel.reapedAt !== null;
  return h(
    'tr',
    {
      class: `home-row${reaped ? ' reaped' : ''}`,
      data: { channelId: channel.channelId, state: channel.state },
      on: { click: () => pick(channel.channelId) },
    },
    h(
      'td',
      {},
      // The row takes the click; the button makes it reachable from the keyboard.
      h('button', { class: 'link', attrs: { type: 'button' } }, channelLabel(channel)),
    ),
    h('td', {}, h('span', { class: `state-badge ${channel.state}` }, channel.state)),
    h('td', { class: 'num' }, reaped ? '' : String(channel.batch)),
    h('td', { class: 'num' }, reaped ? '' : String(channel.queue)),
    h(
      'td',
      { class: 'note' },
      reaped
        ? `reaped ${clockTime(channel.reapedAt ?? 0)}`
        : channel.passive
          ? 'passivated: out of memory until its next message'
          : [
              channel.waiting ? 'waiting for a run permit' : '',
              channel.threadId ? `thread ${channel.threadId}` : '',
            ]
              .filter(Boolean)
              .join(' · '),
    ),
  );
}

/** Draws every server with its channels into `host`. */
export function renderHome(
  host: HTMLElement,
  channels: ReadonlyMap<string, ChannelRow>,
  pick: (channelId: string) => void,
): void {
  const groups = byServer(channels);
  if (groups.length === 0) {
    replaceChildren(host, [
      h(
        'p',
        { class: 'empty' },
        'No channel actor yet: one starts with the first message Ery reads in a channel.',
      ),
    ]);
    return;
  }
  replaceChildren(
    host,
    groups.map((group) => {
      const counts = STATES.map(
        (state) => [state, group.live.filter((one) => one.state === state).length] as const,
      )
        .filter(([, count]) => count > 0)
        .map(([state, count]) => `${count} ${state}`);
      return h(
        'section',
        { class: 'panel home-guild', data: { guildId: group.guildId } },
        h(
          'h3',
          { title: group.guildId },
          group.name,
          h(
            'small',
            {},
            ` ${[...counts, group.reaped.length ? `${group.reaped.length} reaped recently` : ''].filter(Boolean).join(' · ') || 'no live actor'}`,
          ),
        ),
        h(
          'table',
          { class: 'home-table' },
          h(
            'thead',
            {},
            h('tr', {}, ...['channel', 'state', 'batch', 'queue', ''].map((title) => h('th', {}, title))),
          ),
          h('tbody', {}, ...[...group.live, ...group.reaped].map((channel) => row(channel, pick))),
        ),
      );
    }),
  );
}
