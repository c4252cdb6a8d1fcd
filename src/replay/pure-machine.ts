import { type AnyActorScope, createActor, fromPromise, type SnapshotFrom } from 'xstate';
import {
  type AgentThreadInput,
  type ChannelEvent,
  type ChannelInput,
  channelMachine,
  type ThreadReport,
} from '../../machines/channel.machine.ts';

/**
 * The channel machine as replay runs it: `agentThread` is an inert stub that would never settle,
 * and is never even started, since the pure transition functions execute no action (no model, no
 * Discord, no timer). What each live thread ended with comes from the log instead, as the
 * `xstate.done.actor.*` or `xstate.error.actor.*` event it sent.
 */
export const replayMachine = channelMachine.provide({
  actors: { agentThread: fromPromise<ThreadReport, AgentThreadInput>(() => new Promise(() => {})) },
});

export type ReplaySnapshot = SnapshotFrom<typeof replayMachine>;

/** Reads the logged time of the event being replayed; arms nothing. */
class LoggedTime {
  at = 0;
  now(): number {
    return this.at;
  }
  setTimeout(): undefined {
    return undefined;
  }
  clearTimeout(): void {}
}

/**
 * Pure steps of the channel machine at logged times. XState's `initialTransition` / `transition`
 * build an inert actor scope with XState's default clock, which has no `now()`, so the machine
 * would read the wall clock (machines/clock.ts); these build the same inert scope (actions are
 * collected, never executed) on a clock that answers the logged time of each event, as the live
 * actor's `EventClock` did.
 */
export class PureChannelMachine {
  private readonly time = new LoggedTime();
  private readonly scope: AnyActorScope;

  constructor() {
    // The scope's own actor is never started; its input only satisfies the eager initial snapshot.
    const self = createActor(replayMachine, {
      clock: this.time,
      input: { channelId: 'replay', guildId: 'replay' },
    });
    this.scope = {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: () => {},
    } as unknown as AnyActorScope;
  }

  /** The snapshot a new actor with `input` had, created at `at` (ms since the epoch). */
  initial(input: ChannelInput, at: number): ReplaySnapshot {
    this.time.at = at;
    return replayMachine.getInitialSnapshot(this.scope, input);
  }

  /**
   * The snapshot after `event` arrived at `at`. Throws what the machine threw: the live actor
   * failed on that event too.
   */
  next(snapshot: ReplaySnapshot, event: ChannelEvent, at: number): ReplaySnapshot {
    this.time.at = at;
    return replayMachine.transition(snapshot, event, this.scope);
  }

  /** A snapshot from a persisted one's state value and context (its children are not needed). */
  resolve(persisted: { value: unknown; context: unknown }): ReplaySnapshot {
    return replayMachine.resolveState({
      value: persisted.value as ReplaySnapshot['value'],
      context: persisted.context as ReplaySnapshot['context'],
    });
  }
}
