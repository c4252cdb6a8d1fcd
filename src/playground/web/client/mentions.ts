/**
 * Mentions in the composer, as Discord's client makes them: the `@query` being typed opens a list of
 * members and roles, and on sending every `@Name` typed in full becomes a real mention (`<@id>`,
 * `<@&id>`), so Ery sees the mention at once instead of waiting for its batch window. Pure: no DOM,
 * so it is unit-tested directly (test/playground/composer-mentions.test.ts).
 */
import type { MemberView, RoleView } from '../wire.ts';
import { literalRanges, type Range } from './mention-literals.ts';
import { type Pick, pickHolds } from './mention-picks.ts';

/** Something the composer can mention. */
export interface MentionTarget {
  kind: 'user' | 'role' | 'everyone';
  /** User or role id; for `everyone`, the word itself (`everyone` or `here`). */
  id: string;
  /** What the box shows after `@` once it is picked: the display name, the role name, `everyone`. */
  label: string;
  /** Every name it may be typed as (username, global name, nick, display name; a role's name). */
  names: string[];
}

/** Where a mention is being typed: `@` sits at `start`, `query` runs from after it to the caret. */
export interface ActiveQuery {
  start: number;
  query: string;
}

/**
 * A letter or digit: a name typed in full must not run on into one, nor start right after one
 * (`bob@example.com`). `_` is not one here: `_@Bob_` and `__@Bob__` are italic and underline.
 */
const WORD = /[\p{L}\p{N}]/u;
/** `everyone` or `here` as a whole word, in any case: what `@` makes a ping of everyone (or looks so). */
const RESERVED = /(?:everyone|here)(?![\p{L}\p{N}_])/iuy;
/** The longest query the list follows (Discord's names are at most 32 characters). */
const MAX_QUERY = 32;

const inside = (ranges: readonly Range[], index: number) =>
  ranges.some(([from, to]) => index >= from && index < to);

/** True when `text` at `from` reads `everyone` or `here`, so `@` there is Discord's, not a member's. */
function reservedAt(text: string, from: number): boolean {
  RESERVED.lastIndex = from;
  return RESERVED.test(text);
}

/** True when an `@` at `index` starts a mention: at the start, or after something that is not a word. */
const atBoundary = (text: string, index: number) => index === 0 || !WORD.test(text[index - 1] ?? '');

const startsWithName = (text: string, from: number, name: string) =>
  name !== '' &&
  // The first letter rules most `@`s out without cutting a slice of the text for each name.
  text.charAt(from).toLowerCase() === name.charAt(0).toLowerCase() &&
  text.slice(from, from + name.length).toLowerCase() === name.toLowerCase() &&
  !WORD.test(text[from + name.length] ?? '');

/**
 * The `@query` the caret is in, or null. The query may hold spaces only while some name still
 * starts with it (names like "Ery Bot"); it never spans lines and is never inside code, a link or
 * an escape. Typing on after a picked mention is text, not a longer query (as after Discord's pill).
 */
export function activeQuery(
  text: string,
  caret: number,
  targets: readonly MentionTarget[],
  picks: readonly Pick[] = [],
): ActiveQuery | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf('@');
  // Code still open before the caret counts as code: an `@` typed in it is code, not a mention.
  if (start < 0 || !atBoundary(text, start) || inside(literalRanges(before, true), start)) return null;
  if (picks.some((p) => p.start === start && caret > p.start + p.text.length && pickHolds(text, p)))
    return null;
  const query = before.slice(start + 1);
  if (query.length > MAX_QUERY || query.includes('\n') || query.startsWith(' ')) return null;
  if (/\s/.test(query)) {
    const lower = query.toLowerCase();
    if (!targets.some((t) => t.names.some((n) => n.toLowerCase().startsWith(lower)))) return null;
  }
  return { start, query };
}

/** How well `target` matches `query`: 0 a name starts with it, 1 a word of a name does, 2 contains it. */
function rank(target: MentionTarget, query: string): number | null {
  const q = query.toLowerCase();
  let best: number | null = null;
  for (const name of target.names) {
    const n = name.toLowerCase();
    const score = n.startsWith(q)
      ? 0
      : n.split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(q))
        ? 1
        : n.includes(q)
          ? 2
          : null;
    if (score !== null && (best === null || score < best)) best = score;
  }
  return best;
}

const KIND_ORDER = { user: 0, role: 1, everyone: 2 } as const;

/** The suggestions for `query`, best first: members, then roles, then @everyone/@here, as on Discord. */
export function suggest(query: string, targets: readonly MentionTarget[], limit = 10): MentionTarget[] {
  return targets
    .map((target) => ({ target, score: rank(target, query) }))
    .filter((s): s is { target: MentionTarget; score: number } => s.score !== null)
    .sort(
      (a, b) =>
        a.score - b.score ||
        KIND_ORDER[a.target.kind] - KIND_ORDER[b.target.kind] ||
        a.target.label.localeCompare(b.target.label),
    )
    .slice(0, limit)
    .map((s) => s.target);
}

/**
 * What the box shows for a mention of `target`: `@` and its label, unless that would read as
 * `@everyone` or `@here` (a member or role so named, issue 7), when it is another of its names that
 * does not, or else the wire form itself.
 */
