import { eq } from 'drizzle-orm';
import { deepFreeze } from '../domain/deep-freeze.ts';
import { DEFAULT_SERVER_SETTINGS, ServerSettings } from '../domain/server-settings.ts';
import type { Logger } from '../logger.ts';
import type { EryDatabase } from './client.ts';
import { serverSettings } from './schema.ts';

/**
 * Server settings from SQLite (`server_settings`), cached in memory: every received message asks
 * for them, so a read is a map lookup. Writes go through to the database and the cache at once,
 * so a change applies to the next message without a restart. A stored row that no longer
 * validates falls back to the defaults with an error in the log.
 */
export class ServerSettingsStore {
  readonly #cache = new Map<string, ServerSettings>();

  constructor(
    private readonly db: EryDatabase,
    private readonly logger: Logger,
  ) {
    for (const row of db.select().from(serverSettings).all()) {
      const parsed = ServerSettings.safeParse(row.settings);
      if (parsed.success) this.#cache.set(row.guildId, deepFreeze(parsed.data));
      else
        logger.error(
          { event: 'server_settings.invalid', guildId: row.guildId, issues: parsed.error.issues },
          'stored server settings are invalid; using the defaults',
        );
    }
  }

  /** The server's settings (frozen), the defaults when it set none. */
  get(guildId: string): ServerSettings {
    return this.#cache.get(guildId) ?? DEFAULT_SERVER_SETTINGS;
  }

  /**
   * Merges `change` into the server's settings and stores them. Throws a ZodError naming the bad
   * field; nothing is stored then. Returns the settings now in force.
   */
  update(guildId: string, change: Partial<ServerSettings>): ServerSettings {
    const next = deepFreeze(ServerSettings.parse({ ...this.get(guildId), ...change }));
    const now = Date.now();
    this.db
      .insert(serverSettings)
      .values({ guildId, settings: next, updatedAt: now })
      .onConflictDoUpdate({ target: serverSettings.guildId, set: { settings: next, updatedAt: now } })
      .run();
    this.#cache.set(guildId, next);
    this.logger.info(
      { event: 'server_settings.updated', guildId, fields: Object.keys(change) },
      'server settings changed',
    );
    return next;
  }

  /** Puts `field` back to its default. */
  reset(guildId: string, field: keyof ServerSettings): ServerSettings {
    return this.update(guildId, { [field]: DEFAULT_SERVER_SETTINGS[field] });
  }

  /** Deletes every setting of a server. Returns whether it had any. */
  remove(guildId: string): boolean {
    this.#cache.delete(guildId);
    return (
      this.db.delete(serverSettings).where(eq(serverSettings.guildId, guildId)).returning().all().length > 0
    );
  }
}
