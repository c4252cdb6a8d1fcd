import { assign, setup } from 'xstate';

/** Batch size the abstract model counts to; the real machine runs with the same setting. */
export const MODEL_BATCH_SIZE = 5;

/** Settings under which the model's abstraction holds: no queue outlives a batch window. */
export const MODEL_SETTINGS = {
  batchSize: MODEL_BATCH_SIZE,
  batchWindowMs: 10_000,
  cooldownMs: 500,
  idleTimeoutMs: 60_000,
  threadTimeoutMs: 3_000,
};

/** Events of the abstract model: every timer expiry and agent outcome is an explicit event. */
export type ModelEvent =
  | { type: 'MESSAGE' }
  | { type: 'MENTION' }
  | { type: 'BATCH_ELAPSED' }
  | { type: 'AGENT_DONE' }
  | { type: 'AGENT_FAILED' }
  | { type: 'THREAD_TIMEOUT' }
  | { type: 'COOLDOWN_ELAPSED' }
  | { type: 'IDLE_ELAPSED' };

interface ModelContext {
  /** Messages in the open batch. */
  batch: number;
  /** Messages queued while a thread runs or cools down (capped: more changes nothing). */
  queue: number;
  queueMentions: boolean;
}

/**
 * An abstract statechart of one channel, written from DESIGN.md's contract and not from the real
 * machine's code: counts instead of messages, explicit events instead of timers and agent runs.
 * Paths through it drive the real machine, which must agree at every step.
 */
export const channelModel = setup({
  types: { context: {} as ModelContext, events: {} as ModelEvent },
  actions: {
    openBatch: assign({ batch: 1 }),
    growBatch: assign({ batch: ({ context }) => context.batch + 1 }),
    emptyAll: assign({ batch: 0, queue: 0, queueMentions: false }),
    queueMessage: assign({ queue: ({ context }) => Math.min(context.queue + 1, MODEL_BATCH_SIZE) }),
    queueMention: assign({
      queue: ({ context }) => Math.min(context.queue + 1, MODEL_BATCH_SIZE),
      queueMentions: true,
    }),
    promoteQueue: assign({ batch: ({ context }) => context.queue, queue: 0, queueMentions: false }),
  },
  guards: {
    batchFullAfterThis: ({ context }) => context.batch + 1 >= MODEL_BATCH_SIZE,
    queueEmpty: ({ context }) => context.queue === 0,
    queueReady: ({ context }) => context.queueMentions || context.queue >= MODEL_BATCH_SIZE,
  },
}).createMachine({
  id: 'channel-model',
  context: { batch: 0, queue: 0, queueMentions: false },
  initial: 'idle',
  states: {
    idle: {
      on: {
        MESSAGE: { target: 'batching', actions: 'openBatch' },
        MENTION: { target: 'running', actions: 'emptyAll' },
        IDLE_ELAPSED: { target: 'reaped' },
      },
    },
    batching: {
      on: {
        MESSAGE: [
          { guard: 'batchFullAfterThis', target: 'running', actions: 'emptyAll' },
          { actions: 'growBatch' },
        ],
        MENTION: { target: 'running', actions: 'emptyAll' },
        BATCH_ELAPSED: { target: 'running', actions: 'emptyAll' },
      },
    },
    running: {
      on: {
        MESSAGE: { actions: 'queueMessage' },
        MENTION: { actions: 'queueMention' },
        AGENT_DONE: { target: 'cooldown' },
        AGENT_FAILED: { target: 'cooldown' },
        THREAD_TIMEOUT: { target: 'cooldown' },
      },
    },
    cooldown: {
      on: {
        MESSAGE: { actions: 'queueMessage' },
        MENTION: { actions: 'queueMention' },
        COOLDOWN_ELAPSED: [
          { guard: 'queueEmpty', target: 'idle' },
          { guard: 'queueReady', target: 'running', actions: 'emptyAll' },
          { target: 'batching', actions: 'promoteQueue' },
        ],
      },
    },
    reaped: { type: 'final' },
  },
});
