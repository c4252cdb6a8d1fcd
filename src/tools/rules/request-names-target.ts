import type { DiscordActions, MemberInfo } from '../../discord/port.ts';
import type { ChatMessage } from '../../domain/message.ts';
import { Denial } from '../decision.ts';

/**
 * A moderation request must be about its target: the cited message mentions the member, replies to
 * one of their messages, or names them (username or display name, as a whole word). This stops a
 * moderator's unrelated message ("@Ery what's the time?") from being cited, by an injected
 * instruction, as the authority to act on someone else. Returns a {@link Denial} or null.
 */
export async function checkRequestNamesTarget(
  toolName: string,
  message: ChatMessage,
  target: MemberInfo,
  actions: DiscordActions,
  signal: AbortSignal,
): Promise<Denial | null> {
  if (message.mentions.users.includes(target.userId)) return null;
  if (namesInText(message.content, [target.username, target.displayName])) return null;
  if (message.replyToId !== null) {
    const replied = await actions
      .fetchMessage({ channelId: message.channelId, messageId: message.replyToId }, signal)
      .catch(() => null);
    if (replied?.author.id === target.userId) return null;
  }
  return new Denial(
    `message ${message.id} by ${message.author.name} does not mention, name or reply to ${target.displayName}, so it does not request ${toolName} on them; ask the requester to mention the member`,
  );
}

function namesInText(content: string, names: string[]): boolean {
  const text = content.toLowerCase();
  return names.some((name) => {
    const wanted = name.trim().toLowerCase();
    if (wanted.length < 2) return false;
    const escaped = wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^\\p{L}\\p{N}_])@?${escaped}($|[^\\p{L}\\p{N}_])`, 'u').test(text);
  });
}
