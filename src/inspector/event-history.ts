import type { LoggedEvent } from '../replay/channel-log.ts';
import { LogReplayer, type ReplayStep } from '../replay/replay-log.ts';
import { stateName } from '../replay/thread-marks.ts';
import type { ActorLog } from './actor-log.ts';
import { eventText } from './event-text.ts';
import type { MentionNames } from './mentions.ts';
import type { FocusHistory, StreamEvent } from './wire.ts';

/** Options of {@link recentHistory}. */
export interface HistoryOptions {
  /** Events returned, at most (default 50). */
  shown?: number;
  /**
   * Events replayed at most: an actor that logged more since it began gets its last events without
   * state changes, and a note (default 20 000, about half a second of replay on one core).
   */
  cap?: number;
  /** Events read and replayed between two yields to the event loop (default 250, a few ms). */
  slice?: number;
  names?: MentionNames;
  /** Lets other work run between slices (default: the next turn of the event loop). */
  pause?: () => Promise<void>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A channel's last events with the state each moved its actor from and to, rebuilt by the replay
 * engine (`LogReplayer`, the pure channel machine) over the log since the actor's last start
 * (`xstate.init`), read and replayed in slices between which Ery goes on with its work, so a long
 * log never stalls it. Only the last `shown` events are kept while replaying: memory does not grow
 * with the log. The log is read up to its last event now; later ones reach the page live.
 */
export async function recentHistory(
  log: ActorLog,
  channelId: string,
  options: HistoryOptions = {},
): Promise<FocusHistory> {
  const { shown = 50, cap = 20_000, slice = 250, names, pause = nextTurn } = options;
  const toSeq = log.lastSeq(channelId);
  if (toSeq === 0) return { events: [] };
  const start = log.lastStart(channelId, toSeq);
  if (start === null || toSeq - start + 1 > cap) {
    const raw = log.page(channelId, Math.max(0, toSeq - shown), toSeq, shown);
    const events = raw.map((row) => ({
      seq: row.seq,
      at: row.at,
      type: row.type,
      text: eventText(row.event as LoggedEvent['event'], names),
    }));
    const why =
      start === null
        ? "its log does not reach back to the actor's start"
        : `its actor logged ${toSeq - start + 1} events since it started, more than the ${cap} the inspector replays`;
    return {
      events,
      note: `State changes not rebuilt: ${why}. \`ery replay ${channelId}\` rebuilds every step.`,
    };
  }
  const replayer = new LogReplayer();
  const kept: StreamEvent[] = [];
  let after = start - 1;
  while (after < toSeq) {
    const rows = log.page(channelId, after, toSeq, slice);
    if (rows.length === 0) break;
    for (const row of rows) {
      kept.push(entry(replayer.next(row as LoggedEvent), names));
      if (kept.length > shown) kept.shift();
    }
    after = (rows.at(-1) as LoggedEvent).seq;
    if (after < toSeq) await pause();
  }
  return { events: kept };
}

/** A replayed step as the page shows it; a restore resumes in the state it was restored to. */
function entry(step: ReplayStep, names: MentionNames | undefined): StreamEvent {
  const to = stateName(step.after.value);
  const from = step.before ? stateName(step.before.value) : step.origin === 'fresh' ? null : to;
  return { seq: step.seq, at: step.at, type: step.type, text: eventText(step.event, names), from, to };
}
