/** The left column: every live channel actor, grouped by server, with its state and sizes. */
import { h, replaceChildren } from '../../playground/web/client/dom.ts';
import type { ChannelRow } from '../wire.ts';

const channelLabel = (row: ChannelRow) => (row.channelName ? `#${row.channelName}` : row.channelId);

/** Draws the overview; `pick` is called with a channel id when a row is clicked. */
export function renderOverview(
  host: HTMLElement,
  channels: ReadonlyMap<string, ChannelRow>,
  focus: string | null,
  pick: (channelId: string) => void,
): void {
  const byGuild = new Map<string, ChannelRow[]>();
  for (const row of channels.values()) {
    const rows = byGuild.get(row.guildId) ?? [];
    rows.push(row);
    byGuild.set(row.guildId, rows);
  }
  if (byGuild.size === 0) {
    replaceChildren(host, [
      h('p', { class: 'empty' }, 'No channel actor is live. One starts with the first message in a channel.'),
    ]);
    return;
  }
  const groups = [...byGuild.entries()]
    .map(([guildId, rows]) => ({ guildId, name: rows[0]?.guildName ?? `server ${guildId}`, rows }))
    .sort((a, b) => a.name.localeCompare(b.name));
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
          h('span', { class: 'count' }, String(group.rows.length)),
        ),
        ...group.rows
          .sort((a, b) => channelLabel(a).localeCompare(channelLabel(b)))
          .map((row) => channelButton(row, row.channelId === focus, pick)),
      ),
    ),
  );
}

function channelButton(row: ChannelRow, selected: boolean, pick: (channelId: string) => void): HTMLElement {
  return h(
    'button',
    {
      class: `channel-row${selected ? ' selected' : ''}`,
      title: row.channelId,
      data: { channelId: row.channelId, state: row.state },
      attrs: { type: 'button' },
      on: { click: () => pick(row.channelId) },
    },
    h('span', { class: 'channel-name' }, channelLabel(row)),
    h('span', { class: `state-badge ${row.state}` }, row.state),
    h(
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
