import { sql } from 'drizzle-orm';
import type { ChannelSettings } from '../../machines/channel.machine.ts';
import { ChannelSettingsOverride } from '../domain/channel-settings.ts';
import type { Logger } from '../logger.ts';
import type { EryDatabase } from './client.ts';
import { configOverrides } from './schema.ts';

/** Where an override applies. `global` uses the scope id ''. */
export type ConfigScope = 'global' | 'guild' | 'channel';

/**
 * Layered channel settings: env defaults ← global ← server ← channel overrides from SQLite.
 * Overrides are cached in memory (read on every new channel) and written through on change.
 */
export class ConfigStore {
  private readonly overrides = new Map<string, ChannelSettingsOverride>();

  constructor(
    private readonly db: EryDatabase,
    private readonly defaults: ChannelSettings,
    private readonly logger: Logger,
  ) {
    for (const row of db.select().from(configOverrides).all()) {
      const parsed = ChannelSettingsOverride.safeParse(row.values);
      if (parsed.success) this.overrides.set(key(row.scope, row.scopeId), parsed.data);
      else
        this.logger.warn(
          { scope: row.scope, scopeId: row.scopeId },
          'ignoring an invalid stored config override',
        );
    }
  }

  /** Settings for one channel, every layer applied. */
  resolve(guildId: string, channelId: string): ChannelSettings {
    return {
      ...this.defaults,
      ...this.overrides.get(key('global', '')),
      ...this.overrides.get(key('guild', guildId)),
      ...this.overrides.get(key('channel', channelId)),
    };
  }

  /**
   * Merges `values` into the override of a scope and persists it. Throws a zod error naming the
   * bad field when a value is out of range; nothing is stored then.
   */
  set(scope: ConfigScope, scopeId: string, values: unknown): ChannelSettingsOverride {
    const merged = ChannelSettingsOverride.parse({
      ...this.overrides.get(key(scope, scopeId)),
      ...(values as object),
    });
    const id = scope === 'global' ? '' : scopeId;
    this.db
      .insert(configOverrides)
      .values({ scope, scopeId: id, values: merged, updatedAt: Date.now() })
      .onConflictDoUpdate({
        target: [configOverrides.scope, configOverrides.scopeId],
        set: { values: sql`excluded."values"`, updatedAt: sql`excluded.updated_at` },
      })
      .run();
    this.overrides.set(key(scope, id), merged);
    return merged;
  }
}

const key = (scope: string, scopeId: string) => `${scope}:${scopeId}`;
