/** The live event stream of the focused actor (or the supervisor), newest first. */
import { h } from '../../playground/web/client/dom.ts';
import type { StreamEvent } from '../wire.ts';
import { clockTime } from './format.ts';

/** Rows kept on the page; older ones fall off the end. */
const KEPT = 300;

function eventRow(event: StreamEvent): HTMLElement {
  const change = event.from && event.to;
  return h(
    'li',
    {
      class: `event${change ? ' transition' : ''}`,
      data: { type: event.type, ...(change ? { from: event.from ?? '', to: event.to ?? '' } : {}) },
    },
    h('time', {}, clockTime(event.at)),
    h('code', { class: 'event-type' }, event.type),
    change
      ? h(
          'span',
          { class: 'change' },
          h('span', { class: `state-badge ${event.from}` }, event.from ?? ''),
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
