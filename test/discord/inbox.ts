import type { ChatMessage } from '../../src/domain/message.ts';

/**
 * Collects what `connectDiscord` feeds to `onMessage` and lets a test wait for a message without
 * polling: each arrival is checked against the pending waits.
 */
export class Inbox {
  readonly messages: ChatMessage[] = [];
  readonly #waits = new Set<{ predicate: (m: ChatMessage) => boolean; resolve: (m: ChatMessage) => void }>();

  /** The `onMessage` to hand to `connectDiscord`. */
  readonly push = (message: ChatMessage): void => {
    this.messages.push(message);
    for (const wait of this.#waits) {
      if (!wait.predicate(message)) continue;
      this.#waits.delete(wait);
      wait.resolve(message);
    }
  };

  /** The first message (already received or still to come) matching `predicate`. */
  waitFor(predicate: (m: ChatMessage) => boolean, timeoutMs = 5000): Promise<ChatMessage> {
    const past = this.messages.find(predicate);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const wait = {
        predicate,
        resolve: (m: ChatMessage) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.#waits.delete(wait);
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waits.add(wait);
    });
  }

  /** How many received messages have this id (a replay must not make it two). */
  count(id: string): number {
    return this.messages.filter((m) => m.id === id).length;
  }
}

/** Runs `promise` and returns what it rejected with (fails the test when it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** A unique marker so each test finds its own messages. */
let counter = 0;
export function marker(label: string): string {
  counter += 1;
  return `${label}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
