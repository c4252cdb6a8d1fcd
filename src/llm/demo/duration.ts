/**
 * Durations as people type them in chat ("10 minutes", "1h", "30s", "an hour", "2 days"), read and
 * written back by the demo model's timeout requests. Reading works on words (text whose whitespace
 * is already one space), never on a regex spanning several words, so it is linear in the text.
 */

const UNIT_SECONDS: Array<[RegExp, number, string]> = [
  [/^(?:s|secs?|seconds?)$/, 1, 'second'],
  [/^(?:m|mins?|minutes?)$/, 60, 'minute'],
  [/^(?:h|hrs?|hours?)$/, 3_600, 'hour'],
  [/^(?:d|days?)$/, 86_400, 'day'],
  [/^(?:w|wks?|weeks?)$/, 604_800, 'week'],
];
/** A plain positive amount: digits with an optional decimal part, or "a", "an", "one". */
const AMOUNT = /^(?:\d{1,15}(?:\.\d{1,6})?|an?|one)$/i;
/** What someone meant as a number, even if it is not one we read: "-5", "1e9", ".5", "5,000". */
const NUMBER_LIKE = /^[-+−–]?[.,]?\d/;
/** An amount and a unit written as one word ("10m", "1.5h"), split by scanning back over letters. */
function splitGlued(word: string): { amount: string; unit: string } | undefined {
  let at = word.length;
  while (at > 0 && /[a-z]/i.test(word.charAt(at - 1))) at -= 1;
  return at === 0 || at === word.length ? undefined : { amount: word.slice(0, at), unit: word.slice(at) };
}

/** A duration as it was read from a request. */
export type DurationRead =
  /** A positive amount and a known unit; `seconds` is rounded to whole seconds (it may be 0). */
  | { kind: 'valid'; seconds: number; text: string }
  /** Something meant as a duration that is none Ery can use: "-5m", "1e9 weeks", "ten minutes". */
  | { kind: 'unreadable'; text: string };

/** The unit's size in seconds, or undefined when `word` is no unit ("minutes" → 60). */
function unitSeconds(word: string): number | undefined {
  const lower = word.toLowerCase();
  return UNIT_SECONDS.find(([pattern]) => pattern.test(lower))?.[1];
}

/**
 * Seconds for an amount and unit ("10", "minutes" → 600; "an", "hour" → 3600), rounded to whole
 * seconds. Undefined when the amount is not a plain positive number (or "a", "an", "one") or the
 * unit is not one of ours.
 */
export function durationSeconds(amount: string, unit: string): number | undefined {
  if (!AMOUNT.test(amount)) return undefined;
  const size = unitSeconds(unit);
  const count = /^(?:an?|one)$/i.test(amount) ? 1 : Number(amount);
  return size === undefined ? undefined : Math.round(count * size);
}

/**
 * The duration written at `words[at]`: one word ("10m") or two ("10 minutes"), with how many words
 * it took. `loose` also takes a word that is no amount before a unit ("ten minutes") as an attempt
 * at one, which is only safe where a duration is expected. Undefined when there is none.
 */
function durationAt(
  words: string[],
  at: number,
  loose: boolean,
): { read: DurationRead; used: number } | undefined {
  const [word, next] = [words[at], words[at + 1]].map((found) =>
    found === undefined ? undefined : unpunctuated(found),
  );
  if (word === undefined) return undefined;
  if (next !== undefined && unitSeconds(next) !== undefined) {
    const text = `${word} ${next}`;
    const seconds = durationSeconds(word, next);
    if (seconds !== undefined) return { read: { kind: 'valid', seconds, text }, used: 2 };
    if (loose || NUMBER_LIKE.test(word)) return { read: { kind: 'unreadable', text }, used: 2 };
  }
  const glued = splitGlued(word);
  if (glued !== undefined) {
    const seconds = durationSeconds(glued.amount, glued.unit);
    if (seconds !== undefined) return { read: { kind: 'valid', seconds, text: word }, used: 1 };
  }
  if (!NUMBER_LIKE.test(word)) return undefined;
  // A unit after something that is no plain number ("-5m", "1e9w"): meant as a duration.
  if (glued !== undefined && unitSeconds(glued.unit) !== undefined)
    return { read: { kind: 'unreadable', text: word }, used: 1 };
  if (!loose) return undefined;
  // Where a duration is expected, any number is one ("-5", "1e9", "5 fortnights"), unreadable.
  const text = next !== undefined && glued === undefined ? `${word} ${next}` : word;
  return { read: { kind: 'unreadable', text }, used: text === word ? 1 : 2 };
}

/** `word` without the punctuation that may follow it in a sentence ("minutes," → "minutes"). */
function unpunctuated(word: string): string {
  let end = word.length;
  while (end > 0 && ',;:.!?'.includes(word.charAt(end - 1))) end -= 1;
  return word.slice(0, end);
}

const isFor = (word: string | undefined) => word?.toLowerCase() === 'for';

/**
 * A duration right at the start of `text` ("for 10 minutes because…", "1h"), else at its very end
 * ("for spam for 2 days"), and the text without it. `text` must have its whitespace collapsed to
 * single spaces. At the start, a number-looking word or a word before a unit is an attempt at a
 * duration even when unreadable; at the end only a number-looking word, or a word after "for", is.
 */
export function takeDuration(text: string): { tail: string; duration?: DurationRead } {
  const words = text.split(' ').filter((word) => word !== '');
  const start = isFor(words[0]) ? 1 : 0;
  const leading = durationAt(words, start, true);
  if (leading !== undefined)
    return { tail: words.slice(start + leading.used).join(' '), duration: leading.read };
  for (const used of [1, 2]) {
    const at = words.length - used;
    if (at < 0) continue;
    const trailing = durationAt(words, at, isFor(words[at - 1]));
    if (trailing === undefined || trailing.used !== used) continue;
    const end = isFor(words[at - 1]) ? at - 1 : at;
    return { tail: words.slice(0, end).join(' '), duration: trailing.read };
  }
  return { tail: text };
}

/**
 * A duration in the largest unit that divides it evenly: 600 → "10 minutes", 3600 → "1 hour",
 * 90 → "90 seconds", 5400 → "90 minutes".
 */
export function formatDuration(seconds: number): string {
  for (const [, size, name] of [...UNIT_SECONDS].reverse()) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}
