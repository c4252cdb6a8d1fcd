import { MAX_TIMEOUT_SECONDS } from '../../domain/discord-limits.ts';
import type { TranscriptLine } from '../context.ts';
import { quote } from './outcome.ts';
import { type ParsedRequest, parseRequest } from './parse-request.ts';

/** Most members one request may name; more is refused as a whole, so nobody is half-handled. */
export const MAX_TARGETS = 5;
/** A timeout with no duration given lasts this long (one of Discord's own presets). */
export const DEFAULT_TIMEOUT_SECONDS = 600;

/** A moderation request found in the new messages, with its targets resolved to user ids. */
export interface DemoRequest {
  /** The message that asked; it is cited as `requested_by_message_id` and replied to. */
  line: TranscriptLine;
  parsed: ParsedRequest;
  /** The members to act on, in the order they were named. Empty when `problem` is set. */
  userIds: string[];
  /** Why nothing will be tried, in words for the requester; null when the request can go ahead. */
  problem: string | null;
}

const ASK_FOR_A_MENTION =
  'tell me who: mention them (type @ and pick the member) or reply to one of their messages';

/**
 * The moderation requests among `humans` (the new messages written by people). Only messages that
 * address Ery (a mention or a reply to Ery) can be requests. A target given as "them" (or not at
 * all) is the author of the message replied to, looked up in `known` (history and batch).
 */
export function readRequests(humans: TranscriptLine[], known: TranscriptLine[]): DemoRequest[] {
  const requests: DemoRequest[] = [];
  for (const line of humans) {
    if (!line.mentions_ery) continue;
    const parsed = parseRequest(line.content);
    if (parsed === null) continue;
    const { userIds, problem } = targetsOf(line, parsed, known);
    requests.push({ line, parsed, userIds: problem === null ? userIds : [], problem });
  }
  return requests;
}

function targetsOf(
  line: TranscriptLine,
  parsed: ParsedRequest,
  known: TranscriptLine[],
): { userIds: string[]; problem: string | null } {
  const { target } = parsed;
  let userIds: string[] = [];
  if (target.kind === 'mentions') userIds = target.userIds;
  else if (target.kind === 'replied') {
    const replied = line.reply_to === null ? undefined : known.find((other) => other.id === line.reply_to);
    if (replied !== undefined && !replied.from_you) userIds = [replied.author_id];
  }
  if (userIds.length === 0) return { userIds, problem: ASK_FOR_A_MENTION };
  if (userIds.length > MAX_TARGETS) {
    return {
      userIds,
      problem: `that names ${userIds.length} members; I act on at most ${MAX_TARGETS} per message, so I did nothing`,
    };
  }
  const problem = durationProblem(parsed);
  if (problem !== null) return { userIds, problem };
  return { userIds, problem: null };
}

const HOW_TO_WRITE = 'say how long as a positive number and a unit, such as 10 minutes, 1h or 2 days';
const LASTS: Partial<Record<ParsedRequest['action'], string>> = {
  ban_member: 'ban anyone for a limited time: a ban lasts until it is lifted',
  kick_member: 'kick anyone for a limited time: a kick has no duration',
  add_role: 'give a role for a limited time: a role stays until someone removes it',
  remove_role: 'take a role away for a limited time: it stays away until someone gives it back',
};

/**
 * Why the request's duration cannot be used, or null: only a timeout takes one, and it must be a
 * plain positive amount from 1 second to Discord's 28 days (Modify Guild Member,
 * `communication_disabled_until`). Never changed into something else: the requester is told.
 */
function durationProblem(parsed: ParsedRequest): string | null {
  const { duration, action } = parsed;
  if (duration === undefined) return null;
  const written = `"${quote(duration.text.slice(0, 40))}"`;
  const lasts = LASTS[action];
  if (lasts !== undefined) return `I can't ${lasts}. Ask again without ${written} if you want it for good`;
  if (duration.kind === 'unreadable') return `I can't read ${written} as a duration; ${HOW_TO_WRITE}`;
  if (duration.seconds > MAX_TIMEOUT_SECONDS)
    return `Discord allows a timeout of at most 28 days, not ${written}`;
  if (duration.seconds < 1) return `a timeout must last at least 1 second, not ${written}`;
  return null;
}
