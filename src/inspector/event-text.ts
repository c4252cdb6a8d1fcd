import type { StreamEvent } from './wire.ts';

const TEXT_CHARS = 140;

const short = (text: string) => (text.length > TEXT_CHARS ? `${text.slice(0, TEXT_CHARS)}…` : text);

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Reads a field of an unknown object without trusting its shape. */
function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * A short line about an event for the inspector's stream: who said what, which settings changed,
 * how a thread ended, how many channels resumed. Empty when the event type says it all. Reads
 * events defensively: the persisted log may hold events from older versions.
 */
export function eventText(event: { type: string }): string {
  if (event.type === 'message.received') {
    const message = field(event, 'message');
    const author = field(field(message, 'author'), 'name');
    const content = field(message, 'content');
    const mention = field(message, 'mentionsBot') === true ? ' (mentions Ery)' : '';
    return short(`${String(author ?? '?')}: ${String(content ?? '')}`) + mention;
  }
  if (event.type === 'config.updated') {
    const settings = field(event, 'settings');
    return settings && typeof settings === 'object'
      ? short(
          Object.entries(settings)
            .map(([key, value]) => `${key}=${String(value)}`)
            .join(', '),
        )
      : '';
  }
  if (event.type.startsWith('xstate.done.actor.')) {
    const output = field(event, 'output');
    const calls = field(output, 'toolCalls');
    const steps = field(output, 'steps');
    if (Array.isArray(calls) && typeof steps === 'number')
      return `${plural(steps, 'model step')}, ${plural(calls.length, 'tool call')}`;
    return String(field(output, 'threadId') ?? '');
  }
  if (event.type.startsWith('xstate.error.actor.')) {
    const error = field(event, 'error');
    return short(String(field(error, 'message') ?? error ?? 'failed'));
  }
  if (event.type === 'supervisor.resumed')
    return `${plural(Number(field(event, 'resumed')), 'channel')} resumed`;
  return '';
}

/** A stream entry for `event`, processed at `at`; `from`/`to` when it changed the state. */
export function streamEvent(at: number, event: { type: string }, from?: string, to?: string): StreamEvent {
  const entry: StreamEvent = { at, type: event.type, text: eventText(event) };
  if (from !== undefined && to !== undefined && from !== to) {
    entry.from = from;
    entry.to = to;
  }
  return entry;
}
