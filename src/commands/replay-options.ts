import { Snowflake } from '../domain/message.ts';
import { type Bound, type LogRange, NEITHER, readBoundOrProblem, reversed } from '../replay/range.ts';
import { UsageError } from './arguments.ts';

/** What `ery replay` was asked, checked. */
export interface ReplayRequest {
  channelId: string;
  from?: Bound;
  to?: Bound;
  thread?: string;
  json: boolean;
  verify: boolean;
  /** `--inspect`: serve the replay view instead of printing. */
  inspect: boolean;
  /** `--port` with `--inspect`: the loopback port to serve on (0: a free one). */
  port: number;
  /** `--db`, else undefined (then `ERY_DB_PATH`). */
  db?: string;
}

const HINT = '; see `ery help replay`';

/**
 * `--from`/`--to` as given: an event's sequence number (`12` or `#12`), or an ISO time
 * (`2025-05-01`, `2025-05-01T10:00:00Z`; without a zone it is UTC, as the timeline prints).
 *
 * @throws {UsageError} anything else, saying what is wrong: a number past the largest event
 *   number, a date that does not exist (`2025-02-30`), neither a number nor a time.
 */
export function parseBound(text: string, option: string): Bound {
  const bound = readBoundOrProblem(text);
  if (!('problem' in bound)) return bound;
  if (bound.problem !== NEITHER)
    throw new UsageError(`${option} ${JSON.stringify(text)} ${bound.problem}${HINT}`);
  throw new UsageError(
    `${option} takes an event number (12) or an ISO time (2025-05-01T10:00:00Z), not ${JSON.stringify(text)}${HINT}`,
  );
}

/**
 * The replay request from the parsed command line.
 *
 * @throws {UsageError} a channel id that is not a Discord id, a bad `--from`/`--to`, `--from`
 *   after `--to`, an empty `--thread`/`--db`, `--inspect` with `--json` or `--verify`, `--port`
 *   without `--inspect`, or a port that is not a whole number from 0 to 65535.
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
    inspect: options.inspect === true,
    port: readPort(text('port'), options.inspect === true),
    ...(from === undefined ? {} : { from: parseBound(from, '--from') }),
    ...(to === undefined ? {} : { to: parseBound(to, '--to') }),
    ...(text('thread') === undefined ? {} : { thread: text('thread') as string }),
    ...(text('db') === undefined ? {} : { db: text('db') as string }),
  };
  if (request.from && request.to && reversed(request.from, request.to))
    throw new UsageError(`--from ${from} comes after --to ${to}${HINT}`);
  for (const other of ['json', 'verify'] as const)
    if (request.inspect && request[other])
      throw new UsageError(
        `--inspect serves the timeline to a browser and --${other} prints it: give one of them${HINT}`,
      );
  return request;
}

/** `--port`: only with `--inspect`; 0 (a free port) when not given. */
function readPort(text: string | undefined, inspect: boolean): number {
  if (text === undefined) return 0;
  if (!inspect) throw new UsageError(`--port is the port of --inspect; add --inspect or drop --port${HINT}`);
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port <= 65_535))
    throw new UsageError(
      `--port takes a port number from 0 to 65535 (0 picks a free one), not ${JSON.stringify(text)}${HINT}`,
    );
  return port;
}

/** The part of the log asked for, as the timeline takes it. */
export function requestedRange(request: ReplayRequest): LogRange & { thread?: string } {
  return {
    ...(request.from ? { from: request.from } : {}),
    ...(request.to ? { to: request.to } : {}),
    ...(request.thread ? { thread: request.thread } : {}),
  };
}
