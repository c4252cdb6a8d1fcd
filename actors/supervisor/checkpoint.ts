import { type FieldList, type FieldText, FieldTexts, hashOfField, memberText } from './field-texts.ts';
import { hashText } from './hash-text.ts';
import { keyText } from './item-texts.ts';
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
  return serialisedSnapshot(snapshot).digest;
}

/**
 * A channel snapshot as {@link snapshotText} serialised it: its JSON text, and what its digest is
 * made of ({@link digestOf}), kept apart so a write that carries no checkpoint hashes nothing.
 */
export interface SnapshotText {
  json: string;
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
 * A persisted channel snapshot as JSON text and its digest, from one `JSON.stringify` of each
 * context field: the field texts are hashed for the digest and joined into the snapshot's text,
 * so a write does not serialise the context twice (issue 10: serialising was a quarter of ingest).
 * `texts` reuses what the channel's previous write computed (the write-behind's); each field's
 * text is `JSON.stringify`'s either way, so replay's digests compare with the live ones.
 */
export function serialisedSnapshot(
  snapshot: unknown,
  texts?: FieldTexts,
): { json: string; digest: SnapshotDigest } {
  const serialised = snapshotText(snapshot, texts);
  return { json: serialised.json, digest: digestOf(serialised) };
}

/**
 * A persisted channel snapshot as JSON text, each context field serialised once (`FieldTexts`),
 * with what its digest needs but no hash yet. The text parses back to the same value (`context`
 * comes last among the keys); it is built as one string, without the copy of the snapshot and
 * the array of parts a join would take.
 */
export function snapshotText(snapshot: unknown, texts: FieldTexts = new FieldTexts()): SnapshotText {
  const shape = (snapshot ?? null) as SnapshotShape;
  const context = shape?.context ?? {};
  const thread = context.thread?.id;
  let body = '';
  for (const field of Object.keys(context)) {
    const member = memberText(field, texts.textOf(field, context[field]));
    if (member !== '') body = body === '' ? member : `${body},${member}`;
  }
  const summary = {
    status: typeof shape?.status === 'string' ? shape.status : 'active',
    value: shape?.value ?? null,
    batch: Array.isArray(context.batch) ? context.batch.length : 0,
    queue: Array.isArray(context.queue) ? context.queue.length : 0,
    thread: typeof thread === 'string' ? thread : null,
    fields: texts.next,
  };
  if (shape === null || typeof shape !== 'object' || shape.context === undefined) {
    return { json: JSON.stringify(snapshot ?? null), ...summary };
  }
  let head = '';
  for (const key of Object.keys(shape)) {
    if (key === 'context') continue;
    const text = JSON.stringify((shape as Record<string, unknown>)[key]);
    if (text !== undefined) head += `${keyText(key)}${text},`;
  }
  return { json: `{${head}"context":{${body}}}`, ...summary };
}

/** The digest of a serialised snapshot: each field's hash, and each of an object field's keys'. */
export function digestOf(serialised: SnapshotText): SnapshotDigest {
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
