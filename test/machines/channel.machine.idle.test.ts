import { describe, expect, spyOn, test } from 'bun:test';
import { chatMessage } from '../support/chat-messages.ts';
import { expectFiresAt, start } from './channel.machine.fixtures.ts';

describe('channel machine', () => {
  test('GIVEN an idle channel WHEN the idle timeout passes THEN it is reaped and final', () => {
    const { value, clock, actor } = start();
    expectFiresAt({ clock, value }, 10_000, 'idle', 'reaped');
    expect(actor.getSnapshot().status).toBe('done');
  });

  test('GIVEN an idle channel WHEN a message arrives before the timeout THEN the idle timer is cancelled', () => {
    const { send, value, clock } = start();
    clock.increment(9_000);
    send();
    clock.increment(1_000);
    expect(value()).toBe('running');
  });

  test('GIVEN a reaped channel THEN it ignores further messages', () => {
    const { actor, clock, value } = start();
    clock.increment(10_000);
    // XState warns on the console about an event sent to a stopped actor: that warning is the
    // behaviour under test, so it is captured here rather than printed as if something failed.
    const warn = spyOn(console, 'warn').mockImplementation(() => {});
    try {
      actor.send({ type: 'message.received', message: chatMessage() });
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
    expect(value()).toBe('reaped');
  });
});
