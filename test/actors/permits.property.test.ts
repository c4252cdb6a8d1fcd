import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { PermitPool } from '../../actors/supervisor/permits.ts';

/** The rule written the plain way: sort every waiting channel, skip servers at their limit. */
function reference(
  pool: PermitPool,
  limits: { maxRunning: number; maxRunningPerGuild: number },
  guildOf: Map<string, string>,
) {
  const granted: string[] = [];
  let total = pool.runningCount;
  const planned = new Map<string, number>();
  for (const channelId of pool.waitingChannels) {
    if (total >= limits.maxRunning) break;
    const guildId = guildOf.get(channelId) as string;
    const inGuild = pool.runningIn(guildId) + (planned.get(guildId) ?? 0);
    if (inGuild >= limits.maxRunningPerGuild) continue;
    granted.push(channelId);
    planned.set(guildId, (planned.get(guildId) ?? 0) + 1);
    total += 1;
  }
  return granted;
}

describe('run permits', () => {
  test('GIVEN any waits, runs and releases over several servers THEN grants follow the rule: oldest request first, then id, skipping servers at their limit', () => {
    const step = fc.record({
      channel: fc.integer({ min: 1, max: 30 }),
      guild: fc.integer({ min: 1, max: 4 }),
      need: fc.constantFrom('none', 'waiting', 'running' as const),
      at: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 80 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 4 }),
        (steps, maxRunning, maxRunningPerGuild) => {
          const limits = { maxRunning, maxRunningPerGuild };
          const pool = new PermitPool(limits);
          const guildOf = new Map<string, string>();
          for (const { channel, guild, need, at } of steps) {
            const channelId = String(channel);
            // A channel belongs to one server for its whole life.
            const guildId = guildOf.get(channelId) ?? String(guild);
            guildOf.set(channelId, guildId);
            pool.observe(channelId, guildId, need, at);
            expect(pool.grantable()).toEqual(reference(pool, limits, guildOf));
            expect(pool.waitingCount).toBe(pool.waitingChannels.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
