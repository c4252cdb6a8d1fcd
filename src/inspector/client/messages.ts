/** A batch or a queue as a list of messages: time, author, text; a mention of Ery marked. */
import { h, replaceChildren } from '../../playground/web/client/dom.ts';
import type { MessageList } from '../wire.ts';
import { clockTime } from './format.ts';

/** Draws `list` into `host` (an `ol.messages`), saying how many more there are than listed. */
export function renderMessages(host: HTMLElement, list: MessageList): void {
  const more = list.size - list.messages.length;
  replaceChildren(
    host,
    list.size === 0
      ? [h('li', { class: 'empty' }, 'empty')]
      : [
          ...list.messages.map((row) =>
            h(
              'li',
              { class: `message${row.mentionsBot ? ' mention' : ''}`, data: { messageId: row.id } },
              h('time', {}, clockTime(row.createdAt)),
              h('strong', {}, row.authorName),
              h('span', { class: 'content' }, row.truncated ? `${row.content}…` : row.content),
            ),
          ),
          more > 0 ? h('li', { class: 'empty' }, `and ${more} more`) : null,
        ],
  );
}
