import type { AllowedMentions } from '../../discord/port.ts';
import type { GuildPolicy } from '../../domain/guild-policy.ts';

const EVERYONE = /@(?:everyone|here)\b/;
const ROLE_MENTION = /<@&\d{1,20}>/;

/** The mentions Ery's messages may ping in a guild: users always, the rest only if the policy says so. */
export function allowedMentionsFor(policy: GuildPolicy): AllowedMentions {
  const parse: AllowedMentions['parse'] = ['users'];
  if (policy.allowMentions.roles) parse.push('roles');
  if (policy.allowMentions.everyone) parse.push('everyone');
  return { parse };
}

/**
 * Why `content` may not be sent under `policy` (a mass mention the guild does not allow), or null.
 * `allowedMentions` would keep such a message silent anyway; refusing it outright means a tricked
 * model learns it cannot, and moderators see the attempt in the audit log.
 */
export function mentionViolation(content: string, policy: GuildPolicy): string | null {
  if (!policy.allowMentions.everyone && EVERYONE.test(content)) {
    return 'the message contains @everyone or @here, which this server does not let Ery use; write it without them';
  }
  if (!policy.allowMentions.roles && ROLE_MENTION.test(content)) {
    return 'the message mentions a role (<@&id>), which this server does not let Ery ping; write the role name instead';
  }
  return null;
}
