/**
 * How the driver posts the person's messages into the playground (in process, through the same
 * action, checks and gateway dispatch as a REST post): as fast as the subject takes them, or at a
 * set rate.
 */
import type { Playground } from '../../src/playground/index.ts';
import { epochNow } from './protocol.ts';
import type { SubjectProcess } from './subject-process.ts';

/** One message to post. */
export interface Post {
  channelId: string;
  content: string;
}

/** Messages posted between two turns of the event loop, so the gateway's socket writes go out. */
const CHUNK = 100;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Posts every message as `authorId`, in order, never more than `window` ahead of what the subject
 * has reported receiving: a subject slower than the playground is not buried under a socket buffer
 * Bun would start dropping frames from (16 MiB), and the rate measured is the subject's own.
 * `before`: what the subject had received before these (its count runs on). Resolves with the
 * posted messages' ids once all are posted.
 */
export async function postPaced(
  playground: Playground,
  posts: readonly Post[],
  authorId: string,
  subject: SubjectProcess,
  { before = 0, window = 2_000 }: { before?: number; window?: number } = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < posts.length; index += 1) {
    while (before + index - subject.received >= window) await subject.progress();
    const post = posts[index] as Post;
    ids.push(playground.postMessage({ channelId: post.channelId, authorId, content: post.content }).id);
    if (index % CHUNK === CHUNK - 1) await turn();
  }
  return ids;
}

/**
 * Posts every message as `authorId` at `perSecond`, each at its due time (to the millisecond the
 * event loop allows); returns when each was posted (ms since the epoch), by index.
 */
export async function postAtRate(
  playground: Playground,
  posts: readonly Post[],
  authorId: string,
  perSecond: number,
): Promise<number[]> {
  const postedAt: number[] = [];
  const start = performance.now();
  let index = 0;
  while (index < posts.length) {
    const due = start + (index * 1000) / perSecond;
    if (performance.now() < due) {
      await Bun.sleep(Math.max(0, due - performance.now()));
      continue;
    }
    const post = posts[index] as Post;
    postedAt.push(epochNow());
    playground.postMessage({ channelId: post.channelId, authorId, content: post.content });
    index += 1;
  }
  return postedAt;
}
