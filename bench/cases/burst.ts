/**
 * A burst of mentions across channels against the playground's rate limits (Discord's: 50
 * requests/s per bot, 5 messages per 5 s per channel), every one to be answered. The bare client
 * answers each mention with a message of its own; Ery runs its defaults (threads batch what
 * arrives while one runs, 8 threads at once, 2 per server; channels it has never read ask Discord
 * for their history once). Counted at the playground: 429s, and every reply; counted in Ery's
 * database: the threads each mention went into.
 */
import { type BenchCase, none, row, type SubjectKind } from '../support/case.ts';
import { marker } from '../support/instant-model.ts';
import { postPaced } from '../support/post.ts';
import { epochNow, type ThreadRow } from '../support/protocol.ts';
import { onStage, withSubject } from '../support/stage.ts';

interface Run {
  /** From the first post to the last reply the playground took. */
  seconds: number;
  refused429: number;
  /** Each 429: its request and when, in ms after the first post. */
  refusals: Array<{ method: string; path: string; atMs: number }>;
  replies: number;
  lost: number;
  duplicated: number;
}

/** Mentions in no thread, or in a thread that did not end `done`; and mentions in two threads. */
function checkThreads(
  ids: readonly string[],
  rows: readonly ThreadRow[],
): { lost: number; duplicated: number } {
  const seen = new Map<string, number>();
  for (const thread of rows) {
    if (thread.status !== 'done') continue;
    for (const id of thread.messageIds) seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  return {
    lost: ids.filter((id) => !seen.has(id)).length,
    duplicated: ids.filter((id) => (seen.get(id) ?? 0) > 1).length,
  };
}

async function measure(kind: SubjectKind, messages: number, channels: number): Promise<Run> {
  return onStage({ channels, script: 'send' }, async (stage) => {
    const refusals: Run['refusals'] = [];
    // Set when the first message is posted; events before it have no bearing on the burst.
    let started = epochNow();
    let replies = 0;
    let lastReply = 0;
    const stopWatching = stage.playground.onEvent((event) => {
      if (event.actorId !== stage.world.botId) return;
      if (event.type === 'http.request' && event.status === 429) {
        refusals.push({ method: event.method, path: event.path, atMs: event.at - started });
      }
      if (event.type === 'message.created') {
        replies += 1;
        lastReply = event.at;
      }
    });
    try {
      return await withSubject(stage, kind, { answer: true }, async (subject) => {
        const posts = Array.from({ length: messages }, (_, n) => ({
          channelId: stage.world.channelIds[n % channels] as string,
          content: `<@${stage.world.botId}> ${marker(n)}`,
        }));
        const settled = subject.milestone(
          kind === 'ery' ? 'idle' : 'answered',
          kind === 'ery' ? channels : messages,
        );
        started = epochNow();
        const ids = await postPaced(stage.playground, posts, stage.world.personId, subject);
        await settled;
        const seconds = (lastReply - started) / 1000;
        if (kind === 'bare') {
          // One reply per mention by construction: more or fewer is the server's doing.
          return {
            seconds,
            refused429: refusals.length,
            refusals,
            replies,
            lost: Math.max(0, messages - replies),
            duplicated: Math.max(0, replies - messages),
          };
        }
        const threads = subject.next('threads');
        subject.send({ type: 'threads' });
        const { rows } = await threads;
        const checked = checkThreads(ids, rows);
        // Each thread posts once: a reply more than there are threads is a reply sent twice.
        const extraReplies = Math.max(0, replies - rows.length);
        return {
          seconds,
          refused429: refusals.length,
          refusals,
          replies,
          lost: checked.lost,
          duplicated: checked.duplicated + extraReplies,
        };
      });
    } finally {
      stopWatching();
    }
  });
}

export const burst: BenchCase = {
  name: 'burst',
  async run({ short }, log) {
    const messages = short ? 100 : 1_000;
    const channels = short ? 20 : 100;
    const bare = await measure('bare', messages, channels);
    log(`bare: ${bare.seconds.toFixed(1)} s, ${bare.replies} replies, ${bare.refused429} × 429`);
    const ery = await measure('ery', messages, channels);
    log(
      `ery: ${ery.seconds.toFixed(1)} s, ${ery.replies} replies, ${ery.refused429} × 429, lost ${ery.lost}, duplicated ${ery.duplicated}`,
    );
    const scale = `${messages.toLocaleString('en')} mentions at once over ${channels} channels`;
    const base = { case: 'burst', baselineName: 'bare discord.js client, a reply per mention' };
    return {
      scale,
      rows: [
        row({
          ...base,
          figure: `until every mention is answered (${scale})`,
          baseline: bare.seconds,
          ery: ery.seconds,
          unit: 's',
          goal: null,
        }),
        row({
          ...base,
          figure: '429 responses from the playground',
          baseline: bare.refused429,
          ery: ery.refused429,
          unit: '',
          ratio: null,
          goal: none(ery.refused429),
        }),
        row({
          ...base,
          figure: 'mentions lost (in no finished thread)',
          baseline: bare.lost,
          ery: ery.lost,
          unit: '',
          ratio: null,
          goal: none(ery.lost),
        }),
        row({
          ...base,
          figure: 'mentions or replies duplicated',
          baseline: bare.duplicated,
          ery: ery.duplicated,
          unit: '',
          ratio: null,
          goal: none(ery.duplicated),
        }),
      ],
      details: { messages, channels, bare, ery },
    };
  },
};
