import { ellipsis } from '../../domain/clip.ts';
import type { ToolErrorCode } from '../../tools/decision.ts';
import type { ToolOutcome } from './conversation.ts';
import { formatDuration } from './duration.ts';
import type { ModerationAction } from './parse-request.ts';

/** Ends every message the demo model writes about a request: it is rules, not an AI. */
export const DEMO_SIGNATURE = '— offline demo (fixed rules, not an AI)';

/** Error codes of a call that did not run because it was refused (src/tools/decision.ts). */
const REFUSED: ReadonlySet<string> = new Set<ToolErrorCode>([
  'DENIED',
  'INVALID_ARGUMENTS',
  'INVALID_JSON',
  'UNKNOWN_TOOL',
]);
/**
 * Discord failures in a person's words, by the executor's error code (src/tools/decision.ts); the
 * executor's own message also tells a model what to do next, which reads oddly to a person.
 */
const DISCORD_FAILURE: Readonly<Record<string, string>> = {
  MISSING_PERMISSIONS:
    'Discord refused: my role is below theirs or lacks the permission. A server admin can move my role up',
  UNKNOWN_MEMBER: 'they are not a member of this server (any more)',
  UNKNOWN_ROLE: 'that role does not exist (any more)',
  RATE_LIMITED: 'Discord is rate limiting me; try again in a moment',
  UNAVAILABLE: 'Discord is unavailable right now; try again later',
} satisfies Partial<Record<ToolErrorCode, string>>;
/** Discord's message limit, less room for the signature. */
const MAX_TEXT = 1_900;

/** One action on one member, as the requester will read about it. */
export interface ActionReport {
  action: ModerationAction;
  /** The member's display name (or their id when the lookup failed). */
  member: string;
  role?: string;
  durationSeconds?: number;
  /** The reason as the requester gave it, or null. */
  reason: string | null;
}

/**
 * Text from users that the demo model repeats: without @everyone, @here or role mentions, which the
 * send tools refuse (src/tools/mentions.ts), so a quoted reason cannot stop the answer.
 */
export function quote(text: string): string {
  return text.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<@&\d+>/g, 'a role');
}

/** `text` as one sentence: trimmed, capitalised, ending in a full stop unless it has its own. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** "ban Bob", "give Bob the Helper role": what was asked, as a verb phrase. */
export function verbPhrase(report: ActionReport): string {
  const role = `the ${quote(report.role ?? 'role')} role`;
  switch (report.action) {
    case 'ban_member':
      return `ban ${report.member}`;
    case 'kick_member':
      return `kick ${report.member}`;
    case 'timeout_member':
      return `time out ${report.member}`;
    case 'add_role':
      return `give ${report.member} ${role}`;
    case 'remove_role':
      return `take ${role} from ${report.member}`;
  }
}

function donePhrase(report: ActionReport): string {
  const because = report.reason === null ? '' : `: ${quote(report.reason)}`;
  switch (report.action) {
    case 'ban_member':
      return `Banned ${report.member}${because || ' (no reason given)'}`;
    case 'kick_member':
      return `Kicked ${report.member}${because || ' (no reason given)'}`;
    case 'timeout_member':
      return `Timed out ${report.member} for ${formatDuration(report.durationSeconds ?? 0)}${because}`;
    case 'add_role':
      return `Gave ${report.member} the ${quote(report.role ?? '')} role${because}`;
    case 'remove_role':
      return `Took the ${quote(report.role ?? '')} role from ${report.member}${because}`;
  }
}

/**
 * One line on how a call ended, from the result the tool executor gave back: done, refused with the
 * tool's reason, failed with Discord's, or never answered (the tool was not offered).
 */
export function outcomeLine(report: ActionReport, outcome: ToolOutcome | undefined): string {
  if (outcome === undefined) return `I could not ${verbPhrase(report)}: that tool is not available to me.`;
  if (outcome.ok) return sentence(donePhrase(report));
  if (outcome.rule === 'REQUESTER_LACKS_PERMISSION' && outcome.permission)
    return sentence(
      `I can't ${verbPhrase(report)}: you need the ${quote(outcome.permission)} permission, or a role this server lets ask for it`,
    );
  if (outcome.code === 'DIRECT_MESSAGE')
    return sentence(
      `I can't ${verbPhrase(report)} from a direct message: moderation works only in the server, so ask me there`,
    );
  if (REFUSED.has(outcome.code)) return sentence(`I can't ${verbPhrase(report)}: ${quote(outcome.message)}`);
  const plain = DISCORD_FAILURE[outcome.code];
  return sentence(`I tried to ${verbPhrase(report)}, but it failed: ${plain ?? quote(outcome.message)}`);
}

/** The whole answer to one request: one line per member, then the signature. */
export function signed(lines: string[]): string {
  const text = lines.join('\n');
  return `${ellipsis(text, MAX_TEXT)}\n${DEMO_SIGNATURE}`;
}
