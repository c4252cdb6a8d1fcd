import type { SnapshotDigest } from '../../actors/supervisor/checkpoint.ts';
import type { LoggedEvent } from '../replay/channel-log.ts';

/** A JSON column read: its value, or what is wrong with it in words (`<table.column> is not JSON (…)`). */
export type Read<T> = { value: T } | { problem: string };

/**
 * A JSON text column of a row as replay reads it: parsed, never thrown. Rows damaged on disk or by
 * hand must become a clear finding at their step, not a stack trace (issue 9).
 */
export function readJson(text: unknown, column: string): Read<unknown> {
  if (text === null || text === undefined) return { problem: `${column} is empty` };
  if (typeof text !== 'string') return { problem: `${column} is not text (${typeof text})` };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: `${column} is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** `channel_events.event`: an object with a `type`. */
export function readEvent(text: unknown): Read<LoggedEvent['event']> {
  const read = readJson(text, 'channel_events.event');
  if ('problem' in read) return read;
  const event = read.value as { type?: unknown } | null;
  if (event === null || typeof event !== 'object' || Array.isArray(event))
    return { problem: `channel_events.event is ${JSON.stringify(event)}, not an event` };
  if (typeof event.type !== 'string') return { problem: 'channel_events.event has no type' };
  return { value: event as LoggedEvent['event'] };
}

/** `channel_checkpoints.digest`: the shape `snapshotDigest` writes. */
export function readDigest(text: unknown): Read<SnapshotDigest> {
  const read = readJson(text, 'channel_checkpoints.digest');
  if ('problem' in read) return read;
  const digest = read.value as Partial<SnapshotDigest> | null;
  const shaped =
    digest !== null &&
    typeof digest === 'object' &&
    typeof digest.status === 'string' &&
    typeof digest.batch === 'number' &&
    typeof digest.queue === 'number' &&
    (digest.thread === null || typeof digest.thread === 'string') &&
    digest.context !== null &&
    typeof digest.context === 'object' &&
    Object.values(digest.context).every((hash) => typeof hash === 'string') &&
    (digest.fields === undefined || hashesByField(digest.fields));
  return shaped
    ? { value: digest as SnapshotDigest }
    : { problem: 'channel_checkpoints.digest is not a snapshot digest' };
}

/** `{ field: { key: hash } }`, as `serialisedSnapshot` writes it. */
function hashesByField(fields: unknown): boolean {
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  return (
    isRecord(fields) &&
    Object.values(fields).every(
      (hashes) => isRecord(hashes) && Object.values(hashes).every((hash) => typeof hash === 'string'),
    )
  );
}

/** The value of a read, or `fallback` when it could not be read. */
export function valueOr<T>(read: Read<T>, fallback: T): T {
  return 'value' in read ? read.value : fallback;
}
