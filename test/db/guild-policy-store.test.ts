import { describe, expect, test } from 'bun:test';
import { openDatabase } from '../../src/db/client.ts';
import { GuildPolicyStore } from '../../src/db/guild-policy-store.ts';
import { defaultGuildPolicy } from '../../src/domain/guild-policy.ts';
import { captureLogger } from '../support/capture-logger.ts';

/** A second process's write: straight to the table, past this store. */
function writeRow(db: ReturnType<typeof openDatabase>, guildId: string, text: string) {
  db.$client
    .query(
      `INSERT INTO guild_policies (guild_id, policy, updated_at) VALUES (?, ?, 0)
       ON CONFLICT (guild_id) DO UPDATE SET policy = excluded.policy`,
    )
    .run(guildId, text);
}

describe('GuildPolicyStore reads', () => {
  test('GIVEN a stored policy read twice THEN the same frozen policy comes back; a change by another process is read at once', () => {
    const db = openDatabase(':memory:');
    const store = new GuildPolicyStore(db, captureLogger().logger);
    store.set('10', { rules: 'be kind' });
    const first = store.get('10');
    expect(first.rules).toBe('be kind');
    expect(store.get('10')).toBe(first);
    expect(Object.isFrozen(first.allowMentions)).toBe(true);

    writeRow(db, '10', JSON.stringify({ rules: 'be brief' }));
    expect(store.get('10').rules).toBe('be brief');
    store.set('10', { rules: 'be kind' });
    expect(store.get('10').rules).toBe('be kind');
    expect(store.remove('10')).toBe(true);
    expect(store.get('10')).toBe(defaultGuildPolicy);
  });

  test('GIVEN a stored policy that no longer validates THEN every read gets the default and logs the error', () => {
    const db = openDatabase(':memory:');
    const { logger, lines } = captureLogger();
    const store = new GuildPolicyStore(db, logger);
    store.set('10', { rules: 'be kind' });
    store.get('10');
    writeRow(db, '10', JSON.stringify({ rules: 42 }));
    expect(store.get('10')).toBe(defaultGuildPolicy);
    expect(store.get('10')).toBe(defaultGuildPolicy);
    expect(lines.filter((line) => line.event === 'policy.invalid')).toHaveLength(2);
  });

  test('GIVEN a stored policy that is not JSON (damaged on disk) THEN the read gets the default and logs it, never throws', () => {
    const db = openDatabase(':memory:');
    const { logger, lines } = captureLogger();
    const store = new GuildPolicyStore(db, logger);
    writeRow(db, '10', '{"rules": "be kin');
    expect(store.get('10')).toBe(defaultGuildPolicy);
    expect(lines.some((line) => line.event === 'policy.invalid')).toBe(true);
  });
});
