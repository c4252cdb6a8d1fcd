/**
 * The parts of typed text where an `@` is not a mention on Discord: code (fenced, and inline code
 * of any backtick count), escapes (`\@`), links (`https://x.y/@Alice`, also inside `<…>` and
 * `[text](…)`), and mentions already in wire form. Pure; one left-to-right pass, so a box full of
 * backticks stays linear (issue 7 asked every parser of typed text to be).
 */

/** A half-open range `[from, to)` of the text. */
export type Range = [from: number, to: number];

/** Discord's escape: a backslash before anything but a letter, digit or space (simple-markdown). */
const ESCAPABLE = /[^0-9A-Za-z\s]/;
/** Mentions and channels already in wire form. */
const WIRE = /<(?:@[!&]?|#)\d+>/y;
/**
 * A link: a scheme, `://`, then up to whitespace or `<`. Tried only where a word starts, so each
 * word is read once.
 */
const LINK = /[a-z][a-z\d+.-]*:\/\/[^\s<]*/iy;
const LINK_CHAR = /[\p{L}\p{N}_+.-]/u;

/** Maximal runs of backticks, by length, with a cursor each: "the next run of exactly n after i". */
class BacktickRuns {
  readonly #byLength = new Map<number, { starts: number[]; next: number }>();

  constructor(text: string) {
    for (let i = text.indexOf('`'); i >= 0; i = text.indexOf('`', i)) {
      const start = i;
      while (text[i] === '`') i += 1;
      const runs = this.#byLength.get(i - start) ?? { starts: [], next: 0 };
      runs.starts.push(start);
      this.#byLength.set(i - start, runs);
    }
  }

  /** Start of the first run of exactly `length` backticks at or after `from`, or -1. */
  next(length: number, from: number): number {
    const runs = this.#byLength.get(length);
    if (!runs) return -1;
    // Callers ask with `from` only growing, so the cursor never moves back.
    while (runs.next < runs.starts.length && (runs.starts[runs.next] ?? 0) < from) runs.next += 1;
    return runs.starts[runs.next] ?? -1;
  }
}

/**
 * Where the code that opens at `start` (a run of `count` backticks) ends, or -1 when it never closes.
 * Discord's rules (simple-markdown): ```` ``` ```` opens a block closed by the next ```` ``` ````;
 * otherwise inline code closes at the next run of exactly as many backticks, and when there is none
 * the opener gives up a backtick and tries again.
 */
function codeEnd(text: string, start: number, count: number, runs: BacktickRuns): number {
  if (count >= 3) {
    // The closer is looked for after the whole opening run, so a long run is read once.
    const close = text.indexOf('```', start + count);
    if (close >= 0) return close + 3;
  }
  for (let n = count; n >= 1; n -= 1) {
    const close = runs.next(n, start + count);
    if (close >= 0) return close + n;
  }
  return -1;
}

/**
 * The ranges of `text`, in order and not overlapping, where an `@` is not a mention.
 *
 * @param openToEnd true while typing: code opened and not yet closed runs to the end, because the
 *   caret is in it (the list must not open there); false for sending, where Discord shows an
 *   unclosed backtick as a plain backtick.
 */
export function literalRanges(text: string, openToEnd = false): Range[] {
  const ranges: Range[] = [];
  const runs = new BacktickRuns(text);
  for (let i = 0; i < text.length; ) {
    const [end, literal] = literalAt(text, i, runs, openToEnd);
    if (literal) ranges.push([i, end]);
    i = Math.max(end, i + 1);
  }
  return ranges;
}

/**
 * What starts at `i`: `[end, true]` for a literal running to `end`; `[end, false]` for plain text
 * that may be skipped up to `end` (a run of backticks that never closes is read once).
 */
function literalAt(text: string, i: number, runs: BacktickRuns, openToEnd: boolean): [number, boolean] {
  const char = text[i] ?? '';
  if (char === '\\') return ESCAPABLE.test(text[i + 1] ?? ' ') ? [i + 2, true] : [i, false];
  if (char === '`') {
    let count = 1;
    while (text[i + count] === '`') count += 1;
    const end = codeEnd(text, i, count, runs);
    return end >= 0 ? [end, true] : openToEnd ? [text.length, true] : [i + count, false];
  }
  const end =
    char === '<'
      ? sticky(WIRE, text, i)
      : i === 0 || !LINK_CHAR.test(text[i - 1] ?? '')
        ? sticky(LINK, text, i)
        : i;
  return [end, end > i];
}

function sticky(pattern: RegExp, text: string, i: number): number {
  pattern.lastIndex = i;
  const match = pattern.exec(text);
  return match ? i + match[0].length : i;
}
