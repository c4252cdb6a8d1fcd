/**
 * Cost of one channel actor: time to create + start an idle one, and heap per idle actor.
 * Baseline in the same run: a bare XState actor with the same context shape and no timers.
 * Run: `bun bench/channel-actor-cost.ts [count]`.
 */
import { assign, createActor, setup } from 'xstate';
import { createChannelActor } from '../actors/channel-actor.ts';
import { systemClock } from '../actors/clock.ts';
import { createStandInAgent } from '../actors/stand-in-agent.ts';
import { silentLogger } from '../src/logger.ts';

const count = Number(process.argv[2] ?? 20_000);
const agentThread = createStandInAgent(silentLogger);
const bare = setup({}).createMachine({
  context: { batch: [] as unknown[], queue: [] as unknown[] },
  on: { ping: { actions: assign({ batch: [] }) } },
});

function measure(label: string, create: (index: number) => { stop(): void }) {
  Bun.gc(true);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const actors = Array.from({ length: count }, (_, index) => create(index));
  const elapsed = performance.now() - started;
  Bun.gc(true);
  const heapAfter = process.memoryUsage().heapUsed;
  for (const actor of actors) actor.stop();
  const perActorUs = (elapsed * 1000) / count;
  const heapPerActor = (heapAfter - heapBefore) / count;
  console.log(
    `${label.padEnd(22)} ${perActorUs.toFixed(1).padStart(7)} µs/actor  ${(heapPerActor / 1024).toFixed(2).padStart(6)} KiB/actor`,
  );
  return { perActorUs, heapPerActor };
}

console.log(`${count} idle actors, Bun ${Bun.version}`);
const baseline = measure('bare xstate actor', () => createActor(bare).start());
const channel = measure('idle channel actor', (index) =>
  createChannelActor({
    agentThread,
    clock: systemClock,
    input: { channelId: String(index + 1), guildId: '1', permitRequired: true },
  }).start(),
);
console.log(
  `ratio vs baseline: ${(channel.perActorUs / baseline.perActorUs).toFixed(2)}× time, ${(channel.heapPerActor / baseline.heapPerActor).toFixed(2)}× heap`,
);
