import { afterAll, beforeAll, expect } from 'bun:test';
import { type Playground, startPlayground } from '../../src/playground/index.ts';
import {
  type ChatErrorBody,
  type ChatState,
  type ChatStreamItem,
  createWebChat,
  type WebChat,
} from '../../src/playground/web/index.ts';

export const BANNER = 'Offline demo model — not an AI. Set OPENROUTER_API_KEY to talk to a real one.';

export let pg: Playground;

export let chat: WebChat;

export const BASE = 'http://chat.test';

export async function call(path: string, init?: RequestInit): Promise<Response> {
  const res = await chat(new Request(`${BASE}${path}`, init));
  if (!res) throw new Error(`the web chat did not answer ${path}`);
  return res;
}

export const postJson = (path: string, body: unknown) =>
  call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** Posts `body` to /chat/messages, expects the page's 400 refusal and returns its error. */
export async function postRefused(body: unknown): Promise<ChatErrorBody['error']> {
  const res = await postJson('/chat/messages', body);
  expect(res.status).toBe(400);
  return ((await res.json()) as ChatErrorBody).error;
}

export async function state(): Promise<ChatState> {
  return (await (await call('/chat/state')).json()) as ChatState;
}

/** Reads SSE frames from `res` until one satisfies `match`; bounded by `timeoutMs`. */
export async function readUntil(
  res: Response,
  match: (item: ChatStreamItem, eventName: string) => boolean,
  timeoutMs = 5000,
): Promise<{ item: ChatStreamItem; eventName: string; id: string }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no matching SSE frame within ${timeoutMs} ms`)), timeoutMs),
  );
  try {
    for (let i = 0; i < 1000; i++) {
      const chunk = await Promise.race([reader.read(), deadline]);
      if (chunk.done) throw new Error('the stream ended before a matching frame');
      buffer += decoder.decode(chunk.value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const fields = Object.fromEntries(
          frame
            .split('\n')
            .filter((l) => !l.startsWith(':') && l.includes(': '))
            .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
        );
        if (!fields.data) continue;
        const item = JSON.parse(fields.data) as ChatStreamItem;
        if (match(item, fields.event ?? ''))
          return { item, eventName: fields.event ?? '', id: fields.id ?? '' };
      }
    }
    throw new Error('too many frames without a match');
  } finally {
    reader.releaseLock();
  }
}

/** Starts a playground and its web chat before the calling file's tests; closes both after. */
export function useWebChat(): void {
  beforeAll(async () => {
    pg = await startPlayground({ port: 0 });
    chat = createWebChat(pg, { title: 'Test <chat>', banner: () => BANNER });
  });
  afterAll(async () => {
    chat?.close();
    await pg?.stop();
  });
}
