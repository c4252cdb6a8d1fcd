import { openDatabase } from '../db/client.ts';
import type { Env } from '../domain/config.ts';
import type { Logger } from '../logger.ts';

/** `ery migrate`: applies every pending migration to `ERY_DB_PATH` and exits. */
export function migrateCommand(env: Env, logger: Logger): void {
  const db = openDatabase(env.ERY_DB_PATH);
  const applied = db.$client.query('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
  db.$client.close();
  logger.info({ path: env.ERY_DB_PATH, migrations: applied.n }, 'database is up to date');
}
