import { DURATION_PATTERN, durationSeconds } from './duration.ts';

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
  /** `timeout_member` only; absent when the message gives no duration. */
  durationSeconds?: number;
  /** The reason as the requester gave it, or null. */
  reason: string | null;
}

const MENTION = String.raw`<@!?\d+>`;
const PRONOUN = String.raw`him|her|them|this\s+(?:user|member|person|guy|one)|that\s+(?:user|member|person|guy|one)`;
/** One or more mentions joined by spaces, commas, "and" or "&"; or a pronoun. */
const TARGETS = String.raw`(?:${MENTION}(?:\s*(?:,|and|&)?\s*${MENTION})*|(?:${PRONOUN})\b)`;
const ROLE = String.raw`(?:the\s+)?(<@&\d+>|.+?)(?:\s+role)?`;
/** Words that may come before the request itself: addressing Ery, greeting, asking politely. */
const LEAD =
  /^(?:<@[!&]?\d+>|@?ery\b|hey\b|hi\b|hello\b|ok(?:ay)?\b|yo\b|please\b|pls\b|plz\b|kindly\b|(?:can|could|would|will)\s+you\b|go\s+ahead\s+and\b|just\b)[\s,:;!.-]*/i;
const TRAIL = /(?:[\s,]+(?:please|pls|plz|thanks|thank\s+you|ty))*[\s.!?]*$/i;
const CONNECTOR = /^(?:[,:;—-]\s*)?(?:(?:for|because(?:\s+of)?|since|as|due\s+to|reason:?)\b)?\s*/i;

const whole = (source: string) => new RegExp(`^${source}$`, 'i');
const USER_ACTIONS: Array<[RegExp, ModerationAction]> = [
  [/^ban\b\s*(.*)$/i, 'ban_member'],
  [/^kick(?:\s+out)?\b\s*(.*)$/i, 'kick_member'],
  [/^(?:time\s*out|mute|silence)\b\s*(.*)$/i, 'timeout_member'],
];
const ROLE_FORMS: Array<{ action: ModerationAction; pattern: RegExp; targetFirst: boolean }> = [
  {
    action: 'add_role',
    pattern: whole(`(?:give|grant|assign|add)\\s+${ROLE}\\s+to\\s+(${TARGETS})(.*)`),
    targetFirst: false,
  },
  {
    action: 'add_role',
    pattern: whole(`(?:give|grant|assign)\\s+(${TARGETS})\\s+${ROLE}(?:\\s+(?:for|because)\\s+(.+))?`),
    targetFirst: true,
  },
  {
    action: 'add_role',
    pattern: whole(`add\\s+(${TARGETS})\\s+to\\s+${ROLE}(?:\\s+(?:for|because)\\s+(.+))?`),
    targetFirst: true,
  },
  {
    action: 'remove_role',
    pattern: whole(`(?:remove|take(?:\\s+away)?|revoke|strip)\\s+${ROLE}\\s+from\\s+(${TARGETS})(.*)`),
    targetFirst: false,
  },
  {
    action: 'remove_role',
    pattern: whole(`remove\\s+(${TARGETS})\\s+from\\s+${ROLE}(?:\\s+(?:for|because)\\s+(.+))?`),
    targetFirst: true,
  },
];

/**
 * Reads a plain moderation request from the text of a message addressed to Ery: the request must
 * open the message (after addressing Ery or asking politely), so "I'd never ban Bob" and "don't kick
 * @Bob" are not requests. Understands "ban @Bob [for <reason>]", "kick @Bob", "time out @Bob for 10
 * minutes" / "timeout @Bob 1h" / "mute @Bob for 30s", "give @Bob the Helper role" / "add the Helper
 * role to @Bob", "remove the Helper role from @Bob" / "take Helper from @Bob". Null when it is none.
 */
export function parseRequest(content: string): ParsedRequest | null {
  let text = content.trim();
  for (let before = ''; before !== text; ) {
    before = text;
    text = text.replace(LEAD, '');
  }
  text = text.replace(TRAIL, '').replace(/^time\s+(<@!?\d+>)\s+out\b/i, 'timeout $1');
  return userAction(text) ?? roleAction(text);
}

function userAction(text: string): ParsedRequest | null {
  for (const [pattern, action] of USER_ACTIONS) {
    const args = pattern.exec(text)?.[1];
    if (args === undefined) continue;
    const [, written, rest = ''] = new RegExp(`^(${TARGETS})?\\s*(.*)$`, 'i').exec(args) ?? [];
    let tail = rest;
    let seconds: number | undefined;
    if (action === 'timeout_member') ({ tail, seconds } = takeDuration(rest));
    const unnamed = written === undefined && tail !== '' && CONNECTOR.exec(tail)?.[0] === '';
    return {
      action,
      target: unnamed ? { kind: 'unnamed', text: tail } : targetOf(written),
      ...(seconds === undefined ? {} : { durationSeconds: seconds }),
      reason: unnamed ? null : reasonOf(tail),
    };
  }
  return null;
}

function roleAction(text: string): ParsedRequest | null {
  for (const { action, pattern, targetFirst } of ROLE_FORMS) {
    const match = pattern.exec(text);
    if (match === null) continue;
    const [written, role, tail] = targetFirst
      ? [match[1], match[2], match[3]]
      : [match[2], match[1], match[3]];
    const mention = /^<@&(\d+)>$/.exec(role ?? '');
    return {
      action,
      target: targetOf(written),
      role: mention ? { id: mention[1] as string } : { name: (role ?? '').trim() },
      reason: reasonOf(tail ?? ''),
    };
  }
  return null;
}

/** A duration right after the target, else at the very end of the request. */
function takeDuration(rest: string): { tail: string; seconds?: number } {
  const leading = new RegExp(`^${DURATION_PATTERN}\\s*(.*)$`, 'i').exec(rest);
  if (leading !== null) {
    const [, amount = '', unit = '', tail = ''] = leading;
    return { tail, seconds: durationSeconds(amount, unit) };
  }
  const trailing = new RegExp(`^(.*?)\\s*\\b${DURATION_PATTERN}$`, 'i').exec(rest);
  if (trailing === null) return { tail: rest };
  const [, tail = '', amount = '', unit = ''] = trailing;
  return { tail, seconds: durationSeconds(amount, unit) };
}

function targetOf(written: string | undefined): RequestTarget {
  const ids = [...(written ?? '').matchAll(/<@!?(\d+)>/g)].map((match) => match[1] as string);
  return ids.length > 0 ? { kind: 'mentions', userIds: [...new Set(ids)] } : { kind: 'replied' };
}

function reasonOf(tail: string): string | null {
  const reason = tail.trim().replace(CONNECTOR, '').trim();
  return reason === '' ? null : reason;
}
