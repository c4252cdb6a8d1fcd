/**
 * Mentions picked from the list, remembered by where they sit in the box: a pick is the mention of
 * its own target at its own place, whatever else shares its name (two members called Alex) or starts
 * with it (Sam and Sam Smith). Picks move with the text as it is edited and are dropped once an edit
 * touches them. Pure, so it is unit-tested without a browser (test/playground/composer-mentions.test.ts).
 */
import type { MentionTarget } from './mentions.ts';

/** A mention picked from the list: `text` (such as `@Alex`) was written at `start` for `target`. */
export interface Pick {
  start: number;
  text: string;
  target: MentionTarget;
}

/** True when `pick` still reads as written and is not run on into by a letter, digit or underscore. */
export function pickHolds(text: string, pick: Pick): boolean {
  return (
    text.startsWith(pick.text, pick.start) &&
    !/[\p{L}\p{N}_]/u.test(text[pick.start + pick.text.length] ?? '')
  );
}

/**
 * The picks after the box went from `before` to `after`: those before the edit stay, those after it
 * move by the change in length, and those the edit touched are dropped.
 *
 * @param caret where the caret is in `after` (it ends what was typed); without it, the edit is put
 *   as late as the two texts allow. With it, typing `@` just before a pick's `@` moves the pick
 *   instead of breaking it.
 */
export function movePicks(picks: readonly Pick[], before: string, after: string, caret?: number): Pick[] {
  const grew = Math.max(0, after.length - before.length);
  let prefix = 0;
  const most = Math.min(before.length, after.length);
  while (prefix < most && before[prefix] === after[prefix]) prefix += 1;
  if (caret !== undefined) prefix = Math.max(0, Math.min(prefix, caret - grew));
  let suffix = 0;
  while (suffix < most - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix])
    suffix += 1;
  const editEnd = before.length - suffix;
  const shift = after.length - before.length;
  const moved: Pick[] = [];
  for (const pick of picks) {
    const end = pick.start + pick.text.length;
    if (end <= prefix) moved.push(pick);
    else if (pick.start >= editEnd) moved.push({ ...pick, start: pick.start + shift });
  }
  return moved;
}
