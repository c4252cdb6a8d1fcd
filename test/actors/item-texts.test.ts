import { describe, expect, test } from 'bun:test';
import { snapshotFields } from '../../actors/supervisor/checkpoint.ts';
import { FieldTexts } from '../../actors/supervisor/field-texts.ts';
import { eventText, itemText, listItemsText } from '../../actors/supervisor/item-texts.ts';
import { chatMessage } from '../support/chat-messages.ts';

describe('GIVEN a message serialised for a snapshot and again for its logged event', () => {
  const message = chatMessage({ id: '7', channelId: '100', content: 'hello "there"\n' });

  test('THEN each text is JSON.stringify’s, for events with a message, without one, and odd ones', () => {
    const events: unknown[] = [
      { type: 'message.received', message },
      { type: 'reaction.added', message, extra: undefined, fn: () => 1, at: new Date(0) },
      { message, type: 'message.updated' },
      { type: 'message.deleted', messageIds: ['1', '2'] },
      { type: 'xstate.init', input: { channelId: '1' }, origin: { kind: 'fresh' } },
      { type: 'odd', message: null },
      { type: 'odd', message: [message] },
      { type: 'json', message, toJSON: () => ({ replaced: true }) },
      [message],
      null,
    ];
    // Twice: the second time every message text comes from the cache.
    for (let round = 0; round < 2; round += 1)
      for (const event of events) expect(eventText(event)).toBe(JSON.stringify(event) as string);
  });

  test('THEN a list’s text is JSON.stringify’s, items of every kind included', () => {
    const odd = { a: undefined, b: () => 1, c: new Date(0), d: [undefined, null] };
    const list = [message, odd, 1, 'two', undefined, null, [3], () => 4, message, odd];
    expect(listItemsText(list)).toBe(JSON.stringify(list));
    expect(listItemsText([])).toBe('[]');
    expect(itemText(message)).toBe(JSON.stringify(message));
    expect(itemText(undefined)).toBeUndefined();
  });
});

describe('GIVEN a context whose fields come in another order than last time', () => {
  test('THEN each field’s text is JSON.stringify’s, and an unchanged value keeps its text', () => {
    const settings = { batchSize: 3 };
    const before = { value: 'idle', context: { settings, b: 1, c: 'x' } };
    const after = { value: 'idle', context: { b: settings, settings, d: null } };
    const texts = (fields: ReturnType<typeof snapshotFields>) =>
      [...fields.fields].map(([field, known]) => [field, known.text]);
    const first = new FieldTexts();
    expect(texts(snapshotFields(before, first))).toEqual(
      Object.entries(before.context).map(([field, value]) => [field, JSON.stringify(value)]),
    );
    const second = new FieldTexts(first.next);
    expect(texts(snapshotFields(after, second))).toEqual(
      Object.entries(after.context).map(([field, value]) => [field, JSON.stringify(value)]),
    );
    expect(second.next.get('settings')).toBe(first.next.get('settings') as never);
  });
});
