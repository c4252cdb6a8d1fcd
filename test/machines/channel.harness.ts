import { type AnyStateMachine, createActor, SimulatedClock } from 'xstate';
import { channelMachine } from '../../machines/channel.machine.ts';
import { type TimerName, timerDeadline } from '../../machines/channel.timers.ts';
import type { ChannelContext } from '../../machines/channel.types.ts';
import { controllableAgent, settle } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { MODEL_BATCH_SIZE, MODEL_SETTINGS, type ModelEvent } from './channel.model.ts';

/** The machine's timer each model event lets run out. */
const TIMER_OF = {
  BATCH_ELAPSED: 'batchWindow',
  THREAD_TIMEOUT: 'thread',
  COOLDOWN_ELAPSED: 'cooldown',
  IDLE_ELAPSED: 'idle',
} as const satisfies Partial<Record<ModelEvent['type'], TimerName>>;

/** What the model says the real machine should look like after a step. */
export interface ExpectedState {
  value: unknown;
  context: { batch: number; queue: number };
}

/**
 * Drives a real channel machine (any variant of it: the mutants in the tests too) with a
 * SimulatedClock and a stubbed agent, one abstract model event at a time.
 */
export class ChannelHarness {
  readonly clock = new SimulatedClock();
  readonly agent = controllableAgent();
  readonly actor;

  constructor(machine: AnyStateMachine = channelMachine) {
    this.actor = createActor(
      (machine as typeof channelMachine).provide({ actors: { agentThread: this.agent.logic } }),
      { clock: this.clock, input: { channelId: '100', guildId: '10', settings: MODEL_SETTINGS } },
    ).start();
  }

  get context(): ChannelContext {
    return this.actor.getSnapshot().context;
  }

  async apply(event: ModelEvent): Promise<void> {
    switch (event.type) {
      case 'MESSAGE':
        this.actor.send({ type: 'message.received', message: chatMessage() });
        break;
      case 'MENTION':
        this.actor.send({ type: 'message.received', message: chatMessage({ mentionsBot: true }) });
        break;
      case 'BATCH_ELAPSED':
      case 'THREAD_TIMEOUT':
      case 'COOLDOWN_ELAPSED':
      case 'IDLE_ELAPSED':
        this.advanceTo(timerDeadline(TIMER_OF[event.type], this.context));
        break;
      case 'AGENT_DONE':
        this.activeCall().resolve({ ok: true });
        await settle();
        break;
      case 'AGENT_FAILED':
        this.activeCall().reject(new Error('agent failed'));
        await settle();
        break;
    }
    // Fire anything already due, so a transition that skips a wait shows up at once.
    this.clock.increment(0);
  }

  /** Differences between the real machine and the model's expectation (empty when they agree). */
  compare(expected: ExpectedState): string[] {
    const snapshot = this.actor.getSnapshot();
    const problems: string[] = [];
    if (snapshot.value !== expected.value)
      problems.push(`state ${String(snapshot.value)} ≠ ${expected.value}`);
    if (snapshot.value === 'reaped') return problems;
    const batch = snapshot.context.batch.length;
    if (batch !== expected.context.batch) problems.push(`batch ${batch} ≠ ${expected.context.batch}`);
    const queue = Math.min(snapshot.context.queue.length, MODEL_BATCH_SIZE);
    if (queue !== expected.context.queue) problems.push(`queue ${queue} ≠ ${expected.context.queue}`);
    const running = this.agent.calls.filter((call) => !call.signal.aborted && !settled.has(call)).length;
    const shouldRun = expected.value === 'running' ? 1 : 0;
    if (running !== shouldRun) problems.push(`${running} threads running ≠ ${shouldRun}`);
    return problems;
  }

  stop(): void {
    this.actor.stop();
  }

  private advanceTo(deadline: number | null): void {
    if (deadline === null) throw new Error('the model expects a timer the machine has not armed');
    this.clock.increment(Math.max(0, deadline - this.clock.now()));
  }

  private activeCall() {
    const call = this.agent.calls.find((candidate) => !candidate.signal.aborted && !settled.has(candidate));
    if (!call) throw new Error('the model expects a running thread but none is running');
    settled.add(call);
    return call;
  }
}

const settled = new WeakSet<object>();
