import type { ActorOrigin } from '../../actors/supervisor/actor-origin.ts';
import type { LoggedEvent } from './channel-log.ts';

const MAX_TEXT = 48;

/** `3 steps`, `1 step`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `text` on one line, at most `max` characters, with an ellipsis when cut. */
export function oneLine(text: string, max = MAX_TEXT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

type Loose = Record<string, unknown> & {
  message?: {
    id?: string;
    author?: { name?: string };
    content?: string;
    reaction?: { emoji?: string; messageId?: string };
    mentionsBot?: boolean;
    event?: { type?: string };
  };
  messageIds?: unknown[];
  settings?: Record<string, unknown>;
  output?: { threadId?: unknown; steps?: unknown; toolCalls?: unknown[]; stoppedBecause?: unknown };
  error?: { name?: unknown; code?: unknown; message?: unknown } | unknown;
  origin?: ActorOrigin;
};

/**
 * What a logged event says, in one line for the timeline: who wrote what, which settings changed,
 * how a thread ended. Events with nothing to add (a timer, a permit) give an empty string.
 */
export function describeEvent(logged: LoggedEvent): string {
  const event = logged.event as Loose;
  switch (logged.type) {
    case 'xstate.init':
      return event.origin?.kind === 'restored'
        ? `restored from the snapshot after #${event.origin.fromSeq}`
        : 'created';
    case 'message.received': {
      const message = event.message ?? {};
      if (message.event?.type) return `${message.author?.name ?? '?'}: (${message.event.type})`;
      const mention = message.mentionsBot ? ' @Ery' : '';
      return `${message.author?.name ?? '?'}${mention}: ${JSON.stringify(oneLine(message.content ?? ''))}`;
    }
    case 'message.updated': {
      const message = event.message ?? {};
      return `${message.author?.name ?? '?'} edited ${String(message.id ?? '?')}: ${JSON.stringify(oneLine(message.content ?? ''))}`;
    }
    case 'message.deleted':
      return `deleted ${(event.messageIds ?? []).map(String).join(', ')}`;
    case 'reaction.added': {
      const message = (event.message ?? {}) as {
        author?: { name?: unknown };
        reaction?: { emoji?: unknown; messageId?: unknown };
      };
      return `${String(message.author?.name ?? '?')} reacted ${String(message.reaction?.emoji ?? '?')} to ${String(message.reaction?.messageId ?? '?')}`;
    }
    case 'member.joined':
      return `${String(event.message?.author?.name ?? '?')} joined the server`;
    case 'config.updated':
      return Object.entries(event.settings ?? {})
        .map(([name, value]) => `${name}=${String(value)}`)
        .join(' ');
    default:
      break;
  }
  if (logged.type.startsWith('xstate.done.actor.')) {
    const output = event.output;
    if (!output || typeof output !== 'object') return 'thread done';
    const counts = [
      typeof output.steps === 'number' && plural(output.steps, 'model step'),
      Array.isArray(output.toolCalls) && plural(output.toolCalls.length, 'tool call'),
    ].filter(Boolean);
    return counts.length > 0 ? `thread done (${counts.join(', ')})` : 'thread done';
  }
  if (logged.type.startsWith('xstate.error.actor.')) {
    const error = (event.error ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
    const code = typeof error.code === 'string' ? ` ${error.code}` : '';
    return `thread failed: ${String(error.name ?? 'Error')}${code}: ${oneLine(String(error.message ?? ''), 80)}`;
  }
  return '';
}
