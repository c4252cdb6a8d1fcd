import { type DurationRead, takeDuration } from './duration.ts';

/** The moderation requests the demo model understands, by the tool each one calls. */
export type ModerationAction = 'ban_member' | 'kick_member' | 'timeout_member' | 'add_role' | 'remove_role';

/** Who a request is about, as written. */
export type RequestTarget =
  /** Real mentions `<@id>`, in order, without duplicates. */
  | { kind: 'mentions'; userIds: string[] }
  /** "him", "them", "this user", or nothing at all: the author of the message replied to, if any. */
  | { kind: 'replied' }
  /** Someone named in words ("ban Bob"): the demo model asks for a mention instead of guessing. */
  | { kind: 'unnamed'; text: string };

/** A role as written: a role mention `<@&id>` or a name to look up among the server's roles. */
export type RoleRef = { id: string } | { name: string };

/** One request read from a message's text; nothing is resolved or checked yet. */
export interface ParsedRequest {
  action: ModerationAction;
  target: RequestTarget;
  /** `add_role` and `remove_role` only. */
  role?: RoleRef;
  /**
   * The duration the message gives, absent when none: a timeout's length; for any other action a
   * time limit Ery cannot set (a ban, a kick or a role lasts until someone undoes it).
   */
  duration?: DurationRead;
  /** The reason as the requester gave it, or null. */
  reason: string | null;
}

/** Longest message Discord lets anyone send (with Nitro); anything longer is no plain request. */
export const MAX_REQUEST_CHARS = 4_000;

// Every pattern below runs on text whose whitespace is collapsed to single spaces, and none has two
// quantifiers that could match the same characters one after the other, so each match is linear.
const MENTION = String.raw`<@!?\d+>`;
const PRONOUN = 'him|her|them|(?:this|that) (?:user|member|person|guy|one)';
/** Between two mentions: a space, a comma, "and" or "&" (each with optional spaces), or nothing. */
const SEPARATOR = '(?: ?(?:,|and|&) ?| )?';
/** One or more mentions; or a pronoun. */
const TARGETS = String.raw`(?:${MENTION}(?:${SEPARATOR}${MENTION})*|(?:${PRONOUN})\b)`;
const ROLE = String.raw`(?:the )?(<@&\d+>|.+?)(?: role)?`;
/** The reason after a role request that names its target first, with its "for" or "because". */
const ROLE_TAIL = '((?: (?:for|because) .+)?)';
/** Words that may come before the request itself: addressing Ery, greeting, asking politely. */
const LEAD =
  /(?:<@[!&]?\d+>|@?ery\b|hey\b|hi\b|hello\b|ok(?:ay)?\b|yo\b|please\b|pls\b|plz\b|kindly\b|(?:can|could|would|will) you\b|go ahead and\b|just\b)[ ,:;!.-]*/iy;
/** Words that may end it, each after a space or comma. */
const POLITE_ENDINGS = ['please', 'pls', 'plz', 'thanks', 'thank you', 'ty'];
const CONNECTOR = /^(?:[,:;—-] ?)?(?:(?:for|because(?: of)?|since|as|due to|reason:?)\b)? ?/i;

const whole = (source: string) => new RegExp(`^${source}$`, 'i');
const USER_ACTIONS: Array<[RegExp, ModerationAction]> = [
  [/^ban\b ?(.*)$/i, 'ban_member'],
  [/^kick(?: out)?\b ?(.*)$/i, 'kick_member'],
  [/^(?:time ?out|mute|silence)\b ?(.*)$/i, 'timeout_member'],
];
const TARGETS_THEN_REST = whole(`(${TARGETS})? ?(.*)`);
const ROLE_FORMS: Array<{ action: ModerationAction; pattern: RegExp; targetFirst: boolean }> = [
  {
    action: 'add_role',
    pattern: whole(`(?:give|grant|assign|add) ${ROLE} to (${TARGETS})(.*)`),
    targetFirst: false,
  },
  {
    action: 'add_role',
    pattern: whole(`(?:give|grant|assign) (${TARGETS}) ${ROLE}${ROLE_TAIL}`),
    targetFirst: true,
  },
  { action: 'add_role', pattern: whole(`add (${TARGETS}) to ${ROLE}${ROLE_TAIL}`), targetFirst: true },
  {
    action: 'remove_role',
    pattern: whole(`(?:remove|take(?: away)?|revoke|strip) ${ROLE} from (${TARGETS})(.*)`),
    targetFirst: false,
  },
  {
    action: 'remove_role',
    pattern: whole(`remove (${TARGETS}) from ${ROLE}${ROLE_TAIL}`),
    targetFirst: true,
  },
];

