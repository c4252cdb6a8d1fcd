import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { SupervisorFaults } from '../../actors/supervisor/supervisor.types.ts';
import { LIVE_CHANNEL_STATES } from '../../machines/channel.types.ts';
import { DECISION_KINDS } from '../tools/decision.ts';
import { toolRegistry } from '../tools/registry.ts';
import type { OpsView } from './ops-view.ts';

/** prom-client's per-heap-space default metrics, left out (see the constructor). */
const HEAP_SPACE_METRICS = ['total', 'used', 'available'].map(
  (kind) => `nodejs_heap_space_size_${kind}_bytes`,
);

/** The longest label value kept: past it a value is cut (a Discord route with ids, say). */
export const MAX_LABEL_LENGTH = 64;

/** A label value as exposed: at most {@link MAX_LABEL_LENGTH} characters. */
export const labelValue = (value: string): string =>
  value.length > MAX_LABEL_LENGTH ? value.slice(0, MAX_LABEL_LENGTH) : value;

/**
 * Ery's Prometheus metrics on a registry of their own (never prom-client's global one, so tests
 * and several Ery in one process do not clash), with the process's default metrics
 * (`process_*`, `nodejs_*`). The counters and histograms are fed by the decorators of
 * ./ops-meters.ts and by run.ts; the gauges are read from the supervisor at each scrape once
 * {@link OpsMetrics.watch} has been called. Durations are in seconds, as Prometheus names them.
 */
export class OpsMetrics {
  readonly registry = new Registry();
  readonly messagesReceived: Counter;
  readonly threadsStarted: Counter<'trigger'>;
  readonly threadDuration: Histogram<'status'>;
  readonly toolCalls: Counter<'tool' | 'decision'>;
  readonly modelLatency: Histogram<'outcome'>;
  readonly modelTokens: Counter<'kind'>;
  readonly snapshotWrite: Histogram;
  readonly discord429: Counter<'route' | 'scope'>;
  readonly channelResets: Counter<'reason'>;
  readonly eventsDropped: Counter<'reason'>;
  readonly storageWriteFailures: Counter<'store'>;
  #view: OpsView | undefined;
  readonly #tools: ReadonlySet<string>;