export function mentionText(target: MentionTarget): string {
  if (target.kind === 'everyone' || !reservedAt(target.label, 0)) return `@${target.label}`;
  const other = target.names.find((name) => !reservedAt(name, 0));
  return other === undefined ? wireMention(target) : `@${other}`;
}

/**
 * What picking `target` for `active` does to the box: the new text, where the caret goes, and the
 * pick to remember so that sending mentions exactly `target` there.
 */
export function insertMention(
  text: string,
  active: ActiveQuery,
  caret: number,
  target: MentionTarget,
): { text: string; caret: number; pick: Pick } {
  const written = mentionText(target);
  const rest = text.slice(caret).replace(/^ /, '');
  return {
    text: `${text.slice(0, active.start)}${written} ${rest}`,
    caret: active.start + written.length + 1,
    pick: { start: active.start, text: written, target },
  };
}

/** The wire form of a mention of `target`. */
export function wireMention(target: MentionTarget): string {
  if (target.kind === 'user') return `<@${target.id}>`;
  if (target.kind === 'role') return `<@&${target.id}>`;
  return `@${target.id}`;
}

/**
 * The content to send for what the box holds: every `@Name` typed in full (case-insensitive, the
 * longest name wins: `@Ery Bot` over `@Ery`) becomes a real mention; a pick always wins at its own
 * place. On a tie: members over roles, a display name over other names, then the oldest id, so the
 * same text always sends the same mentions. `@everyone` and `@here` stay as typed (Discord parses
 * them itself); code, links, escapes and mentions already in wire form are left alone.
 *
 * @param picks mentions picked from the list (mention-picks.ts), at their places in `text`.
 */
export function toWireContent(
  text: string,
  targets: readonly MentionTarget[],
  picks: readonly Pick[] = [],
): string {
  const literals = literalRanges(text);
  const pickAt = new Map(picks.filter((p) => pickHolds(text, p)).map((p) => [p.start, p]));
  let out = '';
  let last = 0;
  // The ranges come in order and so do the `@`s: one pointer walks both, so a box full of
  // `@` and code stays linear (issue 7 asked every parser of typed text to be).
  let range = 0;
  for (let i = text.indexOf('@'); i >= 0; i = text.indexOf('@', i + 1)) {
    while (range < literals.length && (literals[range]?.[1] ?? 0) <= i) range += 1;
    const inCode = (literals[range]?.[0] ?? Number.POSITIVE_INFINITY) <= i;
    // Right after a mention is a boundary too: `@Bob@Ery` is two mentions.
    if (i < last || (i !== last && !atBoundary(text, i)) || inCode) continue;
    const pick = pickAt.get(i);
    const match = pick
      ? { target: pick.target, length: pick.text.length - 1 }
      : reservedAt(text, i + 1)
        ? null
        : bestMatch(text, i + 1, targets);
    if (!match || match.target.kind === 'everyone') continue;
    out += text.slice(last, i) + wireMention(match.target);
    last = i + 1 + match.length;
  }
  return out + text.slice(last);
}

/** Snowflakes compared as numbers: the older first. */
const bySnowflake = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

function bestMatch(
  text: string,
  from: number,
  targets: readonly MentionTarget[],
): { target: MentionTarget; length: number } | null {
  let best: { target: MentionTarget; length: number; byLabel: boolean } | null = null;
  for (const target of targets) {
    for (const name of target.names) {
      if (!startsWithName(text, from, name)) continue;
      const found = { target, length: name.length, byLabel: name === target.label };
      if (!best || name.length > best.length || (name.length === best.length && beats(found, best))) {
        best = found;
      }
    }
  }
  return best;
}

/** The tie-break between two targets whose names match the same text. */
function beats(
  a: { target: MentionTarget; byLabel: boolean },
  b: { target: MentionTarget; byLabel: boolean },
): boolean {
  const order =
    KIND_ORDER[a.target.kind] - KIND_ORDER[b.target.kind] ||
    Number(b.byLabel) - Number(a.byLabel) ||
    bySnowflake(a.target.id, b.target.id);
  return order < 0;
}

/**
 * What `@` offers in a channel: the members who can see it (every name they go by), the roles anyone
 * may ping, and `@everyone` / `@here`.
 */
export function mentionTargets(
  members: readonly MemberView[],
  roles: readonly RoleView[],
  viewerIds?: readonly string[],
): MentionTarget[] {
  const users: MentionTarget[] = members
    .filter((m) => viewerIds === undefined || viewerIds.includes(m.id))
    .map((m) => ({
      kind: 'user',
      id: m.id,
      label: m.name,
      names: [...new Set([m.name, m.username, m.globalName, m.nick].filter((n): n is string => !!n))],
    }));
  const pingable: MentionTarget[] = roles
    .filter((r) => r.mentionable)
    .map((r) => ({ kind: 'role', id: r.id, label: r.name, names: [r.name] }));
  const everyone: MentionTarget[] = ['everyone', 'here'].map((word) => ({
    kind: 'everyone',
    id: word,
    label: word,
    names: [word],
  }));
  return [...users, ...pingable, ...everyone];
}