/**
 * Reads a plain moderation request from the text of a message addressed to Ery: the request must
 * open the message (after addressing Ery or asking politely), so "I'd never ban Bob" and "don't kick
 * @Bob" are not requests. Understands "ban @Bob [for <reason>]", "kick @Bob", "time out @Bob for 10
 * minutes" / "timeout @Bob 1h" / "mute @Bob for 30s", "give @Bob the Helper role" / "add the Helper
 * role to @Bob", "remove the Helper role from @Bob" / "take Helper from @Bob". A duration is read
 * for every action (see {@link takeDuration}): only a timeout can use one, the others are refused
 * by the caller. Null when it is none, or when `content` is longer than {@link MAX_REQUEST_CHARS}.
 * Runs in time linear in `content` (issue 7: a member's message must not stall the event loop).
 */
export function parseRequest(content: string): ParsedRequest | null {
  if (content.length > MAX_REQUEST_CHARS) return null;
  let text = content.replace(/\s+/g, ' ').trim();
  text = withoutPoliteEnding(text.slice(leadLength(text)));
  text = text.replace(/^time (<@!?\d+>) out\b/i, 'timeout $1');
  return userAction(text) ?? roleAction(text);
}

/** How many characters of greeting and politeness open `text`. */
function leadLength(text: string): number {
  let at = 0;
  for (;;) {
    LEAD.lastIndex = at;
    const found = LEAD.exec(text)?.[0] ?? '';
    if (found === '') return at;
    at += found.length;
  }
}

/** `text` without closing punctuation and "please"/"thanks" words, scanned back from the end. */
function withoutPoliteEnding(text: string): string {
  let end = text.length;
  for (;;) {
    while (end > 0 && ' .!?'.includes(text.charAt(end - 1))) end -= 1;
    const lower = text.slice(Math.max(0, end - 10), end).toLowerCase();
    const word = POLITE_ENDINGS.find((ending) => lower.endsWith(ending));
    const before = word === undefined ? -1 : end - word.length;
    if (word === undefined || !' ,'.includes(text.charAt(before - 1)) || before === 0) {
      return text.slice(0, end);
    }
    end = before;
    while (end > 0 && ' ,'.includes(text.charAt(end - 1))) end -= 1;
  }
}

function userAction(text: string): ParsedRequest | null {
  for (const [pattern, action] of USER_ACTIONS) {
    const args = pattern.exec(text)?.[1];
    if (args === undefined) continue;
    const [, written, rest = ''] = TARGETS_THEN_REST.exec(args) ?? [];
    const { tail, duration } = durationOf(action, rest);
    const unnamed = written === undefined && tail !== '' && CONNECTOR.exec(tail)?.[0] === '';
    return {
      action,
      target: unnamed ? { kind: 'unnamed', text: tail } : targetOf(written),
      ...(duration === undefined ? {} : { duration }),
      reason: unnamed ? null : reasonOf(tail),
    };
  }
  return null;
}

function roleAction(text: string): ParsedRequest | null {
  for (const { action, pattern, targetFirst } of ROLE_FORMS) {
    const match = pattern.exec(text);
    if (match === null) continue;
    const [written, role, rest] = targetFirst
      ? [match[1], match[2], match[3]]
      : [match[2], match[1], match[3]];
    const mention = /^<@&(\d+)>$/.exec(role ?? '');
    const { tail, duration } = durationOf(action, reasonText(rest ?? ''));
    return {
      action,
      target: targetOf(written),
      role: mention ? { id: mention[1] as string } : { name: (role ?? '').trim() },
      ...(duration === undefined ? {} : { duration }),
      reason: reasonOf(tail),
    };
  }
  return null;
}

function targetOf(written: string | undefined): RequestTarget {
  const ids = [...(written ?? '').matchAll(/<@!?(\d+)>/g)].map((match) => match[1] as string);
  return ids.length > 0 ? { kind: 'mentions', userIds: [...new Set(ids)] } : { kind: 'replied' };
}

/**
 * The duration in `text` and the text without it. Only a timeout expects one, so for other actions
 * a number that is no duration ("ban @Bob for 3 spam posts") stays part of the reason.
 */
function durationOf(action: ModerationAction, text: string): { tail: string; duration?: DurationRead } {
  const read = takeDuration(text);
  return action !== 'timeout_member' && read.duration?.kind === 'unreadable' ? { tail: text } : read;
}

/** `tail` without the words that introduce a reason ("for", "because of", a comma). */
function reasonText(tail: string): string {
  return tail.trim().replace(CONNECTOR, '').trim();
}

function reasonOf(tail: string): string | null {
  const reason = reasonText(tail);
  return reason === '' ? null : reason;
}
