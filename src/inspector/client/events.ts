/** The live event stream of the focused actor (or the supervisor), newest first. */
import { h } from '../../playground/web/client/dom.ts';
import type { FocusHistory, StreamEvent } from '../wire.ts';
import { clockTime } from './format.ts';

/** Rows kept on the page; older ones fall off the end. */
const KEPT = 300;

/**
 * One event: its time, type, the state it moved the actor from and to (`—` before the actor
 * existed), and what it says. A change of state is marked `transition`; the actor's start, `start`.
 */
function eventRow(event: StreamEvent): HTMLElement {
  const known = event.to !== undefined;
  const from = event.from ?? null;
  const changed = known && from !== null && from !== event.to;
  return h(
    'li',
    {
      class: `event${changed ? ' transition' : ''}${known && from === null ? ' start' : ''}`,
      data: {
        type: event.type,
        ...(known ? { from: from ?? '', to: event.to ?? '' } : {}),
        ...(event.seq === undefined ? {} : { seq: String(event.seq) }),
      },
    },
    h('time', {}, clockTime(event.at)),
    h('code', { class: 'event-type' }, event.type),
    known
      ? h(
          'span',
          { class: 'change' },
          h('span', { class: `state-badge ${from ?? 'none'}` }, from ?? '—'),
          ' → ',
          h('span', { class: `state-badge ${event.to}` }, event.to ?? ''),
        )
      : null,
    event.text ? h('span', { class: 'event-text' }, event.text) : null,
  );
}

/** Adds `events` (oldest first) at the top of `list`; `dropped` events left out are said so. */
export function addEvents(list: HTMLElement, events: StreamEvent[], dropped = 0): void {
  for (const event of events) list.prepend(eventRow(event));
  if (dropped > 0)
    list.prepend(h('li', { class: 'event dropped' }, `${dropped} more events in this instant were not sent`));
  while (list.children.length > KEPT) list.lastElementChild?.remove();
}

/** Adds a channel's loaded history (oldest first) below what is listed: it happened before. */
export function addHistory(list: HTMLElement, history: FocusHistory): void {
  for (const event of [...history.events].reverse()) list.append(eventRow(event));
  if (history.note) list.append(h('li', { class: 'event note' }, history.note));
  while (list.children.length > KEPT) list.lastElementChild?.remove();
}
