/**
 * "Ery is typing…" under the message list, as Discord shows it: a TYPING_START lasts about 10 s
 * unless the same person's message arrives first. Pure (no DOM): the store keeps one
 * {@link TypingTracker} and the page draws {@link typingLine}.
 */

/** How long one typing event shows (Discord's indicator lasts ~10 s). */
export const TYPING_MS = 10_000;

/** Who is typing where, until when. */
export class TypingTracker {
  readonly #byChannel = new Map<string, Map<string, { name: string; until: number }>>();

  /**
   * Records a typing event seen at `now` that happened at `at`. A replayed old event (after a
   * reconnect) shows for what is left of its 10 s, never longer than 10 s from now.
   */
  start(channelId: string, user: { id: string; name: string }, at: number, now: number): void {
    const until = Math.min(at, now) + TYPING_MS;
    if (until <= now) return;
    let channel = this.#byChannel.get(channelId);
    if (!channel) {
      channel = new Map();
      this.#byChannel.set(channelId, channel);
    }
    channel.set(user.id, { name: user.name, until });
  }

  /** Their message arrived: they are no longer typing. True when something changed. */
  stop(channelId: string, userId: string): boolean {
    return this.#byChannel.get(channelId)?.delete(userId) ?? false;
  }

  /** The names typing in `channelId` at `now`, in the order they started, without `except`. */
  names(channelId: string, now: number, except?: string): string[] {
    const channel = this.#byChannel.get(channelId);
    if (!channel) return [];
    for (const [id, entry] of channel) if (entry.until <= now) channel.delete(id);
    return [...channel].filter(([id]) => id !== except).map(([, entry]) => entry.name);
  }

  /** When the next entry of `channelId` runs out, or null. */
  nextExpiry(channelId: string): number | null {
    const ends = [...(this.#byChannel.get(channelId)?.values() ?? [])].map((e) => e.until);
    return ends.length === 0 ? null : Math.min(...ends);
  }
}

/** Discord's wording: "Ery is typing…", "A and B are typing…", "A, B and C are typing…", then "Several people are typing…". */
export function typingLine(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length > 3) return 'Several people are typing…';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`;
}
