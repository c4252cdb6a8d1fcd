import { type Actor, type AnyActorLogic, createActor, type InspectionEvent, type Snapshot } from 'xstate';
import { type AgentThreadInput, type ChannelInput, channelMachine } from '../machines/channel.machine.ts';
import type { Clock } from './clock.ts';
import { EventClock } from './event-clock.ts';

/**
 * Any actor logic that takes the channel's thread input: the real agent, the stand-in, a test stub.
 * The machine declares what it reads of the output (`ThreadReport`); each agent returns more.
 */
export type AgentThreadLogic = AnyActorLogic & { __inputType?: AgentThreadInput };

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
  inspect?: (event: InspectionEvent) => void;
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
    return createActor(machine, {
      clock: options.clock,
      input: options.input,
      ...(options.snapshot ? { snapshot: options.snapshot as Snapshot<unknown> } : {}),
    });
  }
  const clock = new EventClock(options.clock);
  // Set right below; an event seen while the actor is still being built is not its own.
  let actor: ChannelActor | undefined;
  actor = createActor(machine, {
    clock,
    input: options.input,
    ...(options.snapshot ? { snapshot: options.snapshot as Snapshot<unknown> } : {}),
    inspect: (event) => {
      // `xstate.init` keeps the creation stamp: the initial context was computed then.
      if (event.type === '@xstate.event' && event.actorRef === actor && event.event.type !== 'xstate.init') {
        clock.mark();
      }
      inspect(event);
    },
  });
  return actor;
}
