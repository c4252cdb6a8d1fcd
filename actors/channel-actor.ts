import { type Actor, createActor, type PromiseActorLogic, type Snapshot } from 'xstate';
import {
  type AgentThreadInput,
  type ChannelInput,
  channelMachine,
  type ThreadReport,
} from '../machines/channel.machine.ts';
import type { Clock } from './clock.ts';
import { EventClock, type InspectionTarget } from './event-clock.ts';
import { useLeanScheduler } from './lean-scheduler.ts';

/**
 * The promise logic the channel invokes as `agentThread`, typed with its input and output the way
 * XState's `PromiseActorLogic<TOutput, TInput>` carries both: the real agent, a test stub. The
 * machine reads `ThreadReport` of the output; an agent may return more.
 */
export type AgentThreadLogic = PromiseActorLogic<ThreadReport, AgentThreadInput>;

/**
 * An agent as the channel's `agentThread`: its output must extend `ThreadReport` and the channel's
 * `AgentThreadInput` must satisfy its input (an agent may read less of it). `PromiseActorLogic` is
 * invariant in both although only those directions matter, so the widening is made here, once,
 * with both directions checked by the type parameters.
 */
export function asAgentThread<TOutput extends ThreadReport, TInput>(
  logic: PromiseActorLogic<TOutput, TInput> & (AgentThreadInput extends TInput ? unknown : never),
): AgentThreadLogic {
  return logic as unknown as AgentThreadLogic;
}

/** A live channel actor. */
export type ChannelActor = Actor<typeof channelMachine>;

/** How to create one channel actor: fresh from input, or restored from a persisted snapshot. */
export interface ChannelActorOptions {
  agentThread: AgentThreadLogic;
  clock: Clock;
  /** Identifies the channel; ignored for context when `snapshot` is given. */
  input: ChannelInput;
  /** A persisted snapshot to resume from. */
  snapshot?: Snapshot<unknown> | unknown;
  /**
   * Receives every inspection event of the actor (its own events stamped on its `EventClock`
   * first): a function, or an object's `inspected`.
   */
  inspect?: InspectionTarget;
}

/**
 * `.provide()` builds a whole new machine (every state node); one per agent logic is enough, so
 * thousands of channel actors share it instead of each carrying its own copy.
 */
const bound = new WeakMap<AgentThreadLogic, ReturnType<typeof channelMachine.provide>>();
function boundMachine(agentThread: AgentThreadLogic) {
  let machine = bound.get(agentThread);
  if (!machine) {
    machine = channelMachine.provide({ actors: { agentThread } });
    bound.set(agentThread, machine);
  }
  return machine;
}

/**
 * Binds the pure channel machine to its implementations with `.provide()` and creates the actor
 * (not started). The same machine runs live, in replay and in tests; only what is provided differs.
 * An inspected actor (its events are logged) reads the time once per event (see `EventClock`),
 * so replaying its log at the logged times rebuilds exactly the context it had.
 */
export function createChannelActor(options: ChannelActorOptions): ChannelActor {
  if (!options.agentThread) throw new TypeError('createChannelActor needs an agentThread actor logic');
  if (!options.clock) throw new TypeError('createChannelActor needs a clock');
  const machine = boundMachine(options.agentThread);
  const inspect = options.inspect;
  if (!inspect) {
    const actor = createActor(machine, {
      clock: options.clock,
      input: options.input,
      ...(options.snapshot ? { snapshot: options.snapshot as Snapshot<unknown> } : {}),
    });
    useLeanScheduler(actor, options.clock);
    return actor;
  }
  const clock = new EventClock(options.clock, inspect);
  const actor = createActor(machine, {
    clock,
    input: options.input,
    ...(options.snapshot ? { snapshot: options.snapshot as Snapshot<unknown> } : {}),
    inspect: clock,
  });
  clock.actor = actor;
  useLeanScheduler(actor, clock);
  return actor;
}
