import { Database } from 'bun:sqlite';
import { existsSync } from 'node:fs';
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
  let before: number;
  let after: number;
  try {
    before = appliedMigrations(env.ERY_DB_PATH);
    const db = openDatabase(env.ERY_DB_PATH);
    db.$client.close();
    after = appliedMigrations(env.ERY_DB_PATH);
  } finally {
    claim.release();
  }
  const applied = after - before;
  logger.info(
    { event: 'db.migrated', path: env.ERY_DB_PATH, applied, migrations: after },
    applied > 0
      ? `applied ${applied} migration${applied === 1 ? '' : 's'}; the database is up to date`
      : 'the database was already up to date',
  );
}

/** How many migrations drizzle has recorded in the database at `path`; 0 for a new file. */
function appliedMigrations(path: string): number {
  if (path === ':memory:' || !existsSync(path)) return 0;
  const db = new Database(path, { readonly: true });
  try {
    const row = db
      .query("SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'")
      .get() as {
      n: number;
    };
    if (row.n === 0) return 0;
    return (db.query('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
