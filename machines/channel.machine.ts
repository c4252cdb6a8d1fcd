import { assign, cancel, enqueueActions, fromPromise, type SnapshotFrom, setup } from 'xstate';
import { appendToBatch, applySettings, enqueueMessage, openBatch, promoteQueue } from './channel.batch.ts';
import { afterDelete, afterEdit, holdsWaiting } from './channel.changes.ts';
import { initialContext } from './channel.context.ts';
import { ChannelMachineError, errorText } from './channel.errors.ts';
import { changedIds, messageOf } from './channel.event-data.ts';
import { agentThreadInput, endThread, startThread } from './channel.thread.ts';
import { armTimer, TIMERS } from './channel.timers.ts';
import { isKnownMessage } from './channel.triggers.ts';
import type {
  AgentThreadInput,
  ChannelContext,
  ChannelEvent,
  ChannelInput,
  ChannelState,
  ThreadReport,
} from './channel.types.ts';
import { nowOf } from './clock.ts';

/**
 * Bumped whenever the shape of the persisted snapshot changes, so stored rows can be migrated.
 * The supervisor stores it beside each snapshot.
 */
export const CHANNEL_MACHINE_VERSION = 1;

/**
 * One Discord channel: `idle → batching → running → cooldown → reaped`. See DESIGN.md for the
 * contract. Timers are delayed events the machine raises itself, with their start times kept in
 * context; after a restore, `timers.rearm` schedules each again with the time it has left.
 * `agentThread` must be provided (actors/channel-actor.ts); the default fails every thread.
 */
