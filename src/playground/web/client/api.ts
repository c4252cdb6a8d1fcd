/** The page's calls to the chat API, and its event stream. */
import type {
  ChatErrorBody,
  ChatState,
  ChatStreamItem,
  CommandReplyView,
  CommandUsageView,
  MessageView,
  PostCommandBody,
  PostMessageBody,
  PostReactionBody,
} from '../wire.ts';

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

/** `POST /chat/reactions`. */
export const sendReaction = (body: PostReactionBody) => call<void>('/chat/reactions', post(body));

/** The event types the page follows (SSE event names). */
const STREAM_TYPES = [
  'message.created',
  'message.deleted',
  'reaction.added',
  'typing.started',
  'member.banned',
  'member.unbanned',
  'member.kicked',
  'member.updated',
  'role.added',
  'role.removed',
  'thread.created',
  'thread.updated',
  'thread.deleted',
];

/** Opens `/chat/events` after `since`; `onStatus` says whether the stream is live. */
export function openStream(
  since: number,
  onItem: (item: ChatStreamItem) => void,
  onStatus: (live: boolean) => void,
): EventSource {
  const source = new EventSource(`/chat/events?since=${since}`);
  const listener = (event: MessageEvent<string>) => onItem(JSON.parse(event.data) as ChatStreamItem);
  for (const type of STREAM_TYPES) source.addEventListener(type, listener);
  source.addEventListener('open', () => onStatus(true));
  source.addEventListener('error', () => onStatus(false));
  return source;
}
