import { openDatabase } from '../db/client.ts';
import { claimDatabase } from '../db/database-lock.ts';
import type { Env } from '../domain/config.ts';
import type { Logger } from '../logger.ts';

/**
 * `ery migrate`: applies every pending migration to `ERY_DB_PATH` and exits. It refuses, like a
 * second `ery start`, while an Ery runs on that database: that Ery applied them when it started.
 */
export function migrateCommand(env: Env, logger: Logger): void {
  const claim = claimDatabase(env.ERY_DB_PATH);
  let applied: { n: number };
  try {
    const db = openDatabase(env.ERY_DB_PATH);
    applied = db.$client.query('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
    db.$client.close();
  } finally {
    claim.release();
  }
  logger.info({ path: env.ERY_DB_PATH, migrations: applied.n }, 'database is up to date');
}
