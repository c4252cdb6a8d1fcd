import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { JoinGate, type RaidSummary } from '../../../src/app/welcome/join-gate.ts';
import { raidLine } from '../../../src/app/welcome/raid-line.ts';
import { RaidPolicy } from '../../../src/domain/welcome-policy.ts';

/** A gate on a simulated clock, and what it released. */
function gate() {
  const clock = new SimulatedClock();
  const welcomed: string[] = [];
  const raids: RaidSummary[] = [];
  const joins = new JoinGate<{ guildId: string; name: string }>({
    clock,
    welcome: (join) => welcomed.push(join.name),
    raid: (summary) => raids.push(summary),
  });
  return { clock, welcomed, raids, joins };
}

const policy = RaidPolicy.parse({ joins: 3, windowMs: 60_000, holdMs: 5_000 });
const join = (name: string, guildId = '1') => ({ guildId, name });

describe('join gate', () => {
  test('GIVEN joins spread out THEN each is welcomed once its hold has passed', () => {
    const { clock, welcomed, raids, joins } = gate();
    joins.add(join('a'), policy);
    clock.increment(4_999);
    expect(welcomed).toEqual([]);
    clock.increment(1);
    expect(welcomed).toEqual(['a']);
    clock.increment(30_000);
    joins.add(join('b'), policy);
    clock.increment(5_000);
    expect(welcomed).toEqual(['a', 'b']);
    expect(raids).toEqual([]);
  });

  test('GIVEN N joins within the window THEN none still held is welcomed and one summary follows a quiet window', () => {
    const { clock, welcomed, raids, joins } = gate();
    joins.add(join('a'), policy);
    clock.increment(6_000); // a is welcomed: the raid had not started
    joins.add(join('b'), policy);
    clock.increment(1_000);
    joins.add(join('c'), policy); // the third within 60 s: a raid
    clock.increment(1_000);
    for (const name of ['d', 'e', 'f', 'g', 'h']) joins.add(join(name), policy);
    clock.increment(59_999);
    expect(raids).toEqual([]);
    clock.increment(1);
    expect(welcomed).toEqual(['a']);
    expect(raids).toHaveLength(1);
    expect(raids[0]).toMatchObject({ guildId: '1', count: 7, names: ['b', 'c', 'd', 'e', 'f'], joins: 3 });
    expect(raidLine(raids[0] as RaidSummary)).toContain('b, c, d, e, f and 2 more');
    // Over: the next join is welcomed again.
    joins.add(join('z'), policy);
    clock.increment(5_000);
    expect(welcomed).toEqual(['a', 'z']);
  });

  test('GIVEN two servers THEN a raid in one holds no welcome in the other', () => {
    const { clock, welcomed, raids, joins } = gate();
    for (const name of ['a', 'b', 'c']) joins.add(join(name, '1'), policy);
    joins.add(join('x', '2'), policy);
    clock.increment(5_000);
    expect(welcomed).toEqual(['x']);
    clock.increment(60_000);
    expect(raids.map((r) => r.guildId)).toEqual(['1']);
  });

  test('GIVEN stop THEN nothing waiting is released', () => {
    const { clock, welcomed, joins } = gate();
    joins.add(join('a'), policy);
    joins.stop();
    clock.increment(10_000);
    expect(welcomed).toEqual([]);
  });
});
