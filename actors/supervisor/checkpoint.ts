import { createHash } from 'node:crypto';
import type { ChannelCheckpointRecord, ChannelRecord } from './snapshot-store.ts';

/**
 * What a checkpoint keeps of a channel snapshot: the state and the sizes a person reads, and a
 * hash of each context field, so a replay that differs can be told where (`context.batch`)
 * without the log holding a full copy of the snapshot at every write.
 */
export interface SnapshotDigest {
  /** XState's snapshot status: `active`, or `done` once reaped. */
  status: string;
  value: unknown;
  batch: number;
  queue: number;
  /** The running thread's id. */
  thread: string | null;
  /** Each context field's hash: sha256 of its canonical JSON, first 16 hex digits. */
  context: Record<string, string>;
}

/**
 * JSON with object keys sorted, so two equal values give the same text however they were built
 * (a live context and one parsed back from the log list keys in different orders). Like
 * `JSON.stringify`, it drops `undefined` fields.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const entries = Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries);
  });
}

/** sha256 of `value`'s canonical JSON, first 16 hex digits. */
export function hashOf(value: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(value) ?? 'undefined')
    .digest('hex')
    .slice(0, 16);
}

type SnapshotShape = {
  status?: unknown;
  value?: unknown;
  context?: { batch?: unknown[]; queue?: unknown[]; thread?: { id?: unknown } | null } & Record<
    string,
    unknown
  >;
} | null;

/** The digest of a channel snapshot, persisted (`getPersistedSnapshot`) or rebuilt by replay. */
export function snapshotDigest(snapshot: unknown): SnapshotDigest {
  const shape = (snapshot ?? null) as SnapshotShape;
  const context = shape?.context ?? {};
  const thread = context.thread?.id;
  return {
    status: typeof shape?.status === 'string' ? shape.status : 'active',
    value: shape?.value ?? null,
    batch: Array.isArray(context.batch) ? context.batch.length : 0,
    queue: Array.isArray(context.queue) ? context.queue.length : 0,
    thread: typeof thread === 'string' ? thread : null,
    context: Object.fromEntries(Object.keys(context).map((field) => [field, hashOf(context[field])])),
  };
}

/** The checkpoint a channel row implies: its snapshot's digest, after its last logged event. */
export function checkpointOf(record: ChannelRecord): ChannelCheckpointRecord {
  return {
    channelId: record.channelId,
    seq: record.lastEventSeq,
    at: record.updatedAt,
    machineVersion: record.machineVersion,
    digest: snapshotDigest(record.snapshot),
  };
}
