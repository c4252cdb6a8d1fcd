/**
 * The database an Ery leaves behind when it stops with many channels: every channel persisted, most
 * idle, some busy with a thread in flight on a mention. The busy ones are made by the real
 * supervisor and SQLite store (an agent that never finishes keeps their threads running until the
 * supervisor stops); the idle ones are copies of one channel the real supervisor ran to `idle`.
 */
import { fromPromise } from 'xstate';
import { asAgentThread } from '../../actors/channel-actor.ts';
import { createStandInAgent } from '../../actors/stand-in-agent.ts';
import type { ChannelRecord, SnapshotStore } from '../../actors/supervisor/snapshot-store.ts';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { openDatabase } from '../../src/db/client.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import type { ChatMessage } from '../../src/domain/message.ts';
import { silentLogger } from '../../src/logger.ts';
import { closeWhole } from './stage.ts';
import { guildOfChannel } from './world.ts';

/** Rows written per transaction while copying the idle channel. */
const CHUNK = 5_000;

/** A message the person posted, as Ery's gateway adapter would have normalised it. */
export function chatMessage(
  posted: { id: string; channelId: string; content: string; createdAt: number },
  botId: string,
  personId: string,
): ChatMessage {
  return {
    id: posted.id,
    channelId: posted.channelId,
    guildId: guildOfChannel(posted.channelId),
    author: { id: personId, name: 'sender', bot: false },
    content: posted.content,
    mentions: { users: [botId], roles: [], everyone: false },
    replyToId: null,
    mentionsBot: true,
    createdAt: posted.createdAt,
  };
}

const settle = async (supervisor: Supervisor, done: () => boolean) => {
  while (!done()) await Bun.sleep(1);
  supervisor.flush();
};

/**
 * Writes to `dbPath`: each of `busy` (a mention each) as a channel whose thread was running when
 * Ery stopped, and every one of `idle` as an idle channel that once ran a thread.
 */
export async function persistWorld(
  dbPath: string,
  busy: readonly ChatMessage[],
  idle: readonly string[],
): Promise<void> {
  const db = openDatabase(dbPath);
  const store = createSqliteSnapshotStore(db);
  try {
    // Idle first: a supervisor that starts resumes busy rows, and these must stay as the hanging one leaves them.
    const [first, ...rest] = idle;
    if (first !== undefined) await persistIdle(store, first, rest, busy[0] as ChatMessage);
    const hanging = new Supervisor({
      store,
      agentThread: asAgentThread(fromPromise<{ threadId: string }, unknown>(() => new Promise(() => {}))),
      limits: { maxRunning: busy.length, maxRunningPerGuild: busy.length },
      settingsFor: () => DEFAULT_CHANNEL_SETTINGS,
    });
    hanging.start();
    for (const message of busy) hanging.receive(message);
    await settle(hanging, () => hanging.stats().running === busy.length);
    hanging.stop();
  } finally {
    closeWhole(db);
  }
}

/** Runs one channel to `idle` with the real supervisor, and copies its row to every other idle channel. */
async function persistIdle(
  store: SnapshotStore,
  first: string,
  rest: readonly string[],
  like: ChatMessage,
): Promise<void> {
  const settings = { ...DEFAULT_CHANNEL_SETTINGS, batchWindowMs: 0, cooldownMs: 0 };
  const template = new Supervisor({
    store,
    agentThread: asAgentThread(createStandInAgent(silentLogger)),
    limits: { maxRunning: 1, maxRunningPerGuild: 1 },
    settingsFor: () => settings,
  });
  template.start();
  const opener = { ...like, id: '1000000000000000001', channelId: first, mentionsBot: false };
  template.receive({
    ...opener,
    guildId: guildOfChannel(first),
    mentions: { users: [], roles: [], everyone: false },
  });
  await settle(template, () => template.channels()[0]?.status === 'idle');
  template.stop();
  const row = store.load(first) as ChannelRecord;
  const text = JSON.stringify(row.snapshot);
  const copy = (channelId: string): ChannelRecord => {
    const json = text.replaceAll(first, channelId).replaceAll(row.guildId, guildOfChannel(channelId));
    return {
      ...row,
      channelId,
      guildId: guildOfChannel(channelId),
      lastEventSeq: 0,
      snapshot: JSON.parse(json),
      snapshotJson: json,
    };
  };
  for (let at = 0; at < rest.length; at += CHUNK) {
    const channels = rest.slice(at, at + CHUNK).map(copy);
    store.write({ channels, events: [], threads: [], checkpoints: [] });
  }
}
