/**
 * A subject process: a bare discord.js client or the whole of Ery, logged in to the driver's
 * playground, doing what the driver asks over IPC (see ../support/protocol.ts). Started by
 * `SubjectProcess.start`; never run by hand.
 */

import { settledHeap } from '../support/heap.ts';
import {
  type Command,
  epochNow,
  type Milestone,
  type Report,
  type SubjectConfig,
} from '../support/protocol.ts';

/** What the IPC loop needs of a subject. */
export interface Subject {
  /** Messages from the person received so far. */
  received(): Promise<number>;
  /** Whether `count` of `what` holds now (see `Milestone`). */
  reached(what: Milestone, count: number): Promise<boolean>;
  threads(): Report & { type: 'threads' };
  stop(): Promise<void>;
}

const POLL_MS = 5;

const report = (message: Report) => process.send?.(message);

async function awaitMilestone(subject: Subject, what: Milestone, count: number): Promise<void> {
  const cpu = process.cpuUsage();
  let last = -1;
  for (;;) {
    if (await subject.reached(what, count)) break;
    const received = await subject.received();
    if (received !== last) report({ type: 'progress', received });
    last = received;
    await Bun.sleep(POLL_MS);
  }
  const used = process.cpuUsage(cpu);
  report({ type: 'reached', what, at: epochNow(), cpuMs: (used.user + used.system) / 1000 });
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as SubjectConfig;
  // Loaded on demand: the bare client must not pay for loading Ery's modules (the inspector's
  // elkjs alone takes ~0.1–0.5 s), or its spawn → ready would not be a bare client's.
  const subject =
    config.kind === 'ery'
      ? await (await import('./ery.ts')).startErySubject(config)
      : await (await import('./bare.ts')).startBareSubject(config);
  report({ type: 'ready', at: epochNow() });
  process.on('message', (command: Command) => {
    const handle = async () => {
      if (command.type === 'await') await awaitMilestone(subject, command.what, command.count);
      else if (command.type === 'memory') report({ type: 'memory', ...(await settledHeap()) });
      else if (command.type === 'threads') report(subject.threads());
      else {
        await subject.stop();
        process.exit(0);
      }
    };
    handle().catch((error: unknown) => report({ type: 'failed', message: String(error) }));
  });
}

main().catch((error: unknown) => {
  report({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exit(1);
});
