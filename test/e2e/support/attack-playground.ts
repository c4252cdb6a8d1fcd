import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteAuditSink, listAudit } from '../../../src/db/audit-log.ts';
import { openDatabase } from '../../../src/db/client.ts';
import type { DiscordConnection } from '../../../src/discord/connection.ts';
import { type Playground, startPlayground } from '../../../src/playground/index.ts';
import type { DiscordWorld } from '../../support/discord-world.ts';
import type { AttackHarness } from '../../tools/attacks/suite.ts';
import { connectToPlayground } from './connect-playground.ts';
import { markRecord } from './playground-record.ts';
import { seedWorld } from './seed-world.ts';

/** A harness of the attack suite, plus the playground behind it for extra checks. */
export interface PlaygroundHarness extends AttackHarness {
  pg: Playground;
  connection: DiscordConnection;
  close: () => Promise<void>;
}

/** Makes playground harnesses for one test file and closes whatever is left in `closeAll`. */
export interface PlaygroundHarnesses {
  /**
   * A fresh playground seeded with the world, Ery's real discord.js client (`connectDiscord`) logged
   * in as the world's bot, a real SQLite audit log, and checks on the playground's own record.
   */
  create(): Promise<PlaygroundHarness>;
  /** For afterAll: closes every harness a test did not (a timed-out test skips its `finally`). */
  closeAll(): Promise<void>;
}

/** The thread id the attack suite runs its calls in (see suite.ts). */
const ATTACK_THREAD = 'attack-thread';

/**
 * Harnesses over `world`. Each case gets its own playground (cheap: a few ms), so an attack that got
 * through could not leak into the next case, and Discord's real rate limits never bind.
 */
export function playgroundHarnesses(world: DiscordWorld): PlaygroundHarnesses {
  const open = new Set<PlaygroundHarness>();
  const guildIds = world.guilds.map((guild) => guild.id);
  let dir: string | undefined;
  let count = 0;

  async function create(): Promise<PlaygroundHarness> {
    dir ??= mkdtempSync(join(tmpdir(), 'ery-attacks-'));
    const pg = await startPlayground({ seed: seedWorld(world) });
    let connection: DiscordConnection;
    try {
      connection = await connectToPlayground(pg, {
        token: pg.tokenFor(world.botUserId),
        onMessage: () => {},
      });
    } catch (error) {
      await pg.stop();
      throw error;
    }
    const db = openDatabase(join(dir, `audit-${++count}.db`));
    // Marked after login: the session's own requests are not the call's.
    const record = markRecord(pg, guildIds);
    let closed: Promise<void> | undefined;
    const harness: PlaygroundHarness = {
      pg,
      connection,
      actions: connection.actions,
      now: Date.now,
      audit: {
        sink: createSqliteAuditSink(db),
        // listAudit reads newest first; the suite expects the order they were written in.
        rows: () => listAudit(db, { threadId: ATTACK_THREAD, limit: 100 }).reverse(),
      },
      expectNothingChanged: () => record.expectNothingChanged(),
      expectChanged: (control) => record.expectChanged(control, world.botUserId),
      close() {
        closed ??= (async () => {
          open.delete(harness);
          await connection.stop();
          await pg.stop();
          db.$client.close();
        })();
        return closed;
      },
    };
    open.add(harness);
    return harness;
  }

  return {
    create,
    async closeAll() {
      for (const harness of [...open]) await harness.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
