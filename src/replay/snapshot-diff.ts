import { canonicalJson, hashOf, type SnapshotDigest } from '../../actors/supervisor/checkpoint.ts';
import { oneLine } from './describe-event.ts';

/** A snapshot's state and context, whatever wrote it. */
export interface Comparable {
  status?: unknown;
  value: unknown;
  context: unknown;
}

const MAX_DIFFERENCES = 5;

/** A value in a difference line: short JSON, arrays by their length. */
function brief(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'}`;
  return oneLine(canonicalJson(value) ?? 'undefined', 60);
}

/**
 * Where two snapshots differ, as lines `path: replayed X, stored Y` (at most five; the deepest
 * differing path of each branch). Status `done` and `active` are compared too: a reaped channel is
 * done.
 */
export function diffSnapshots(replayed: Comparable, stored: Comparable): string[] {
  const lines: string[] = [];
  const status = (snapshot: Comparable) => (typeof snapshot.status === 'string' ? snapshot.status : 'active');
  if (status(replayed) !== status(stored))
    lines.push(`status: replayed ${status(replayed)}, stored ${status(stored)}`);
  walk('state', replayed.value, stored.value, lines);
  walk('context', replayed.context, stored.context, lines);
  return lines.slice(0, MAX_DIFFERENCES);
}

function walk(path: string, a: unknown, b: unknown, lines: string[]): void {
  if (lines.length >= MAX_DIFFERENCES || canonicalJson(a) === canonicalJson(b)) return;
  const bothArrays = Array.isArray(a) && Array.isArray(b);
  const bothObjects = !bothArrays && isObject(a) && isObject(b);
  if (bothArrays && a.length !== b.length) {
    lines.push(`${path}: replayed ${brief(a)}, stored ${brief(b)}`);
    return;
  }
  if (bothArrays) {
    for (const [index, item] of a.entries()) walk(`${path}[${index}]`, item, b[index], lines);
    return;
  }
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) walk(`${path}.${key}`, a[key], b[key], lines);
    return;
  }
  lines.push(`${path}: replayed ${brief(a)}, stored ${brief(b)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/**
 * Where a replayed snapshot differs from a checkpoint's digest. The digest keeps sizes and
 * hashes, so a differing field is named with what the replay has.
 */
export function diffDigest(replayed: Comparable, digest: SnapshotDigest): string[] {
  const lines: string[] = [];
  const status = typeof replayed.status === 'string' ? replayed.status : 'active';
  if (status !== digest.status) lines.push(`status: replayed ${status}, checkpoint ${digest.status}`);
  if (canonicalJson(replayed.value) !== canonicalJson(digest.value)) {
    lines.push(`state: replayed ${brief(replayed.value)}, checkpoint ${brief(digest.value)}`);
  }
  const context = (isObject(replayed.context) ? replayed.context : {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(context), ...Object.keys(digest.context)])].sort();
  for (const field of fields) {
    if (!(field in digest.context))
      lines.push(`context.${field}: replayed ${brief(context[field])}, not in the checkpoint`);
    else if (!(field in context)) lines.push(`context.${field}: missing from the replay`);
    else if (hashOf(context[field]) !== digest.context[field]) {
      const keys = differingKeys(context[field], digest.fields?.[field]);
      if (keys) lines.push(...keys.map((key) => `context.${field}.${key}`));
      else lines.push(`context.${field} differs: replayed ${sized(field, context[field], digest)}`);
    }
  }
  return lines.slice(0, MAX_DIFFERENCES);
}

/**
 * Where an object field differs from the checkpoint's key hashes, as `key differs: replayed X` (or
 * `key: not in the checkpoint`, `key: missing from the replay`); null when the checkpoint keeps no
 * key hashes for it (written by an older Ery) or the replay's value is no object.
 */
function differingKeys(value: unknown, hashes: Record<string, string> | undefined): string[] | null {
  if (!hashes || !isObject(value) || Array.isArray(value)) return null;
  const keys = [...new Set([...Object.keys(value), ...Object.keys(hashes)])].sort();
  const lines: string[] = [];
  for (const key of keys) {
    if (!(key in hashes)) lines.push(`${key}: replayed ${brief(value[key])}, not in the checkpoint`);
    else if (!(key in value)) lines.push(`${key}: missing from the replay`);
    else if (hashOf(value[key]) !== hashes[key]) lines.push(`${key} differs: replayed ${brief(value[key])}`);
  }
  return lines.length > 0 ? lines : null;
}

/** What the replay has in `field`, with the checkpoint's count where it keeps one. */
function sized(field: string, value: unknown, digest: SnapshotDigest): string {
  const count = field === 'batch' ? digest.batch : field === 'queue' ? digest.queue : null;
  if (count !== null && Array.isArray(value) && value.length === count) {
    return `${brief(value)} as in the checkpoint, but not the same ones or not the same content`;
  }
  if (count !== null) return `${brief(value)}, checkpoint ${count}`;
  if (field === 'thread') {
    const id = (value as { id?: unknown } | null)?.id ?? null;
    // The same thread, other content: the checkpoint (an older one) keeps only a hash of the rest.
    if (id === digest.thread)
      return `the same thread (${brief(id)}), but not its content (the checkpoint keeps only a hash of it)`;
    return `${brief(id)}, checkpoint ${JSON.stringify(digest.thread)}`;
  }
  return brief(value);
}
