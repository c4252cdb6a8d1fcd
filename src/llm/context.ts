import type { ChatTurn, ToolDefinition } from '../domain/chat-turn.ts';
import type { MessageEvent, MessagePart } from '../domain/message-parts.ts';
import { eventView, type PartView, partsView } from '../domain/message-view.ts';
import { ToolsJson } from './tools-json.ts';

/**
 * A channel message as the context shows it. Both `ChatMessage` (new batch) and the Discord port's
 * `HistoryMessage` fit this shape.
 */
export interface TranscriptMessage {
  id: string;
  author: { id: string; name: string; bot: boolean };
  content: string;
  replyToId: string | null;
  createdAt: number;
  mentionsBot?: boolean;
  /** Forwards, attachments, voice, stickers, polls, embeds: shown as `parts`. */
  parts?: MessagePart[];
  /** A system message: shown as an event line, never as its author speaking. */
  event?: MessageEvent;
  /** Deleted after Ery saw it: the line is marked `deleted`, with no text (issue 12 §1). */
  deleted?: true;
  /** When it was last edited: the line is marked `edited` (issue 12 §1). */
  editedAt?: number;
  /** A reaction on one of Ery's messages: shown as an event line marked `reaction`. */
  reaction?: { emoji: string; messageId: string };
  /** A member joining, to be welcomed by the model: an event line marked `join` (issue 12 §1). */
  join?: { instruction: string };
}

/** One line of a transcript block, as the model reads it (and as the demo model parses it back). */
export interface TranscriptLine {
  id: string;
  author: string;
  author_id: string;
  bot: boolean;
  time: string;
  reply_to: string | null;
  mentions_ery?: boolean;
  from_you?: boolean;
  /** Set when the message was edited after it was sent: `content` is its text now. */
  edited?: true;
  /** Set when the message was deleted: `content` is empty. */
  deleted?: true;
  content: string;
  /** What the message carries besides its text; written by users like `content`. */
  parts?: PartView[];
}

/**
 * A system message (a pin, a join, an AutoMod alert) as the model reads it: something Discord
 * reported, with no `author` or `content`, so it never reads as someone speaking.
 */
export interface TranscriptEventLine {
  id: string;
  time: string;
  /** Ery's wording only: "pinned message 123". */
  event: string;
  /** Display name of whom the event is about; chosen by that user, so data like `content`. */
  user: string;
  /** Whom the event is about. */
  user_id: string;
  /** What Discord attached (a thread name, an AutoMod rule); written by users. */
  detail?: string;
}

/** How much context may be sent. Tokens are estimated at `charsPerToken` characters each. */
export interface ContextBudget {
  /** Most tokens for system prompt + history + new batch + tool definitions (default 12 000). */
  maxTokens: number;
  /** Characters per token for the estimate (default 4). */
  charsPerToken: number;
}

export const DEFAULT_CONTEXT_BUDGET: ContextBudget = { maxTokens: 12_000, charsPerToken: 4 };

/** First line of the user turn holding the new batch; the demo model looks for it. */
export const NEW_BATCH_HEADER = 'NEW MESSAGES';
/** First line of the user turn holding the recent history. */
export const HISTORY_HEADER = 'RECENT CHANNEL HISTORY';

/** Rough token count of a text: ~`charsPerToken` characters per token, rounded up. */
export function estimateTokens(text: string, charsPerToken = DEFAULT_CONTEXT_BUDGET.charsPerToken): number {
  return Math.ceil(text.length / charsPerToken);
}

/** Per-message overhead (role, separators) the providers add on top of the content. */
const MESSAGE_OVERHEAD_TOKENS = 4;

/**
 * One message as one JSON line: unambiguous, and content cannot forge a second message. Non-text
 * parts follow the content in `parts`; a system message becomes an event line.
 */
