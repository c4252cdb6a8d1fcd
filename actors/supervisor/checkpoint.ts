import { type FieldList, type FieldText, FieldTexts, hashOfField } from './field-texts.ts';
import { hashText } from './hash-text.ts';
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
  /** Each context field's hash (`hashOf`). */
  context: Record<string, string>;
  /**
   * For each context field holding an object (`thread`, `lastThread`, `settings`), each of its
   * keys' hash: a replay that differs there is told which key (`context.thread.startedAt`).
   * Absent from checkpoints written before it was kept.
   */
  fields?: Record<string, Record<string, string>>;
}

/**
 * JSON with object keys sorted, so two equal values give the same text however they were built
 * (a live context and one parsed back from the log may list keys in different orders). Like
 * `JSON.stringify`, it drops `undefined` fields and functions; `undefined` alone gives undefined.
 */
export function canonicalJson(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson(JSON.parse(JSON.stringify(value) ?? 'null'));
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item) ?? 'null').join(',')}]`;
  const fields: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const text = canonicalJson((value as Record<string, unknown>)[key]);
    if (text !== undefined) fields.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${fields.join(',')}}`;
}

/**
 * A 64-bit hash (wyhash, Bun's own) of `value`'s JSON, as 16 hex digits: it tells a damaged or
 * diverging field, it is not a signature. Plain `JSON.stringify`, not `canonicalJson`: it runs
 * at every write, and replay builds each field with the same code from the same JSON as the live
 * actor did, so keys come in the same order; were they ever not, a check would fail, never pass
 * wrongly.
 */
export function hashOf(value: unknown): string {
  return hashText(JSON.stringify(value) ?? 'undefined');
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
  return digestOf(snapshotFields(snapshot));
}

/**
 * What a channel snapshot's digest is made of ({@link digestOf}): its state, its sizes, and each
 * context field's JSON text. Only a row that carries a checkpoint needs them (`CheckpointSteps`);
 * the row's own text is one `JSON.stringify` of the snapshot, not these texts joined.
 */
export interface SnapshotFields {
  /** XState's snapshot status (`active`, `done`). */
  status: string;
  value: unknown;
  batch: number;
  queue: number;
  /** The running thread's id. */
  thread: string | null;
  /** Each context field's text, in the context's order (`FieldTexts.next`). */
  fields: FieldList;
}

/**
 * The fields of a persisted channel snapshot, each context field serialised by `texts` (which
 * reuses the texts and hashes of the fields a channel's last checkpoint held unchanged). Each
 * field's text is `JSON.stringify`'s either way, so replay's digests compare with the live ones.
 */
export function snapshotFields(snapshot: unknown, texts: FieldTexts = new FieldTexts()): SnapshotFields {
  const shape = (snapshot ?? null) as SnapshotShape;
  const context = shape?.context ?? {};
  const thread = context.thread?.id;
  for (const field of Object.keys(context)) texts.textOf(field, context[field]);
  return {
    status: typeof shape?.status === 'string' ? shape.status : 'active',
    value: shape?.value ?? null,
    batch: Array.isArray(context.batch) ? context.batch.length : 0,
    queue: Array.isArray(context.queue) ? context.queue.length : 0,
    thread: typeof thread === 'string' ? thread : null,
    fields: texts.next,
  };
}

/** The digest of a snapshot's fields: each field's hash, and each of an object field's keys'. */
export function digestOf(serialised: SnapshotFields): SnapshotDigest {
  const { status, value, batch, queue, thread } = serialised;
  const hashes: Record<string, string> = {};
  const objects: Record<string, Record<string, string>> = {};
  const { names, texts } = serialised.fields;
  for (let index = 0; index < names.length; index += 1) {
    const field = names[index] as string;
    const known = texts[index] as FieldText;
    hashes[field] = hashOfField(known);
    if (isPlainObject(known.value)) {
      known.keys ??= keyHashes(known.value);
      objects[field] = known.keys;
    }
  }
  return { status, value, batch, queue, thread, context: hashes, fields: objects };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Each key's hash of an object-valued context field (`SnapshotDigest.fields`). */
function keyHashes(object: Record<string, unknown>): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const key of Object.keys(object)) keys[key] = hashOf(object[key]);
  return keys;
}

/**
 * The checkpoint a channel row implies, its snapshot's digest being `digest`: after its last
 * logged event.
 */
export function checkpointRecord(record: ChannelRecord, digest: SnapshotDigest): ChannelCheckpointRecord {
  return {
    channelId: record.channelId,
    seq: record.lastEventSeq,
    at: record.updatedAt,
    machineVersion: record.machineVersion,
    digest,
  };
}