  /** `toolNames`: the `tool` label values; default every tool of the registry (src/tools/registry.ts). */
  constructor(options: { toolNames?: readonly string[] } = {}) {
    this.#tools = new Set(options.toolNames ?? toolRegistry.names());
    collectDefaultMetrics({ register: this.registry });
    // Under Bun these walk the whole heap: ~100 ms of blocked event loop per scrape with 10k actors
    // (measured), for spaces that mostly read 0. The other default metrics stay.
    for (const name of HEAP_SPACE_METRICS) this.registry.removeSingleMetric(name);
    const registers = [this.registry];
    const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
      new Counter<L>({ name, help, labelNames, registers });
    const histogram = <L extends string>(
      name: string,
      help: string,
      buckets: number[],
      labelNames: L[] = [],
    ) => new Histogram<L>({ name, help, labelNames, buckets, registers });
    this.messagesReceived = counter(
      'ery_messages_received_total',
      'Messages received from Discord and routed to their channel actor.',
    );
    this.threadsStarted = counter(
      'ery_threads_started_total',
      'Agent threads started, by trigger (count, window, mention, queue).',
      ['trigger'],
    );
    this.threadDuration = histogram(
      'ery_thread_duration_seconds',
      'Time agent threads ran, by how they ended (done, failed, timed_out).',
      [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
      ['status'],
    );
    this.toolCalls = counter(
      'ery_tool_calls_total',
      'Tool calls the model made, by tool and decision (allowed, denied, invalid); a name that is no tool of Ery is counted as "unknown".',
      ['tool', 'decision'],
    );
    this.modelLatency = histogram(
      'ery_model_request_duration_seconds',
      "Time of each model call, the SDK's own retries included, by outcome (ok, aborted, error).",
      [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120],
      ['outcome'],
    );
    this.modelTokens = counter(
      'ery_model_tokens_total',
      'Tokens the model reported, by kind (prompt, completion).',
      ['kind'],
    );
    this.snapshotWrite = histogram(
      'ery_snapshot_write_duration_seconds',
      'Time of each successful write-behind transaction (channel snapshots, events, threads).',
      [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    );
    this.discord429 = counter(
      'ery_discord_429_responses_total',
      "429 (rate limited) answers from Discord's REST API, by discord.js bucket route and scope.",
      ['route', 'scope'],
    );
    this.channelResets = counter(
      'ery_channel_resets_total',
      'Stored channels that could not be restored and started fresh, by reason (corrupt, unreadable, version_mismatch, restore_failed).',
      ['reason'],
    );
    this.eventsDropped = counter(
      'ery_supervisor_events_dropped_total',
      'Events the supervisor did not handle, by reason (malformed, stopped, failed); each is logged.',
      ['reason'],
    );
    this.storageWriteFailures = counter(
      'ery_storage_write_failures_total',
      'Writes the database refused (a full or read-only disk), by store (snapshots, steps, audit, history); each is retried, nothing is dropped.',
      ['store'],
    );
    this.#gauges();
  }

  /** The supervisor's `faults` option: each reset and dropped event counted by reason. */
  supervisorFaults(): SupervisorFaults {
    return {
      channelReset: (reason) => this.channelResets.inc({ reason }),
      eventDropped: (reason) => this.eventsDropped.inc({ reason }),
    };
  }

  /** Reads the supervisor's live actors and counts for the gauges at each scrape from now on. */
  watch(view: OpsView): void {
    this.#view = view;
  }

  /**
   * Counts one tool call. Only Ery's own tool names and decisions become label values; anything
   * else the model wrote is `unknown`, so it cannot add series (nor long or odd label text).
   */
  countToolCall(tool: string, decision: string): void {
    const kinds: readonly string[] = DECISION_KINDS;
    this.toolCalls.inc({
      tool: this.#tools.has(tool) ? labelValue(tool) : 'unknown',
      decision: kinds.includes(decision) ? decision : 'unknown',
    });
  }

  /** Counts one 429 from Discord; the route and scope are clipped to {@link MAX_LABEL_LENGTH}. */
  count429(route: string, scope: string): void {
    this.discord429.inc({ route: labelValue(route), scope: labelValue(scope) });
  }

  /** The exposition text, and its content type. */
  async expose(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }

  /** Today's gauges (kept under their names), read from the watched supervisor when scraped. */
  #gauges(): void {
    const registers = [this.registry];
    const stats = () => this.#view?.stats();
    const gauge = (name: string, help: string, read: () => number | undefined) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const value = read();
          if (value !== undefined) this.set(value);
        },
      });
    gauge('ery_channels_live', 'Channel actors in memory.', () => stats()?.live);
    gauge('ery_threads_running', 'Agent threads running now.', () => stats()?.running);
    gauge('ery_threads_waiting', 'Ready batches waiting for a run permit.', () => stats()?.waiting);
    gauge('ery_pending_writes', 'Changes not yet written to SQLite.', () => stats()?.pendingWrites);
    gauge(
      'ery_channels_passive',
      'Idle channels passivated: stored, out of memory until their next message.',
      () => stats()?.passive,
    );
    const view = () => this.#view;
    new Gauge({
      name: 'ery_channels_by_state',
      help: 'Live channel actors per state (idle, batching, running, cooldown).',
      labelNames: ['state'],
      registers,
      collect() {
        const channels = view()?.channels();
        if (!channels) return;
        // Counted here, set once per state: prom-client hashes labels on every call.
        const counts = new Map<string, number>(LIVE_CHANNEL_STATES.map((state) => [state, 0]));
        for (const { status } of channels) counts.set(status, (counts.get(status) ?? 0) + 1);
        for (const [state, count] of counts) this.set({ state }, count);
      },
    });
  }
}
