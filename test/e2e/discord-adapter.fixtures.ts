import { afterAll, beforeAll } from 'bun:test';
import type { DiscordConnection } from '../../src/discord/connection.ts';
import { type Playground, type PlaygroundEvent, startPlayground } from '../../src/playground/index.ts';
import { Inbox } from '../discord/inbox.ts';
import { connectToPlayground } from './support/connect-playground.ts';

export type PgEvent = PlaygroundEvent;

export let pg: Playground;

export let discord: DiscordConnection;

export const inbox = new Inbox();

/** Posts as a demo member (in #general unless told) and returns the new message's id. */
export function post(
  authorId: string,
  content: string,
  replyToId?: string,
  channelId = pg.demo.channels.general,
): string {
  const message = pg.postMessage({
    channelId,
    authorId,
    content,
    ...(replyToId ? { replyToId } : {}),
  });
  return message.id;
}

/** Playground events of `type` that concern `predicate`, in order. */
export function eventsOf<T extends PgEvent['type']>(
  type: T,
  predicate: (e: Extract<PgEvent, { type: T }>) => boolean = () => true,
) {
  return pg
    .events()
    .filter(
      (e): e is Extract<PgEvent, { type: T }> =>
        e.type === type && predicate(e as Extract<PgEvent, { type: T }>),
    );
}

/** Starts a playground and connects the real discord.js client to it before the calling file's tests; stops both after. */
export function useConnectedPlayground(): void {
  beforeAll(async () => {
    pg = await startPlayground();
    discord = await connectToPlayground(pg, { onMessage: inbox.push });
  });
  afterAll(async () => {
    await discord?.stop();
    await pg?.stop();
  });
}
