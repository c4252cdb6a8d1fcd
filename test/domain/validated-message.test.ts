import { describe, expect, test } from 'bun:test';
import { validateChatMessage } from '../../src/domain/validated-message.ts';
import { chatMessage } from '../support/chat-messages.ts';

describe('validating a message once', () => {
  test('GIVEN a message validated before THEN it passes again as the very same object, without a new copy', () => {
    const first = validateChatMessage(chatMessage());
    if (!first.success) throw new Error('fixture must validate');
    const again = validateChatMessage(first.data);
    expect(again.success && again.data).toBe(first.data);
  });

  test('GIVEN an object never validated THEN it is checked in full, however much it looks like a valid one', () => {
    const first = validateChatMessage(chatMessage());
    if (!first.success) throw new Error('fixture must validate');
    expect(validateChatMessage({ ...first.data, id: 'not-a-snowflake' }).success).toBe(false);
    expect(validateChatMessage(null).success).toBe(false);
    expect(validateChatMessage('text').success).toBe(false);
  });
});
