/**
 * Cost of one channel actor: time to create + start an idle one, and heap per idle actor.
 * Baseline, measured in the same run: a bare XState actor with a similar context and no timers.
 * Each case runs in its own process, so one case's garbage never shows up in another's heap.
 * Run: `ery bench channel-actor-cost` or `bun bench/channel-actor-cost.ts [count]`.
 */
import { assign, createActor, setup } from 'xstate';
import { asAgentThread, createChannelActor } from '../actors/channel-actor.ts';
import { systemClock } from '../actors/clock.ts';
import { createStandInAgent } from '../actors/stand-in-agent.ts';
import { silentLogger } from '../src/logger.ts';

interface Figures {
  perActorUs: number;
  heapPerActorBytes: number;
}

const CASES = {
  'bare xstate actor': () => {
    const bare = setup({}).createMachine({
      context: { batch: [] as unknown[], queue: [] as unknown[] },
      on: { ping: { actions: assign({ batch: [] }) } },
    });
    return () => createActor(bare).start();
  },
  'idle channel actor': () => {
    const agentThread = asAgentThread(createStandInAgent(silentLogger));
    return (index: number) =>
      createChannelActor({
        agentThread,
        clock: systemClock,
        input: { channelId: String(index + 1), guildId: '1', permitRequired: true },
      }).start();
  },
} satisfies Record<string, () => (index: number) => { stop(): void }>;
type CaseName = keyof typeof CASES;

function measure(name: CaseName, count: number): Figures {
  const create = CASES[name]();
  // Warm up, so one-time costs (module set-up, JIT) are not counted.
  for (const actor of Array.from({ length: 2_000 }, (_, index) => create(index))) actor.stop();
  Bun.gc(true);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const actors = Array.from({ length: count }, (_, index) => create(index));
  const elapsed = performance.now() - started;
  Bun.gc(true);
  const heapAfter = process.memoryUsage().heapUsed;
  for (const actor of actors) actor.stop();
  return { perActorUs: (elapsed * 1000) / count, heapPerActorBytes: (heapAfter - heapBefore) / count };
}

const caseArg = process.argv.indexOf('--case');
if (caseArg !== -1) {
  const name = process.argv[caseArg + 1] as CaseName;
  const count = Number(process.argv[caseArg + 2]);
  process.stdout.write(JSON.stringify(measure(name, count)));
} else {
  const count = Number(process.argv[2] ?? 20_000);
  console.log(`${count} idle actors, Bun ${Bun.version}, each case in its own process`);
  const results = {} as Record<CaseName, Figures>;
  for (const name of Object.keys(CASES) as CaseName[]) {
    const child = Bun.spawnSync([process.execPath, import.meta.path, '--case', name, String(count)]);
    if (!child.success) throw new Error(`case ${name} failed: ${child.stderr.toString()}`);
    const figures = JSON.parse(child.stdout.toString()) as Figures;
    results[name] = figures;
    console.log(
      `${name.padEnd(20)} ${figures.perActorUs.toFixed(1).padStart(7)} µs/actor  ${(figures.heapPerActorBytes / 1024).toFixed(2).padStart(6)} KiB/actor`,
    );
  }
  const base = results['bare xstate actor'];
  const channel = results['idle channel actor'];
  console.log(
    `ratio vs baseline: ${(channel.perActorUs / base.perActorUs).toFixed(2)}× time, ${(channel.heapPerActorBytes / base.heapPerActorBytes).toFixed(2)}× heap`,
  );
}
