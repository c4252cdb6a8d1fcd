/**
 * The left column: every channel actor, grouped by server, with its state and sizes; the channels
 * reaped a short while ago stay listed below the live ones, marked, so their detail is one click
 * away.
 */
import { h, replaceChildren } from '../../playground/web/client/dom.ts';
import type { ChannelRow } from '../wire.ts';
import { clockTime } from './format.ts';

/** Reaped channels the page keeps listed, newest first; older ones drop off. */
export const REAPED_KEPT = 50;

export const channelLabel = (row: ChannelRow) => (row.channelName ? `#${row.channelName}` : row.channelId);

/** The servers in `channels`, by name, each with its live channels then its reaped ones. */
export function byServer(channels: ReadonlyMap<string, ChannelRow>) {
  const groups = new Map<string, ChannelRow[]>();
  for (const row of channels.values()) groups.set(row.guildId, [...(groups.get(row.guildId) ?? []), row]);
  const byName = (a: ChannelRow, b: ChannelRow) => channelLabel(a).localeCompare(channelLabel(b));
  return [...groups.entries()]
    .map(([guildId, rows]) => ({
      guildId,
      name: rows.find((row) => row.guildName)?.guildName ?? `server ${guildId}`,
      live: rows.filter((row) => row.reapedAt === null).sort(byName),
      reaped: rows
        .filter((row) => row.reapedAt !== null)
        .sort((a, b) => (b.reapedAt ?? 0) - (a.reapedAt ?? 0)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Keeps at most {@link REAPED_KEPT} reaped rows in `channels`, the most recent. */
export function pruneReaped(channels: Map<string, ChannelRow>): void {
  const reaped = [...channels.values()]
    .filter((row) => row.reapedAt !== null)
    .sort((a, b) => (b.reapedAt ?? 0) - (a.reapedAt ?? 0));
  for (const row of reaped.slice(REAPED_KEPT)) channels.delete(row.channelId);
}

/** Draws the overview; `pick` is called with a channel id when a row is clicked. */
export function renderOverview(
  host: HTMLElement,
  channels: ReadonlyMap<string, ChannelRow>,
  focus: string | null,
  pick: (channelId: string) => void,
): void {
  const groups = byServer(channels);
  if (groups.length === 0) {
    replaceChildren(host, [
      h('p', { class: 'empty' }, 'No channel actor is live. One starts with the first message in a channel.'),
    ]);
    return;
  }
  replaceChildren(
    host,
    groups.map((group) =>
      h(
        'section',
        { class: 'guild', data: { guildId: group.guildId } },
        h(
          'h3',
          { class: 'guild-name', title: group.guildId },
          group.name,
          h(
            'span',
            { class: 'count', title: 'channel actors in memory' },
            String(group.live.filter((row) => !row.passive).length),
          ),
        ),
        ...group.live.map((row) => channelButton(row, row.channelId === focus, pick)),
        group.reaped.length ? h('h4', { class: 'reaped-head' }, 'Reaped recently') : null,
        ...group.reaped.map((row) => channelButton(row, row.channelId === focus, pick)),
      ),
    ),
  );
}

function channelButton(row: ChannelRow, selected: boolean, pick: (channelId: string) => void): HTMLElement {
  return h(
    'button',
    {
      class: `channel-row${selected ? ' selected' : ''}${row.reapedAt === null ? '' : ' reaped'}${row.passive ? ' passive' : ''}`,
      title: row.channelId,
      data: { channelId: row.channelId, state: row.state },
      attrs: { type: 'button' },
      on: { click: () => pick(row.channelId) },
    },
    h('span', { class: 'channel-name' }, channelLabel(row)),
    h('span', { class: `state-badge ${row.state}` }, row.state),
    row.reapedAt !== null
      ? h('span', { class: 'sizes' }, h('span', { class: 'reaped-at' }, `reaped ${clockTime(row.reapedAt)}`))
      : row.passive
        ? h(
            'span',
            { class: 'sizes' },
            h(
              'span',
              { class: 'reaped-at', title: 'passivated: stored, loaded again by its next message' },
              'out of memory',
            ),
          )
        : h(
            'span',
            { class: 'sizes' },
            h('span', { class: 'batch', title: 'messages in the batch' }, `batch ${row.batch}`),
            h('span', { class: 'queue', title: 'messages queued while a thread runs' }, `queue ${row.queue}`),
            row.waiting
              ? h('span', { class: 'waiting', title: 'ready, waiting for a run permit' }, 'waiting')
              : null,
          ),
  );
}
