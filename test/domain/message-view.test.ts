import { describe, expect, test } from 'bun:test';
import { ChatMessage } from '../../src/domain/message.ts';
import type { MessagePart } from '../../src/domain/message-parts.ts';
import { partsView, VIEW_LIMITS } from '../../src/domain/message-view.ts';
import { chatMessage } from '../support/chat-messages.ts';

const file = (n: number): MessagePart => ({
  kind: 'attachment',
  filename: `${'f'.repeat(150)}-${n}.png`,
  contentType: 'image/png',
  size: n,
});

describe('what the model is shown of non-text parts', () => {
  test('GIVEN 25 attachments with long names THEN names are cut with a marker and the total stays near the bound, the rest counted', () => {
    const views = partsView(Array.from({ length: 25 }, (_, n) => file(n))) ?? [];
    expect(views[0]?.filename).toBe(`${'f'.repeat(100)}… [56 more characters cut]`);
    expect(JSON.stringify(views).length).toBeLessThan(VIEW_LIMITS.partsChars + 300);
    const shown = views.filter((view) => view.type === 'attachment').length;
    expect(shown).toBeGreaterThan(0);
    expect(views.at(-1)).toEqual({ type: 'left out', count: 25 - shown });
  });

  test('GIVEN a forward carrying many embeds THEN the parts inside the forward are bounded too', () => {
    const embed: MessagePart = {
      kind: 'embed',
      title: 't',
      description: 'd'.repeat(4000),
      url: null,
      fields: [],
    };
    const [view] =
      partsView([{ kind: 'forward', content: 'c', parts: Array.from({ length: 10 }, () => embed) }]) ?? [];
    const inner = (view?.parts ?? []) as Array<Record<string, unknown>>;
    expect(inner.at(-1)?.type).toBe('left out');
    expect(JSON.stringify(view).length).toBeLessThan(VIEW_LIMITS.partsChars + 600);
  });

  test('GIVEN no parts THEN there is nothing to show', () => {
    expect(partsView(undefined)).toBeUndefined();
    expect(partsView([])).toBeUndefined();
  });

  test('GIVEN a ChatMessage with a part past Discord limits THEN the schema rejects it', () => {
    const message = chatMessage({ content: '' });
    expect(
      ChatMessage.safeParse({ ...message, parts: [{ kind: 'poll', question: 'q', answers: [] }] }).success,
    ).toBe(true);
    const tooMany = Array.from({ length: 11 }, (_, n) => `answer ${n}`);
    expect(
      ChatMessage.safeParse({ ...message, parts: [{ kind: 'poll', question: 'q', answers: tooMany }] })
        .success,
    ).toBe(false);
  });
});
