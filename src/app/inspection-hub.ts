import type { InspectionEvent } from 'xstate';

/** One inspection event as streamed to clients: plain JSON, no actor references. */
export interface InspectionRecord {
  channelId: string;
  type: InspectionEvent['type'];
  at: number;
  event?: unknown;
  value?: unknown;
  context?: unknown;
}

/**
 * Which actor an inspection event came from: a channel actor (by channel id) or the supervisor's
 * own lifecycle actor.
 */
export type InspectedActor = { kind: 'channel'; channelId: string } | { kind: 'supervisor' };

/** Receives raw inspection events, actor references included; must return quickly and not throw. */
export type InspectionTap = (from: InspectedActor, event: InspectionEvent) => void;

/**
 * Fans the supervisor's inspection events out to live subscribers: record listeners (the ops
 * server's `/api/inspect` stream, channel actors only) and raw taps (the inspector's batched feed,
 * the Stately sink). With nobody listening, publishing costs one size check.
 */
export class InspectionHub {
  private readonly records = new Set<(record: InspectionRecord) => void>();
  private readonly taps = new Set<InspectionTap>();
  private listening = 0;

  /** Subscribers and taps now: while 0, publishing costs one check. */
  get listeners(): number {
    return this.listening;
  }

  /** A channel actor's inspection event. */
  publish(channelId: string, event: InspectionEvent): void {
    if (this.listening === 0) return;
    for (const tap of this.taps) tap({ kind: 'channel', channelId }, event);
    if (this.records.size === 0) return;
    const record = toRecord(channelId, event);
    if (!record) return;
    for (const listener of this.records) listener(record);
  }

  /** An inspection event of the supervisor's lifecycle actor (taps only). */
  publishSupervisor(event: InspectionEvent): void {
    if (this.listening === 0) return;
    for (const tap of this.taps) tap({ kind: 'supervisor' }, event);
  }

  /** Listens to channel events as plain records; returns the unsubscribe function. */
  subscribe(listener: (record: InspectionRecord) => void): () => void {
    return this.add(this.records, listener);
  }

  /** Listens to every raw event, supervisor included; returns the unsubscribe function. */
  tap(listener: InspectionTap): () => void {
    return this.add(this.taps, listener);
  }

  private add<T>(set: Set<T>, item: T): () => void {
    set.add(item);
    this.listening = this.records.size + this.taps.size;
    return () => {
      set.delete(item);
      this.listening = this.records.size + this.taps.size;
    };
  }
}

function toRecord(channelId: string, event: InspectionEvent): InspectionRecord | null {
  const at = Date.now();
  if (event.type === '@xstate.event') return { channelId, type: event.type, at, event: event.event };
  if (event.type === '@xstate.snapshot') {
    const snapshot = event.snapshot as { value?: unknown; context?: unknown };
    return { channelId, type: event.type, at, value: snapshot.value, context: snapshot.context };
  }
  if (event.type === '@xstate.actor') return { channelId, type: event.type, at };
  return null;
}
