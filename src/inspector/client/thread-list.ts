/** A channel's recent threads in the detail pane: when, how it ended, why it started, how long. */
import { h, replaceChildren } from '../../playground/web/client/dom.ts';
import type { ThreadRow } from '../wire.ts';
import { clockTime } from './format.ts';
import { threadTook } from './thread-times.ts';

/** Loads the threads of `channelId` into `host`; a thread's time opens it (`open`). */
export async function loadThreads(
  host: HTMLElement,
  channelId: string,
  open: (threadId: string) => void,
): Promise<void> {
  const response = await fetch(`/inspector/api/channels/${encodeURIComponent(channelId)}/threads`);
  const rows = response.ok ? ((await response.json()) as ThreadRow[]) : [];
  replaceChildren(
    host,
    rows.length === 0
      ? [h('li', { class: 'empty' }, 'No thread yet.')]
      : rows.map((row) =>
          h(
            'li',
            { class: 'thread-row', data: { threadId: row.id } },
            h(
              'button',
              { class: 'link', attrs: { type: 'button' }, on: { click: () => open(row.id) } },
              clockTime(row.startedAt),
            ),
            h('span', { class: `status ${row.status}` }, row.status),
            h('span', { class: 'trigger' }, row.trigger),
            h('span', { class: `took${row.interruptions.length ? ' interrupted' : ''}` }, threadTook(row)),
            row.error ? h('span', { class: 'error' }, row.error) : null,
          ),
        ),
  );
}
