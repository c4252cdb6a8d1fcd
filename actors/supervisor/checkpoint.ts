import type { FieldTexts } from './field-texts.ts';
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

/** `"field":` for each context field name, built once. */
const KEYS = new Map<string, string>();
const keyText = (field: string): string => {
  let text = KEYS.get(field);
  if (text === undefined) {
    text = `${JSON.stringify(field)}:`;
    if (KEYS.size < 256) KEYS.set(field, text);
  }
  return text;
};

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
  return serialisedSnapshot(snapshot).digest;
}

/**
 * A persisted channel snapshot as JSON text and its digest, from one `JSON.stringify` of each
 * context field: the field texts are hashed for the digest and joined into the snapshot's text,
 * so a write does not serialise the context twice (issue 10: serialising was a quarter of ingest).
 * The text parses back to the same value (`context` comes last among the keys); it is built as one
 * string, without the copy of the snapshot and the array of parts a join would take. `texts`
 * reuses what the channel's previous write computed (the write-behind's); each field's text is
 * `JSON.stringify`'s either way, so replay's digests compare with the live ones.
 */
export function serialisedSnapshot(
  snapshot: unknown,
  texts?: FieldTexts,
): { json: string; digest: SnapshotDigest } {
  const shape = (snapshot ?? null) as SnapshotShape;
  const context = shape?.context ?? {};
  const thread = context.thread?.id;
  const hashes: Record<string, string> = {};
  let body = '';
  const objects: Record<string, Record<string, string>> = {};
  for (const field of Object.keys(context)) {
    const value = context[field];
    let text: string | undefined;
    if (texts) {
      const known = texts.of(field, value);
      text = known.text;
      hashes[field] = known.hash;
      if (isPlainObject(value)) {
        known.keys ??= keyHashes(value);
        objects[field] = known.keys;
      }
    } else {
      text = JSON.stringify(value);
      hashes[field] = hashText(text ?? 'undefined');
      if (isPlainObject(value)) objects[field] = keyHashes(value);
    }
    if (text !== undefined) body += `${body === '' ? '' : ','}${keyText(field)}${text}`;
  }
  const digest: SnapshotDigest = {
    status: typeof shape?.status === 'string' ? shape.status : 'active',
    value: shape?.value ?? null,
    batch: Array.isArray(context.batch) ? context.batch.length : 0,
    queue: Array.isArray(context.queue) ? context.queue.length : 0,
    thread: typeof thread === 'string' ? thread : null,
    context: hashes,
    fields: objects,
  };
  if (shape === null || typeof shape !== 'object' || shape.context === undefined) {
    return { json: JSON.stringify(snapshot ?? null), digest };
  }
  let head = '';
  for (const key of Object.keys(shape)) {
    if (key === 'context') continue;
    const text = JSON.stringify((shape as Record<string, unknown>)[key]);
    if (text !== undefined) head += `${keyText(key)}${text},`;
  }
  return { json: `{${head}"context":{${body}}}`, digest };
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
 * The checkpoint a channel row implies: its snapshot's digest, after its last logged event. The
 * row gets its snapshot's JSON (`snapshotJson`) from the same pass, for the store to write as is.
 */
export function checkpointOf(record: ChannelRecord, texts?: FieldTexts): ChannelCheckpointRecord {
  const { json, digest } = serialisedSnapshot(record.snapshot, texts);
  record.snapshotJson = json;
  return {
    channelId: record.channelId,
    seq: record.lastEventSeq,
    at: record.updatedAt,
    machineVersion: record.machineVersion,
    digest,
  };
}
