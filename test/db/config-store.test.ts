import { describe, expect, test } from 'bun:test';
import { DEFAULT_CHANNEL_SETTINGS } from '../../machines/channel.machine.ts';
import { openDatabase } from '../../src/db/client.ts';
import { ConfigStore } from '../../src/db/config-store.ts';
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
});
