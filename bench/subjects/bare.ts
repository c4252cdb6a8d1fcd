/**
 * The baseline subject: a bare discord.js client built exactly as Ery builds its own (same intents,
 * partials and REST options), with none of Ery behind it. It counts the person's messages; with
 * `answer`, it asks the model about each mention at once and sends the message the model asks for.
 */
import { Events, type Message } from 'discord.js';
import OpenAI from 'openai';
import { createDiscordClient } from '../../src/discord/client.ts';
import { loginWithTimeout } from '../../src/discord/login.ts';
import { SEND_MESSAGE_TOOL } from '../support/instant-model.ts';
import type { SubjectConfig } from '../support/protocol.ts';
import type { Subject } from './main.ts';

/** Logs a bare client in to the playground and returns it as a subject. */
export async function startBareSubject(config: SubjectConfig): Promise<Subject> {
  const client = createDiscordClient({ apiUrl: config.apiUrl });
  const model = new OpenAI({ baseURL: config.modelUrl, apiKey: 'bench' });
  let received = 0;
  let answered = 0;

  const answer = async (message: Message): Promise<void> => {
    const reply = await model.chat.completions.create({
      model: 'bench',
      messages: [{ role: 'user', content: message.content }],
      tools: [SEND_MESSAGE_TOOL],
    });
    const call = reply.choices[0]?.message.tool_calls?.[0];
    if (call?.type === 'function') {
      const { content } = JSON.parse(call.function.arguments) as { content: string };
      if (message.channel.isSendable()) await message.channel.send(content);
    }
    answered += 1;
  };

  client.on(Events.MessageCreate, (message) => {
    if (message.author.id === config.botId) return;
    received += 1;
    if (config.answer && message.mentions.users.has(config.botId)) {
      answer(message).catch((error: unknown) => process.stderr.write(`bare answer failed: ${error}\n`));
    }
  });
  await loginWithTimeout(client, config.token, { apiUrl: config.apiUrl, timeoutMs: 120_000 });

  return {
    received: async () => received,
    reached: async (what, count) => (what === 'answered' ? answered : received) >= count,
    threads: () => ({ type: 'threads', rows: [] }),
    stop: async () => {
      await client.destroy();
    },
  };
}
