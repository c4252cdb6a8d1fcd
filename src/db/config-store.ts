import { and, eq, sql } from 'drizzle-orm';
import {
  applySettingsPatch,
  type ChannelSettings,
  ChannelSettingsOverride,
  ChannelSettingsPatch,
} from '../domain/channel-settings.ts';
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
          { event: 'config.override.invalid', scope: row.scope, scopeId: row.scopeId },
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
   * Applies a change to the override of a scope and persists it (see {@link ChannelSettingsPatch}):
   * a value sets a field, `null` removes it, an absent field is kept. When no field is left the
   * override's row is deleted. Returns what the scope now overrides (`{}` for nothing). Throws a zod
   * error naming the bad field when the change is invalid; nothing is stored then.
   */
  set(scope: ConfigScope, scopeId: string, patch: unknown): ChannelSettingsOverride {
    const id = scope === 'global' ? '' : scopeId;
    const next = applySettingsPatch(
      this.overrides.get(key(scope, id)) ?? {},
      ChannelSettingsPatch.parse(patch),
    );
    if (Object.keys(next).length === 0) {
      this.remove(scope, id);
      return next;
    }
    this.db
      .insert(configOverrides)
      .values({ scope, scopeId: id, values: next, updatedAt: Date.now() })
      .onConflictDoUpdate({
        target: [configOverrides.scope, configOverrides.scopeId],
        set: { values: sql`excluded."values"`, updatedAt: sql`excluded.updated_at` },
      })
      .run();
    this.overrides.set(key(scope, id), next);
    return next;
  }

  /** The override of one scope, or undefined when it has none. */
  get(scope: ConfigScope, scopeId: string): ChannelSettingsOverride | undefined {
    return this.overrides.get(key(scope, scope === 'global' ? '' : scopeId));
  }

  /** Deletes the override of a scope, so its channels fall through to the wider scope. Returns whether there was one. */
  remove(scope: ConfigScope, scopeId: string): boolean {
    const id = scope === 'global' ? '' : scopeId;
    const rows = this.db
      .delete(configOverrides)
      .where(and(eq(configOverrides.scope, scope), eq(configOverrides.scopeId, id)))
      .returning()
      .all();
    // A stored row that no longer validated was never loaded, but it was still an override.
    return this.overrides.delete(key(scope, id)) || rows.length > 0;
  }
}

const key = (scope: string, scopeId: string) => `${scope}:${scopeId}`;
