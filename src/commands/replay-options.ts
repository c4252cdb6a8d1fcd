import { Snowflake } from '../domain/message.ts';
import type { Bound } from '../replay/range.ts';
import { UsageError } from './arguments.ts';

/** What `ery replay` was asked, checked. */
export interface ReplayRequest {
  channelId: string;
  from?: Bound;
  to?: Bound;
  thread?: string;
  json: boolean;
  verify: boolean;
  /** `--db`, else undefined (then `ERY_DB_PATH`). */
  db?: string;
}

const HINT = '; see `ery help replay`';

/**
 * `--from`/`--to` as given: an event's sequence number (`12` or `#12`), or an ISO time
 * (`2025-05-01`, `2025-05-01T10:00:00Z`; without a zone it is UTC, as the timeline prints).
 *
 * @throws {UsageError} anything else.
 */
export function parseBound(text: string, option: string): Bound {
  const seq = /^#?(\d+)$/.exec(text);
  if (seq) return { seq: Number(seq[1]) };
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) {
    const zoned = /[T ][\d:.]+$/.test(text) ? `${text.replace(' ', 'T')}Z` : text.replace(' ', 'T');
    const at = Date.parse(zoned);
    if (!Number.isNaN(at)) return { at };
  }
  throw new UsageError(
    `${option} takes an event number (12) or an ISO time (2025-05-01T10:00:00Z), not ${JSON.stringify(text)}${HINT}`,
  );
}

/**
 * The replay request from the parsed command line.
 *
 * @throws {UsageError} a channel id that is not a Discord id, a bad `--from`/`--to`, `--from`
 *   after `--to`, or an empty `--thread`/`--db`.
 */
export function readReplayRequest(channelId: string, options: Record<string, string | true>): ReplayRequest {
  if (!Snowflake.safeParse(channelId).success) {
    throw new UsageError(
      `the channel id must be a Discord id (digits), not ${JSON.stringify(channelId)}${HINT}`,
    );
  }
  const text = (name: string) => {
    const value = options[name];
    if (value === undefined || value === true) return undefined;
    if (value.trim() === '') throw new UsageError(`--${name} needs a value${HINT}`);
    return value;
  };
  const from = text('from');
  const to = text('to');
  const request: ReplayRequest = {
    channelId,
    json: options.json === true,
    verify: options.verify === true,
    ...(from === undefined ? {} : { from: parseBound(from, '--from') }),
    ...(to === undefined ? {} : { to: parseBound(to, '--to') }),
    ...(text('thread') === undefined ? {} : { thread: text('thread') as string }),
    ...(text('db') === undefined ? {} : { db: text('db') as string }),
  };
  if (request.from && request.to && 'seq' in request.from === 'seq' in request.to) {
    const start = 'seq' in request.from ? request.from.seq : request.from.at;
    const end = 'seq' in request.to ? request.to.seq : request.to.at;
    if (start > end) throw new UsageError(`--from ${from} comes after --to ${to}${HINT}`);
  }
  return request;
}
