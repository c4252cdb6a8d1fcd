/**
 * The subject under test: the whole of Ery as `ery start` runs it (`runEry`: the discord.js client,
 * supervisor, channel actors, agent threads over the openai SDK, write-behind to a SQLite file),
 * logged in to the driver's playground and thinking with the driver's instant model. Logs are off
 * and the ops server is not started, so neither is measured.
 */
import { runEry } from '../../src/app/run.ts';
import { threads } from '../../src/db/schema.ts';
import { loadEnv } from '../../src/domain/config.ts';
import { silentLogger } from '../../src/logger.ts';
import type { SubjectConfig, ThreadRow } from '../support/protocol.ts';
import type { Subject } from './main.ts';

/** Reading every channel's summary costs ~10 ms at 100,000 channels: not at every poll. */
const SUMMARY_EVERY_MS = 100;

/** Starts Ery against the playground (login and resume included) and returns it as a subject. */
export async function startErySubject(config: SubjectConfig): Promise<Subject> {
  const env = loadEnv({
    ERY_DB_PATH: config.dbPath,
    LLM_BASE_URL: config.modelUrl,
    LLM_API_KEY: 'bench',
    LLM_MODEL: 'bench',
    ...config.env,
  });
  const ery = await runEry({
    env,
    logger: silentLogger,
    ops: false,
    target: { apiUrl: config.apiUrl, token: config.token },
  });
  const { supervisor, recentMessages } = ery.core;
  const received = async () => (await ery.metrics.messagesReceived.get()).values[0]?.value ?? 0;
  let summarisedAt = 0;

  // An idle channel may be in memory or passivated (stored, its actor gone): both count.
  const idle = (count: number): boolean => {
    const stats = supervisor.stats();
    if (stats.running + stats.waiting > 0 || stats.live + stats.passive < count) return false;
    const now = performance.now();
    if (now - summarisedAt < SUMMARY_EVERY_MS) return false;
    summarisedAt = now;
    return (
      supervisor.channels().filter((channel) => channel.status === 'idle').length + stats.passive >= count
    );
  };

  return {
    received,
    // Polled every few ms: the cheap checks first, so the harness takes next to nothing from Ery.
    reached: async (what, count) => {
      const written = () => supervisor.stats().pendingWrites === 0 && !recentMessages.dirty;
      if (what === 'received') return (await received()) >= count;
      if (what === 'stored') return (await received()) >= count && written();
      if (what === 'idle') return written() && idle(count);
      if (what === 'passive') return written() && supervisor.stats().passive >= count;
      throw new TypeError('Ery answers through its threads: await `idle`, then read `threads`');
    },
    threads: () => {
      supervisor.flush();
      const rows: ThreadRow[] = ery.core.db
        .select({
          id: threads.id,
          channelId: threads.channelId,
          status: threads.status,
          messageIds: threads.messageIds,
        })
        .from(threads)
        .all();
      return { type: 'threads', rows };
    },
    stop: () => ery.stop(),
  };
}