export const channelMachine = setup({
  types: {
    context: {} as ChannelContext,
    events: {} as ChannelEvent,
    input: {} as ChannelInput,
  },
  actors: {
    agentThread: fromPromise<ThreadReport, AgentThreadInput>(async () => {
      throw new ChannelMachineError(
        'AGENT_THREAD_NOT_PROVIDED',
        'agentThread is not provided: bind one with channelMachine.provide({ actors })',
      );
    }),
  },
  guards: {
    isNewMessage: ({ context, event }) => !isKnownMessage(context, messageOf(event)),
    readyToRun: ({ context }) => context.trigger !== null && !context.permitRequired,
    hasTrigger: ({ context }) => context.trigger !== null,
    hasNoTrigger: ({ context }) => context.trigger === null,
    hasQueue: ({ context }) => context.queue.length > 0,
    batchEmpty: ({ context }) => context.batch.length === 0,
    holdsChanged: ({ context, event }) => holdsWaiting(context, changedIds(event)),
  },
  actions: {
    openBatch: assign(({ context, event, system }) => openBatch(context, messageOf(event), nowOf(system))),
    appendToBatch: assign(({ context, event }) => appendToBatch(context, messageOf(event))),
    markWindowElapsed: assign({ trigger: 'window' }),
    applyEdit: assign(({ context, event }) =>
      event.type === 'message.updated' ? afterEdit(context, event.message) : {},
    ),
    applyDelete: assign(({ context, event, system }) =>
      afterDelete(context, changedIds(event), nowOf(system)),
    ),
    /** Every message of the batch was deleted: nothing is left to run. */
    closeBatch: assign({ batchOpenedAt: null, trigger: null }),
    enqueue: assign(({ context, event, system }) => enqueueMessage(context, messageOf(event), nowOf(system))),
    promoteQueue: assign(({ context, system }) => promoteQueue(context, nowOf(system))),
    startThread: assign(({ context, system }) => startThread(context, nowOf(system))),
    markThreadResumed: assign(({ context, system }) =>
      context.thread ? { thread: { ...context.thread, resumedAt: nowOf(system) } } : {},
    ),
    // Runs only on the `agentThread` done event, whose output the actor's type above declares.
    recordDone: assign(({ context, event, system }) =>
      endThread(
        context,
        'done',
        nowOf(system),
        null,
        'output' in event ? (event.output as ThreadReport) : null,
      ),
    ),
    recordFailure: assign(({ context, event, system }) =>
      endThread(context, 'failed', nowOf(system), errorText('error' in event ? event.error : null)),
    ),
    recordTimeout: assign(({ context, system }) =>
      endThread(context, 'timed_out', nowOf(system), 'the thread passed its deadline and was stopped'),
    ),
    recordDeletion: assign(({ context, system }) =>
      context.thread === null ? {} : endThread(context, 'failed', nowOf(system), 'the channel was deleted'),
    ),
    markCooldown: assign(({ system }) => ({ cooldownStartedAt: nowOf(system) })),
    clearCooldown: assign({ cooldownStartedAt: null }),
    markIdle: assign(({ system }) => ({ idleSince: nowOf(system) })),
    clearIdle: assign({ idleSince: null }),
    applySettings: assign(({ context, event }) =>
      event.type === 'config.updated' ? applySettings(context, event.settings) : {},
    ),
    armBatchWindow: enqueueActions(({ context, enqueue, system }) => {
      armTimer('batchWindow', context, enqueue, system);
    }),
    // The window runs from the batch's first message: a later one only stops it once the batch is
    // ready (re-arming it per message was ~40% of ingest, issue 10).
    stopWindowWhenReady: enqueueActions(({ context, enqueue }) => {
      if (context.trigger !== null) enqueue.cancel(TIMERS.batchWindow.id);
    }),
    armThreadDeadline: enqueueActions(({ context, enqueue, system }) => {
      armTimer('thread', context, enqueue, system);
    }),
    armCooldown: enqueueActions(({ context, enqueue, system }) => {
      armTimer('cooldown', context, enqueue, system);
    }),
    armIdleTimer: enqueueActions(({ context, enqueue, system }) => {
      armTimer('idle', context, enqueue, system);
    }),
  },
}).createMachine({
  id: 'channel',
  context: ({ input }) => initialContext(input),
  initial: 'idle',
  on: { 'channel.deleted': { target: '.reaped', actions: 'recordDeletion' } },
  states: {
    idle: {
      entry: ['markIdle', 'armIdleTimer'],
      exit: [cancel(TIMERS.idle.id), 'clearIdle'],
      on: {
        'message.received': { guard: 'isNewMessage', target: 'batching', actions: 'openBatch' },
        'reaction.added': { guard: 'isNewMessage', target: 'batching', actions: 'openBatch' },
        'member.joined': { guard: 'isNewMessage', target: 'batching', actions: 'openBatch' },
        'idle.elapsed': { target: 'reaped' },
        'config.updated': { actions: ['applySettings', 'armIdleTimer'] },
        'timers.rearm': { actions: 'armIdleTimer' },
      },
    },
    batching: {
      entry: 'armBatchWindow',
      exit: cancel(TIMERS.batchWindow.id),
      always: [
        { guard: 'readyToRun', target: 'running' },
        { guard: 'batchEmpty', target: 'idle', actions: 'closeBatch' },
      ],
      on: {
        'message.received': { guard: 'isNewMessage', actions: ['appendToBatch', 'stopWindowWhenReady'] },
        'reaction.added': { guard: 'isNewMessage', actions: ['appendToBatch', 'stopWindowWhenReady'] },
        'member.joined': { guard: 'isNewMessage', actions: ['appendToBatch', 'stopWindowWhenReady'] },
        'message.updated': { guard: 'holdsChanged', actions: ['applyEdit', 'stopWindowWhenReady'] },
        'message.deleted': { guard: 'holdsChanged', actions: ['applyDelete', 'armBatchWindow'] },
        'batch.window.elapsed': { guard: 'hasNoTrigger', actions: 'markWindowElapsed' },
        'permit.granted': { guard: 'hasTrigger', target: 'running' },
        'config.updated': { actions: ['applySettings', 'armBatchWindow'] },
        'timers.rearm': { actions: 'armBatchWindow' },
      },
    },
    running: {
      entry: ['startThread', 'armThreadDeadline'],
      exit: cancel(TIMERS.thread.id),
      invoke: {
        id: 'agentThread',
        src: 'agentThread',
        input: ({ context }) => agentThreadInput(context),
        onDone: { target: 'cooldown', actions: 'recordDone' },
        onError: { target: 'cooldown', actions: 'recordFailure' },
      },
      on: {
        'message.received': { guard: 'isNewMessage', actions: 'enqueue' },
        'reaction.added': { guard: 'isNewMessage', actions: 'enqueue' },
        'member.joined': { guard: 'isNewMessage', actions: 'enqueue' },
        'message.updated': { guard: 'holdsChanged', actions: 'applyEdit' },
        'message.deleted': { guard: 'holdsChanged', actions: 'applyDelete' },
        'thread.deadline.elapsed': { target: 'cooldown', actions: 'recordTimeout' },
        'config.updated': { actions: ['applySettings', 'armThreadDeadline'] },
        // Only a restore sends it: the resumed thread gets its whole timeout from now.
        'timers.rearm': { actions: ['markThreadResumed', 'armThreadDeadline'] },
      },
    },
    cooldown: {
      entry: ['markCooldown', 'armCooldown'],
      exit: [cancel(TIMERS.cooldown.id), 'clearCooldown'],
      on: {
        'message.received': { guard: 'isNewMessage', actions: 'enqueue' },
        'reaction.added': { guard: 'isNewMessage', actions: 'enqueue' },
        'member.joined': { guard: 'isNewMessage', actions: 'enqueue' },
        'message.updated': { guard: 'holdsChanged', actions: 'applyEdit' },
        'message.deleted': { guard: 'holdsChanged', actions: 'applyDelete' },
        'cooldown.elapsed': [
          { guard: 'hasQueue', target: 'batching', actions: 'promoteQueue' },
          { target: 'idle' },
        ],
        'config.updated': { actions: ['applySettings', 'armCooldown'] },
        'timers.rearm': { actions: 'armCooldown' },
      },
    },
    reaped: { type: 'final' },
  },
});

export type ChannelMachine = typeof channelMachine;

/**
 * Fails to compile when the machine's states and `CHANNEL_STATES` differ in either direction, so
 * the one list the rest of Ery reads stays the machine's.
 */
type MachineState = Extract<SnapshotFrom<ChannelMachine>['value'], string>;
type SameStates = [MachineState] extends [ChannelState]
  ? [ChannelState] extends [MachineState]
    ? true
    : false
  : false;
const statesMatch: SameStates = true;
void statesMatch;

export * from './channel.types.ts';
