/**
 * Names a mention can point at, as Ery knows them (the Discord connection's cache); null when not
 * known. Every read is optional: a page without them shows mentions as they were written.
 */
export interface MentionNames {
  /** A member's display name in the server. */
  member?(guildId: string, userId: string): string | null;
  role?(guildId: string, roleId: string): string | null;
  channel(channelId: string): string | null;
}

const MENTION = /<(@!?|@&|#)(\d{1,20})>/g;

/**
 * `text` with Discord's raw mentions written as people read them: `<@id>` and `<@!id>` as
 * `@Name`, `<@&id>` as `@Role`, `<#id>` as `#channel`, from `names` in server `guildId`. A mention
 * whose name is not known stays as it was written, so nothing is ever named wrongly. For display
 * only: what the model was given keeps the raw form it read.
 */
export function withNames(text: string, guildId: string, names: MentionNames | undefined): string {
  if (!names || !text.includes('<')) return text;
  return text.replace(MENTION, (raw, kind: string, id: string) => {
    if (kind === '#') {
      const name = names.channel(id);
      return name ? `#${name}` : raw;
    }
    const name = kind === '@&' ? names.role?.(guildId, id) : names.member?.(guildId, id);
    if (!name) return raw;
    // The @everyone role is named with its @ already.
    return name.startsWith('@') ? name : `@${name}`;
  });
}
