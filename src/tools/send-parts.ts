import { DiscordActionError } from '../discord/errors.ts';
import type { SentMessage } from '../discord/port.ts';
import { splitMessage } from '../domain/message-split.ts';
import type { ToolInvocation } from './define-tool.ts';
import { partNonce } from './nonce.ts';

/** Where a text goes: a channel, and the message the first part replies to, if any. */
export interface PartsTarget {
  channelId: string;
  replyToId?: string;
}

/**
 * Sends `content` as one message, or, past Discord's 2000 characters, as several split at natural
 * boundaries (`splitMessage`), in order, each with its own nonce (`partNonce`) so a rerun of the same
 * call after a crash repeats none. Only the first part replies to `replyToId`; the others follow it in
 * the channel, as a person would write them.
 *
 * @returns the sent messages, in order (at least one)
 * @throws DiscordActionError when a part fails; past the first, its message says which parts were
 *   sent (with their ids), so the model sends only the rest
 */
export async function sendParts(
  call: ToolInvocation,
  target: PartsTarget,
  content: string,
): Promise<SentMessage[]> {
  const parts = splitMessage(content);
  const sent: SentMessage[] = [];
  for (const [index, part] of parts.entries()) {
    try {
      sent.push(
        await call.actions.sendMessage(
          {
            channelId: target.channelId,
            content: part,
            ...(index === 0 && target.replyToId ? { replyToId: target.replyToId } : {}),
            nonce: partNonce(call.nonce, index),
            allowedMentions: call.allowedMentions,
          },
          call.signal,
        ),
      );
    } catch (error) {
      if (index === 0 || !(error instanceof DiscordActionError)) throw error;
      const ids = sent.map((message) => message.id).join(', ');
      throw new DiscordActionError(
        error.code,
        `${error.message.replace(/\.$/, '')}. Parts 1 to ${index} of ${parts.length} were sent (message ids ${ids}); the rest was not`,
        error.details,
        { cause: error },
      );
    }
  }
  return sent;
}

/**
 * What a message tool tells the model it sent: `message_id`, the first message's id, as for a text
 * of one message; and `message_ids`, every part's, only when there were several.
 */
export function idsOf(sent: readonly SentMessage[]): { message_id: string; message_ids?: string[] } {
  const first = (sent[0] as SentMessage).id;
  return sent.length > 1
    ? { message_id: first, message_ids: sent.map((message) => message.id) }
    : { message_id: first };
}