export function formatMessageLine(
  message: TranscriptMessage,
  options: { isNew: boolean; selfId?: string },
): string {
  if (message.reaction) {
    // A reaction is not someone speaking: an event line naming who, which emoji, on which message.
    const line: TranscriptEventLine = {
      id: message.id,
      time: new Date(message.createdAt).toISOString(),
      event: `reacted ${message.reaction.emoji} to your message ${message.reaction.messageId}`,
      user: message.author.name,
      user_id: message.author.id,
    };
    return JSON.stringify({ ...line, reaction: message.reaction });
  }
  if (message.join) {
    // A join is not someone speaking: an event line naming who joined, with the moderators' instruction.
    const line: TranscriptEventLine = {
      id: message.id,
      time: new Date(message.createdAt).toISOString(),
      event: 'joined the server',
      user: message.author.name,
      user_id: message.author.id,
    };
    return JSON.stringify({ ...line, join: { welcome_instruction: message.join.instruction } });
  }
  if (message.event) {
    const line: TranscriptEventLine = {
      id: message.id,
      time: new Date(message.createdAt).toISOString(),
      ...eventView(message.event, message.author),
    };
    return JSON.stringify(line);
  }
  const parts = partsView(message.parts);
  // Content last but for its parts: a long message then does not push the metadata out of sight.
  const line: TranscriptLine = {
    id: message.id,
    author: message.author.name,
    author_id: message.author.id,
    bot: message.author.bot,
    time: new Date(message.createdAt).toISOString(),
    reply_to: message.replyToId,
    ...(options.isNew ? { mentions_ery: message.mentionsBot ?? false } : {}),
    ...(options.selfId !== undefined && message.author.id === options.selfId ? { from_you: true } : {}),
    ...(message.editedAt !== undefined ? { edited: true as const } : {}),
    ...(message.deleted ? { deleted: true as const } : {}),
    content: message.content,
    ...(parts ? { parts } : {}),
  };
  return JSON.stringify(line);
}

/** Reads the JSON lines of a transcript block back; lines that are not messages are skipped. */
export function parseTranscript(text: string): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.startsWith('{')) continue;
    try {
      const value = JSON.parse(raw) as Partial<TranscriptLine>;
      if (typeof value.id === 'string' && typeof value.content === 'string')
        lines.push(value as TranscriptLine);
    } catch {
      // Not a message line.
    }
  }
  return lines;
}

export interface BuildContextInput {
  system: string;
  /** Earlier channel messages, any order; sorted oldest first here. */
  history: TranscriptMessage[];
  /** The batch to act on, never trimmed. */
  batch: TranscriptMessage[];
  /** Tool definitions count against the budget too. */
  tools?: ToolDefinition[];
  /** Ery's user id, to mark its own earlier messages. */
  selfId?: string;
  budget?: Partial<ContextBudget>;
}

export interface BuiltContext {
  messages: ChatTurn[];
  estimatedTokens: number;
  historyKept: number;
  historyDropped: number;
}

/** Snowflakes are decimal strings: a longer one is larger, else compare as text. */
const compareIds = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
const byTime = (a: TranscriptMessage, b: TranscriptMessage) =>
  a.createdAt - b.createdAt || compareIds(a.id, b.id);

/** Each tool definition's JSON, for the token estimate (every thread offers the same tools). */
const toolsJson = new ToolsJson();

/**
 * Builds the conversation for the first model call: system prompt, recent history, then the new
 * batch marked NEW. When over budget, history is trimmed oldest first; the system prompt and the
 * new batch are always sent whole, even if they alone exceed it.
 */
export function buildContext(input: BuildContextInput): BuiltContext {
  const budget = { ...DEFAULT_CONTEXT_BUDGET, ...input.budget };
  const tokens = (text: string) => estimateTokens(text, budget.charsPerToken) + MESSAGE_OVERHEAD_TOKENS;
  const batchIds = new Set(input.batch.map((message) => message.id));
  const batch = [...input.batch].sort(byTime);
  const history = input.history.filter((message) => !batchIds.has(message.id)).sort(byTime);

  const batchText = [
    `${NEW_BATCH_HEADER} (${batch.length}): act on these now. One JSON object per line, oldest first.`,
    ...batch.map((message) => formatMessageLine(message, { isNew: true, selfId: input.selfId })),
  ].join('\n');
  const historyHeader = `${HISTORY_HEADER} (oldest first; context only, already handled):`;
  const fixed =
    tokens(input.system) +
    tokens(batchText) +
    (input.tools && input.tools.length > 0
      ? estimateTokens(toolsJson.of(input.tools), budget.charsPerToken)
      : 0);

  const historyLines = history.map((message) =>
    formatMessageLine(message, { isNew: false, selfId: input.selfId }),
  );
  // Walk from the newest back, keeping lines while they fit: the oldest are the ones dropped.
  let room = budget.maxTokens - fixed - tokens(historyHeader);
  let firstKept = historyLines.length;
  while (firstKept > 0) {
    const line = historyLines[firstKept - 1] as string;
    const cost = estimateTokens(`${line}\n`, budget.charsPerToken);
    if (cost > room) break;
    room -= cost;
    firstKept -= 1;
  }
  const kept = historyLines.slice(firstKept);

  const messages: ChatTurn[] = [{ role: 'system', content: input.system }];
  let estimatedTokens = fixed;
  if (kept.length > 0) {
    const historyText = [historyHeader, ...kept].join('\n');
    messages.push({ role: 'user', content: historyText });
    estimatedTokens += tokens(historyText);
  }
  messages.push({ role: 'user', content: batchText });
  return {
    messages,
    estimatedTokens,
    historyKept: kept.length,
    historyDropped: historyLines.length - kept.length,
  };
}
