import { sliceText } from '../domain/clip.ts';
import { type MentionNames, withNames } from './mentions.ts';
import type { StreamEvent } from './wire.ts';

const TEXT_CHARS = 140;

const short = (text: string) => (text.length > TEXT_CHARS ? `${sliceText(text, TEXT_CHARS)}…` : text);

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Reads a field of an unknown object without trusting its shape. */
function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * A short line about an event for the inspector's stream: who said what (mentions named from
 * `names` when known), which settings changed, how a thread ended, how many channels resumed.
 * Empty when the event type says it all. Reads events defensively: the persisted log may hold
 * events from older versions.
 */
export function eventText(event: { type: string }, names?: MentionNames): string {
  if (event.type === 'message.received') {
    const message = field(event, 'message');
    const author = field(field(message, 'author'), 'name');
    const content = String(field(message, 'content') ?? '');
    const guildId = String(field(message, 'guildId') ?? '');
    const mention = field(message, 'mentionsBot') === true ? ' (mentions Ery)' : '';
    return short(`${String(author ?? '?')}: ${withNames(content, guildId, names)}`) + mention;
  }
  if (event.type === 'message.updated') {
    const message = field(event, 'message');
    const author = String(field(field(message, 'author'), 'name') ?? '?');
    const content = String(field(message, 'content') ?? '');
    return short(`${author} edited: ${withNames(content, String(field(message, 'guildId') ?? ''), names)}`);
  }
  if (event.type === 'message.deleted') {
    const ids = field(event, 'messageIds');
    return Array.isArray(ids) ? short(`deleted ${ids.map(String).join(', ')}`) : '';
  }
  if (event.type === 'reaction.added') {
    const message = field(event, 'message');
    const reaction = field(message, 'reaction');
    const author = String(field(field(message, 'author'), 'name') ?? '?');
    return short(
      `${author} reacted ${String(field(reaction, 'emoji') ?? '?')} to Ery's ${String(field(reaction, 'messageId') ?? '?')}`,
    );
  }
  if (event.type === 'member.joined') {
    const message = field(event, 'message');
    return short(`${String(field(field(message, 'author'), 'name') ?? '?')} joined the server`);
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
  if (event.type === 'xstate.init') {
    const origin = field(event, 'origin');
    if (field(origin, 'kind') === 'restored')
      return `restored after a restart, from its snapshot after #${String(field(origin, 'fromSeq'))}`;
    return field(origin, 'kind') === 'fresh' ? 'a new actor' : '';
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

/**
 * A stream entry for `event`, processed at `at`, that moved the actor from `from` (null: it had no
 * actor before) to `to`.
 */
export function streamEvent(
  at: number,
  event: { type: string },
  from: string | null,
  to: string,
  names?: MentionNames,
): StreamEvent {
  return { at, type: event.type, text: eventText(event, names), from, to };
}
