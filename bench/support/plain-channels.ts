/**
 * The plain baseline: the channel contract of DESIGN.md (batch by size, window or mention; one
 * thread at a time per channel, messages meanwhile queued; cooldown; idle timeout; run permits
 * global and per server) written with plain objects, timers and promise chains, no actors. Only
 * the opening message of a batch arms its window. `persist` gets every changed channel's state
 * and every received message once per tick, as the write-behind does.
 */
import type { ChannelSettings } from '../../src/domain/channel-settings.ts';
import type { ChatMessage } from '../../src/domain/message.ts';

type State = 'idle' | 'batching' | 'running' | 'cooldown';

interface Channel {
  channelId: string;
  guildId: string;
  state: State;
  batch: ChatMessage[];
  batchOpenedAt: number | null;
  ready: boolean;
  queue: ChatMessage[];
  queueOpenedAt: number | null;
  /** Ids in the batch and queue: a replayed message is dropped. */
  ids: Set<string>;
  timer: ReturnType<typeof setTimeout> | null;
  threadsRun: number;
  lastThread: { messageIds: string[]; ok: boolean; endedAt: number } | null;
}

/** What one tick hands to storage. */
export interface PlainWrite {
  channels: Array<{ channelId: string; state: string }>;
  messages: ChatMessage[];
}

export interface PlainOptions {
  settings: ChannelSettings;
  limits: { maxRunning: number; maxRunningPerGuild: number };
  /** The thread: resolves or rejects; either way the channel cools down. */
  agent: (input: { channelId: string; messages: ChatMessage[] }) => Promise<unknown>;
  persist?: (write: PlainWrite) => void;
}

/** Plain channels, held in a Map. */
export class PlainChannels {
  readonly channels = new Map<string, Channel>();
  #running = 0;
  readonly #runningIn = new Map<string, number>();
  readonly #waiting: Channel[] = [];
  #dirty = new Set<Channel>();
  #received: ChatMessage[] = [];
  #flushing: ReturnType<typeof setImmediate> | null = null;

  constructor(private readonly options: PlainOptions) {}

  /** Changes not yet handed to `persist` (0 without one). */
  get pendingWrites(): number {
    return this.#dirty.size + this.#received.length;
  }

  receive(message: ChatMessage): void {
    const channel = this.channels.get(message.channelId) ?? this.#create(message);
    if (channel.ids.has(message.id)) return;
    channel.ids.add(message.id);
    if (this.options.persist) this.#received.push(message);
    if (channel.state === 'running' || channel.state === 'cooldown') {
      channel.queue.push(message);
      channel.queueOpenedAt ??= Date.now();
    } else if (channel.state === 'idle') {
      this.#open(channel, [message], Date.now());
    } else {
      channel.batch.push(message);
      this.#check(channel);
    }
    this.#touch(channel);
  }

  #create(message: ChatMessage): Channel {
    const channel: Channel = {
      channelId: message.channelId,
      guildId: message.guildId,
      state: 'idle',
      batch: [],
      batchOpenedAt: null,
      ready: false,
      queue: [],
      queueOpenedAt: null,
      ids: new Set(),
      timer: null,
      threadsRun: 0,
      lastThread: null,
    };
    this.channels.set(channel.channelId, channel);
    return channel;
  }

  #arm(channel: Channel, ms: number, fire: () => void): void {
    if (channel.timer) clearTimeout(channel.timer);
    channel.timer = setTimeout(
      () => {
        channel.timer = null;
        fire();
        this.#touch(channel);
      },
      Math.max(0, ms),
    );
  }

  #open(channel: Channel, messages: ChatMessage[], openedAt: number): void {
    const { batchWindowMs } = this.options.settings;
    Object.assign(channel, { state: 'batching', batch: messages, batchOpenedAt: openedAt, ready: false });
    if (Date.now() >= openedAt + batchWindowMs) channel.ready = true;
    else this.#arm(channel, openedAt + batchWindowMs - Date.now(), () => this.#markReady(channel));
    this.#check(channel);
  }

  #check(channel: Channel): void {
    const { batchSize } = this.options.settings;
    if (channel.batch.length >= batchSize || channel.batch.some((m) => m.mentionsBot)) channel.ready = true;
    if (channel.ready) this.#markReady(channel);
  }

  #markReady(channel: Channel): void {
    channel.ready = true;
    if (!this.#waiting.includes(channel)) this.#waiting.push(channel);
    this.#grant();
  }

  #grant(): void {
    const { maxRunning, maxRunningPerGuild } = this.options.limits;
    for (let i = 0; i < this.#waiting.length && this.#running < maxRunning; ) {
      const channel = this.#waiting[i] as Channel;
      if ((this.#runningIn.get(channel.guildId) ?? 0) >= maxRunningPerGuild) {
        i += 1;
        continue;
      }
      this.#waiting.splice(i, 1);
      this.#run(channel);
    }
  }

  #run(channel: Channel): void {
    if (channel.timer) clearTimeout(channel.timer);
    channel.timer = null;
    this.#running += 1;
    this.#runningIn.set(channel.guildId, (this.#runningIn.get(channel.guildId) ?? 0) + 1);
    const messages = channel.batch;
    Object.assign(channel, { state: 'running', batch: [], batchOpenedAt: null, ready: false });
    const ended = (ok: boolean) => {
      this.#running -= 1;
      this.#runningIn.set(channel.guildId, (this.#runningIn.get(channel.guildId) ?? 1) - 1);
      for (const message of messages) channel.ids.delete(message.id);
      channel.threadsRun += 1;
      channel.lastThread = { messageIds: messages.map((m) => m.id), ok, endedAt: Date.now() };
      channel.state = 'cooldown';
      this.#arm(channel, this.options.settings.cooldownMs, () => this.#cooled(channel));
      this.#touch(channel);
      this.#grant();
    };
    this.options.agent({ channelId: channel.channelId, messages }).then(
      () => ended(true),
      () => ended(false),
    );
  }

  #cooled(channel: Channel): void {
    if (channel.queue.length > 0) {
      const { queue, queueOpenedAt } = channel;
      Object.assign(channel, { queue: [], queueOpenedAt: null });
      this.#open(channel, queue, queueOpenedAt ?? Date.now());
      return;
    }
    channel.state = 'idle';
    this.#arm(channel, this.options.settings.idleTimeoutMs, () => this.channels.delete(channel.channelId));
  }

  #touch(channel: Channel): void {
    if (!this.options.persist) return;
    this.#dirty.add(channel);
    this.#flushing ??= setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#flushing = null;
    const channels = [...this.#dirty].map((channel) => ({
      channelId: channel.channelId,
      state: JSON.stringify(channel, (key, value) => (key === 'timer' || key === 'ids' ? undefined : value)),
    }));
    const messages = this.#received;
    this.#dirty = new Set();
    this.#received = [];
    this.options.persist?.({ channels, messages });
  }
}
