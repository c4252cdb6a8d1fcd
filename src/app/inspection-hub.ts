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
 * Fans the supervisor's inspection events out to live subscribers (the ops server's
 * `/api/inspect` stream). With no subscriber, publishing costs one size check.
 */
export class InspectionHub {
  private readonly listeners = new Set<(record: InspectionRecord) => void>();

  publish(channelId: string, event: InspectionEvent): void {
    if (this.listeners.size === 0) return;
    const record = toRecord(channelId, event);
    if (!record) return;
    for (const listener of this.listeners) listener(record);
  }

  subscribe(listener: (record: InspectionRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
