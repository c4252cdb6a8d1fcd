/**
 * Mentions in message content, resolved like Discord: `<@id>`/`<@!id>` users, `<@&id>` roles,
 * `@everyone`/`@here`, then narrowed by `allowed_mentions` and by who may ping whom.
 */

/** Discord's `allowed_mentions` object. */
export interface AllowedMentionsInput {
  parse?: Array<'users' | 'roles' | 'everyone'>;
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

/** What the content mentions, before any filtering. */
export interface ParsedMentions {
  users: string[];
  roles: string[];
  everyone: boolean;
}

/** Finds the mentions written in `content` (each id once, in order of appearance). */
export function parseMentions(content: string): ParsedMentions {
  const unique = (xs: string[]) => [...new Set(xs)];
  return {
    users: unique([...content.matchAll(/<@!?(\d{15,21})>/g)].map((m) => m[1] as string)),
    roles: unique([...content.matchAll(/<@&(\d{15,21})>/g)].map((m) => m[1] as string)),
    everyone: /@(everyone|here)\b/.test(content),
  };
}

/** Facts about the guild that decide which mentions count. */
export interface MentionRules {
  isMember: (userId: string) => boolean;
  isMentionableRole: (roleId: string) => boolean;
  /** The author has MentionEveryone: @everyone and every role may ping. */
  canMentionEveryone: boolean;
  /** Author of the replied-to message, pinged unless allowed_mentions says otherwise. */
  repliedUserId: string | null;
}

/**
 * Applies `allowed_mentions` and the author's rights: without allowed_mentions everything parsed
 * counts; with it, only the listed kinds or ids (and the replied user only if `replied_user`).
 */
export function resolveMentions(
  parsed: ParsedMentions,
  allowed: AllowedMentionsInput | undefined,
  rules: MentionRules,
): ParsedMentions {
  const parse = allowed ? (allowed.parse ?? []) : ['users', 'roles', 'everyone'];
  const users = parsed.users.filter(
    (id) => rules.isMember(id) && (parse.includes('users') || (allowed?.users ?? []).includes(id)),
  );
  const roles = parsed.roles.filter(
    (id) =>
      (rules.isMentionableRole(id) || rules.canMentionEveryone) &&
      (parse.includes('roles') || (allowed?.roles ?? []).includes(id)),
  );
  const everyone = parsed.everyone && rules.canMentionEveryone && parse.includes('everyone');
  const pingReplied = allowed ? allowed.replied_user === true : true;
  if (rules.repliedUserId && pingReplied && !users.includes(rules.repliedUserId))
    users.push(rules.repliedUserId);
  return { users, roles, everyone };
}
