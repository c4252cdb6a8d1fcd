/**
 * Replays raw Discord payloads through the playground into Ery's real Discord adapter
 * (`connectDiscord`, the real discord.js client), and shows what the model would read of each: the
 * live ChatMessage and the same message read back from channel history, both rendered as transcript
 * lines.
 */
import { afterAll, beforeAll } from 'bun:test';
import type { DiscordConnection } from '../../../src/discord/connection.ts';
import type { HistoryMessage } from '../../../src/discord/port.ts';
import type { ChatMessage } from '../../../src/domain/message.ts';
import { formatMessageLine } from '../../../src/llm/context.ts';
import { type Playground, startPlayground } from '../../../src/playground/index.ts';
import { Inbox } from '../../discord/inbox.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import type { Payload } from '../../support/discord-payloads.ts';
import { connectToPlayground } from './connect-playground.ts';

export type Line = Record<string, unknown>;

/** What Ery made of one injected payload, fed live and read back from history, and both rendered. */
export interface Seen {
  message: ChatMessage;
  history: HistoryMessage;
  line: Line;
  historyLine: Line;
}

/** A playground with Ery's adapter logged in; `stop()` when done. */
export interface PayloadFeed {
  pg: Playground;
  discord: DiscordConnection;
  inbox: Inbox;
  logLines: Array<Record<string, unknown>>;
  /** Injects `payload` in #general and waits until Ery has it live and in history. */
  replay(payload: Payload, authorId?: string): Promise<Seen>;
  /** The message's line as the model reads it (new batch unless `isNew` is false). */
  render(message: ChatMessage | HistoryMessage, isNew?: boolean): Line;
  stop(): Promise<void>;
}

export async function startPayloadFeed(): Promise<PayloadFeed> {
  const pg = await startPlayground();
  const inbox = new Inbox();
  const log = captureLogger();
  const discord = await connectToPlayground(pg, { logger: log.logger, onMessage: inbox.push });
  const render = (m: ChatMessage | HistoryMessage, isNew = true) =>
    JSON.parse(formatMessageLine(m, { isNew, selfId: pg.botUserId })) as Line;
  return {
    pg,
    discord,
    inbox,
    logLines: log.lines,
    render,
    async replay(payload, authorId = pg.demo.users.alice) {
      const channelId = pg.demo.channels.general;
      const sent = pg.injectMessage({ channelId, authorId, ...payload });
      const message = await inbox.waitFor((m) => m.id === sent.id);
      const history = (await discord.actions.fetchMessages({ channelId, limit: 100 })).find(
        (m) => m.id === sent.id,
      );
      if (!history) throw new Error(`message ${sent.id} is not in the channel history`);
      return { message, history, line: render(message), historyLine: render(history, false) };
    },
    async stop() {
      await discord.stop();
      await pg.stop();
    },
  };
}

/**
 * One feed for the test file that calls it, started before its tests and stopped after; read it
 * through the returned getter inside tests.
 */
export function usePayloadFeed(): () => PayloadFeed {
  let feed: PayloadFeed | undefined;
  beforeAll(async () => {
    feed = await startPayloadFeed();
  });
  afterAll(async () => {
    await feed?.stop();
  });
  return () => {
    if (!feed) throw new Error('the payload feed is not started yet');
    return feed;
  };
}
