/** The page's calls to the chat API, and its event stream. */

import type {
  ChatErrorBody,
  ChatState,
  ChatStreamItem,
  CommandReplyView,
  CommandUsageView,
  MemberView,
  MessageView,
  PostCommandBody,
  PostMemberBody,
  PostMessageBody,
  PostReactionBody,
} from '../wire.ts';
import { CHAT_STREAM_TYPES } from './stream-types.ts';

/** A refusal from the chat API, with its message meant for people. */
export class ChatApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ChatApiError('NETWORK', 'The playground is not answering. Is it still running?');
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as (T & Partial<ChatErrorBody>) | null;
  if (!res.ok || body === null) {
    throw new ChatApiError(
      body?.error?.code ?? 'HTTP',
      body?.error?.message ?? `The server answered ${res.status}.`,
    );
  }
  return body;
}

const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** `GET /chat/state`. */
export const fetchState = () => call<ChatState>('/chat/state');

/** `POST /chat/messages`. */
export const sendMessage = async (body: PostMessageBody) =>
  (await call<{ message: MessageView }>('/chat/messages', post(body))).message;

/** `GET /chat/commands`: what `/` offers in the shown server. */
export const fetchCommands = async () =>
  (await call<{ commands: CommandUsageView[] }>('/chat/commands')).commands;

/** `POST /chat/commands`: runs a command; the bot's reply. */
export const runCommand = async (body: PostCommandBody) =>
  (await call<{ reply: CommandReplyView }>('/chat/commands', post(body))).reply;

/** `POST /chat/commands/autocomplete`: choices for the option being typed. */
export const commandChoices = async (body: PostCommandBody) =>
  (await call<{ choices: Array<{ name: string; value: string }> }>('/chat/commands/autocomplete', post(body)))
    .choices;

/** `POST /chat/members`: someone new joins the server. */
export const joinMember = async (body: PostMemberBody) =>
  (await call<{ member: MemberView }>('/chat/members', post(body))).member;

/** `POST /chat/reactions`. */
export const sendReaction = (body: PostReactionBody) => call<void>('/chat/reactions', post(body));

/** Opens `/chat/events` after `since`; `onStatus` says whether the stream is live. */
export function openStream(
  since: number,
  onItem: (item: ChatStreamItem) => void,
  onStatus: (live: boolean) => void,
): EventSource {
  const source = new EventSource(`/chat/events?since=${since}`);
  const listener = (event: MessageEvent<string>) => onItem(JSON.parse(event.data) as ChatStreamItem);
  for (const type of CHAT_STREAM_TYPES) source.addEventListener(type, listener);
  source.addEventListener('open', () => onStatus(true));
  source.addEventListener('error', () => onStatus(false));
  return source;
}
