/**
 * Issue 12 §2 end to end: files attached to a message in the playground, read by Ery from the
 * playground's attachment host, and what the scripted OpenAI-compatible server was sent: an image
 * part for a model that sees images, a text file's text as marked user data, and everything else
 * described.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { NEW_BATCH_HEADER } from '../../src/llm/context.ts';
import { DEMO_IDS, type Playground } from '../../src/playground/index.ts';
import type { OpenAIServer, RecordedRequest } from '../support/openai-server.ts';
import { useEryWorld, waitUntil } from './support/ery-harness.ts';

setDefaultTimeout(30_000);

const world = useEryWorld('ery-attachments-');
let playground: Playground;
let llm: OpenAIServer;
beforeAll(() => {
  ({ playground, llm } = world);
});

const { users, channels } = DEMO_IDS;
/** A 1×1 PNG. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (c) => c.charCodeAt(0),
);

/** Posts a mention of Ery carrying `files`, and returns the first model request it led to. */
async function askWith(model: string, files: Array<Parameters<Playground['uploadAttachment']>[0]>) {
  const attachments = files.map((file) => playground.uploadAttachment(file));
  const message = playground.injectMessage({
    channelId: channels.general,
    authorId: users.alice,
    content: `<@${users.ery}> what do you make of these?`,
    fields: { attachments },
  });
  llm.script(
    model,
    {
      reply: {
        toolCalls: [{ name: 'reply_to_message', arguments: { message_id: message.id, content: 'ok' } }],
      },
    },
    { reply: { content: 'done' } },
  );
  await waitUntil(() => llm.calls(model).length >= 1);
  return { message, request: llm.calls(model)[0] as RecordedRequest };
}

/** The user turn holding the new batch. */
function batchTurn(request: RecordedRequest) {
  const turn = request.body.messages.findLast((m) => m.role === 'user');
  if (!turn) throw new Error('no user turn');
  return turn;
}

const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : ((content as Array<{ type: string; text?: string }>).find((part) => part.type === 'text')?.text ?? '');

const lineOf = (request: RecordedRequest, id: string) =>
  textOf(batchTurn(request).content)
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { id: string; parts?: Array<Record<string, unknown>> })
    .find((line) => line.id === id);

const files = [
  {
    channelId: channels.general,
    filename: 'screenshot.png',
    contentType: 'image/png',
    bytes: PNG,
    width: 1,
    height: 1,
  },
  {
    channelId: channels.general,
    filename: 'server.log',
    contentType: 'text/plain; charset=utf-8',
    bytes: new TextEncoder().encode('ERROR 42: the bot lost its gateway session\n'),
  },
  {
    channelId: channels.general,
    filename: 'setup.exe',
    contentType: 'application/x-msdownload',
    bytes: new Uint8Array(2048),
  },
];

describe('GIVEN a message with an image, a text file and a program attached', () => {
  test('WHEN the model sees images THEN it gets the image as an image part, the log text as user data, the program described', async () => {
    await world.startEry({ model: 'vision-model', windowMs: 60_000, env: { LLM_VISION: '1' } });
    const { message, request } = await askWith('vision-model', files);
    const content = batchTurn(request).content as Array<{ type: string; image_url?: { url: string } }>;
    expect(Array.isArray(content)).toBe(true);
    expect(textOf(content).startsWith(NEW_BATCH_HEADER)).toBe(true);
    const images = content.filter((part) => part.type === 'image_url');
    expect(images.map((part) => part.image_url?.url)).toEqual([
      `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`,
    ]);
    expect(lineOf(request, message.id)?.parts).toEqual([
      expect.objectContaining({ filename: 'screenshot.png', shown: 'as an image after this message' }),
      expect.objectContaining({
        filename: 'server.log',
        text: 'ERROR 42: the bot lost its gateway session\n',
      }),
      {
        type: 'attachment',
        filename: 'setup.exe',
        content_type: 'application/x-msdownload',
        size_bytes: 2048,
      },
    ]);
  });

  test('WHEN the model does not see images THEN no image is sent, and the text file is still read', async () => {
    await world.startEry({ model: 'text-model', windowMs: 60_000 });
    const { message, request } = await askWith('text-model', files);
    expect(typeof batchTurn(request).content).toBe('string');
    const parts = lineOf(request, message.id)?.parts ?? [];
    expect(parts[0]).toEqual({
      type: 'attachment',
      filename: 'screenshot.png',
      content_type: 'image/png',
      size_bytes: PNG.byteLength,
    });
    expect(parts[1]).toMatchObject({ text: 'ERROR 42: the bot lost its gateway session\n' });
  });

  test('WHEN a file is too large or missing THEN the model is told why it was not read, and the thread goes on', async () => {
    await world.startEry({ model: 'faulty-files', windowMs: 60_000 });
    const big = {
      channelId: channels.general,
      filename: 'huge.txt',
      contentType: 'text/plain',
      bytes: new Uint8Array(200 * 1024).fill(97),
    };
    const gone = playground.uploadAttachment({
      channelId: channels.general,
      filename: 'gone.md',
      bytes: new Uint8Array(3),
    });
    const message = playground.injectMessage({
      channelId: channels.general,
      authorId: users.alice,
      content: `<@${users.ery}> read these`,
      fields: { attachments: [playground.uploadAttachment(big), { ...gone, url: `${gone.url}-missing` }] },
    });
    llm.script('faulty-files', { reply: { content: 'done' } });
    await waitUntil(() => llm.calls('faulty-files').length >= 1);
    const parts = lineOf(llm.calls('faulty-files')[0] as RecordedRequest, message.id)?.parts ?? [];
    expect(parts[0]).toMatchObject({ filename: 'huge.txt', not_read: 'it is larger than 100 KB' });
    expect(parts[1]).toMatchObject({ filename: 'gone.md', not_read: 'Discord answered 404 for it' });
  });
});
