import { Snowflake } from '../domain/message.ts';
import { ReplayError } from '../replay/errors.ts';
import { channelLogOf } from '../replay/log-reader.ts';
import { type LogRange, readBound, reversed } from '../replay/range.ts';
import type { TimelineOptions } from '../replay/timeline.ts';
import { pageResponse } from './assets.ts';
import { decoded, jsonError, noDatabase } from './http.ts';
import type { MentionNames } from './mentions.ts';
import { replayView } from './replay-view.ts';
import type { RecordedStores } from './stores.ts';
import { threadDetail } from './thread-detail.ts';

const REPLAY_PAGE = /^\/replay\/([^/]+)$/;
const REPLAY_API = /^\/api\/replay\/([^/]+)$/;
const THREAD_PATH = /^\/api\/threads\/([^/]{1,200})$/;

/** Answers one route by its path under `/inspector`; null when the path is not one of these. */
export type SubRoutes = (path: string, url: URL) => Response | null;

/**
 * What an inspector reads of what Ery recorded (`stores`), live (the ops server) or not (`ery replay
 * --inspect`), by path under `/inspector`:
 * - `/replay/:channelId`: the replay view's page (`?from=&to=&thread=` as `ery replay` takes them,
 *   `#step=<seq>` the step shown);
 * - `/api/replay/:channelId`: its data, the {@link replayView} of the channel's log, read anew,
 *   mentions named from `names` when given;
 * - `/api/threads/:id`: one thread in detail (prompt, replies, calls, decisions).
 * Bad input answers 400, nothing to show 404 (JSON `{ error }` that says what to do). Without
 * `stores` (no database) every one of them is a 404 that says so.
 */
export function databaseRoutes(stores: RecordedStores | undefined, names?: MentionNames): SubRoutes {
  return (path, url) => {
    const page = REPLAY_PAGE.exec(path);
    const api = REPLAY_API.exec(path);
    const thread = THREAD_PATH.exec(path);
    if (!page && !api && !thread) return null;
    if (!stores) return noDatabase();
    if (thread) {
      const threadId = decoded(thread[1] as string);
      if (threadId === null) return jsonError(400, 'the thread id is not valid URL encoding');
      const detail = threadDetail(stores, threadId);
      return detail ? Response.json(detail) : jsonError(404, `no thread ${threadId}`);
    }
    const channelId = decoded(((page ?? api) as RegExpExecArray)[1] as string) ?? '';
    if (!Snowflake.safeParse(channelId).success)
      return jsonError(400, `the channel id must be a Discord id (digits), not ${JSON.stringify(channelId)}`);
    const options = readRange(url.searchParams);
    if (typeof options === 'string') return jsonError(400, options);
    if (page) return pageResponse('replay');
    try {
      return Response.json(replayView(channelLogOf(stores.logs.reader(channelId)), options, names));
    } catch (error) {
      if (!(error instanceof ReplayError)) throw error;
      return jsonError(error.code === 'NO_START' ? 422 : 404, error.message);
    }
  };
}

/** `?from=&to=&thread=` as the timeline options, or what is wrong with them. */
function readRange(query: URLSearchParams): Omit<TimelineOptions, 'snapshots'> | string {
  const range: LogRange & { thread?: string } = {};
  for (const name of ['from', 'to'] as const) {
    const text = query.get(name);
    if (text === null || text === '') continue;
    const bound = readBound(text);
    if (!bound)
      return `?${name}= takes an event number (12) or an ISO time (2025-05-01T10:00:00Z), not ${JSON.stringify(text)}`;
    range[name] = bound;
  }
  if (range.from && range.to && reversed(range.from, range.to))
    return `?from=${query.get('from')} comes after ?to=${query.get('to')}`;
  const thread = query.get('thread');
  if (thread) range.thread = thread;
  return range;
}
