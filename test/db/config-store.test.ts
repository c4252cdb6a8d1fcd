import { describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.ts';
import { ConfigStore } from '../../src/db/config-store.ts';
import { configOverrides } from '../../src/db/schema.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { silentLogger } from '../../src/logger.ts';

describe('config store', () => {
  test('GIVEN global, server and channel overrides THEN the narrowest scope wins field by field', () => {
    const db = openDatabase(':memory:');
    const store = new ConfigStore(db, DEFAULT_CHANNEL_SETTINGS, silentLogger);
    store.set('global', '', { batchSize: 3, cooldownMs: 10 });
    store.set('guild', '10', { batchSize: 4 });
    store.set('channel', '100', { batchWindowMs: 5 });
    expect(store.resolve('10', '100')).toEqual({
      ...DEFAULT_CHANNEL_SETTINGS,
      batchSize: 4,
      cooldownMs: 10,
      batchWindowMs: 5,
    });
    expect(store.resolve('20', '200').batchSize).toBe(3);
    // A second change to a scope merges into it, and both survive a reload from the database.
    store.set('guild', '10', { cooldownMs: 7 });
    const reloaded = new ConfigStore(db, DEFAULT_CHANNEL_SETTINGS, silentLogger).resolve('10', '100');
    expect(reloaded).toMatchObject({ batchSize: 4, cooldownMs: 7, batchWindowMs: 5 });
  });

  test('GIVEN an out-of-range value THEN it is refused and nothing changes', () => {
    const store = new ConfigStore(openDatabase(':memory:'), DEFAULT_CHANNEL_SETTINGS, silentLogger);
    expect(() => store.set('guild', '10', { batchSize: 0 })).toThrow();
    expect(() => store.set('guild', '10', { batchSise: 2 })).toThrow();
    expect(store.resolve('10', '1')).toEqual(DEFAULT_CHANNEL_SETTINGS);
  });

  test('GIVEN overrides in a real SQLite file WHEN a field is set to null and a scope removed THEN a reload from the file agrees', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ery-config-'));
    try {
      const path = join(dir, 'ery.db');
      const db = openDatabase(path);
      const store = new ConfigStore(db, DEFAULT_CHANNEL_SETTINGS, silentLogger);
      store.set('global', '', { batchSize: 3 });
      store.set('guild', '10', { batchSize: 4, cooldownMs: 7 });
      store.set('channel', '100', { batchWindowMs: 5 });
      expect(store.set('guild', '10', { batchSize: null })).toEqual({ cooldownMs: 7 });
      expect(store.remove('channel', '100')).toBe(true);
      expect(store.remove('channel', '100')).toBe(false);
      expect(store.get('channel', '100')).toBeUndefined();
      db.$client.close();

      const reopened = openDatabase(path);
      const reloaded = new ConfigStore(reopened, DEFAULT_CHANNEL_SETTINGS, silentLogger);
      expect(reloaded.resolve('10', '100')).toEqual({
        ...DEFAULT_CHANNEL_SETTINGS,
        batchSize: 3,
        cooldownMs: 7,
      });
      // The last field set to null takes the row with it.
      expect(reloaded.set('guild', '10', { cooldownMs: null })).toEqual({});
      expect(
        reopened
          .select()
          .from(configOverrides)
          .all()
          .map((row) => row.scope),
      ).toEqual(['global']);
      reopened.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN a change that sets one field and nulls a misspelt one THEN all of it is refused', () => {
    const store = new ConfigStore(openDatabase(':memory:'), DEFAULT_CHANNEL_SETTINGS, silentLogger);
    store.set('guild', '10', { batchSize: 4 });
    expect(() => store.set('guild', '10', { batchSize: null, cooldownMS: null })).toThrow();
    expect(() => store.set('guild', '10', { batchSize: -1 })).toThrow();
    expect(store.get('guild', '10')).toEqual({ batchSize: 4 });
  });

  test('GIVEN a stored override that no longer validates WHEN it is removed THEN the removal reports it', () => {
    const db = openDatabase(':memory:');
    db.insert(configOverrides)
      .values({ scope: 'guild', scopeId: '10', values: { batchSize: 0 }, updatedAt: 0 })
      .run();
    const store = new ConfigStore(db, DEFAULT_CHANNEL_SETTINGS, silentLogger);
    expect(store.resolve('10', '1')).toEqual(DEFAULT_CHANNEL_SETTINGS);
    expect(store.remove('guild', '10')).toBe(true);
    expect(db.select().from(configOverrides).all()).toHaveLength(0);
  });
});
