import type { ChannelEvent } from '../../machines/channel.machine.ts';

type PlainError = { name?: unknown; message?: unknown; code?: unknown };

/**
 * A logged event as the machine received it. The log keeps an error event's `Error` as its name,
 * message and code (actors/supervisor/channel-records.ts); the machine's `errorText` reads an
 * `Error`, so the error is made one again, with the same name and code.
 */
export function reviveEvent(event: { type: string } & Record<string, unknown>): ChannelEvent {
  if (!event.type.startsWith('xstate.error.')) return event as unknown as ChannelEvent;
  const plain = event.error as PlainError | null | undefined;
  if (plain === null || typeof plain !== 'object' || typeof plain.message !== 'string') {
    return event as unknown as ChannelEvent;
  }
  const error = new Error(plain.message);
  if (typeof plain.name === 'string') error.name = plain.name;
  if (typeof plain.code === 'string') Object.assign(error, { code: plain.code });
  return { ...event, error } as unknown as ChannelEvent;
}
