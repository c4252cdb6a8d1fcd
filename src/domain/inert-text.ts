/**
 * Text someone else chose (a member's display name, a server's name) made inert before Ery puts it
 * into a message of its own: it can ping nobody, format nothing and start no new line. Found by a
 * break-it review (issue 12 §1): a member named `<@owner id>` made the welcome ping the owner, and a
 * name with a newline forged a line of the mod-log's raid summary.
 */

/** Discord markdown's special characters (https://support.discord.com/hc/en-us/articles/210298617). */
const MARKDOWN = /[\\*_~`|>#[\]()-]/g;

/**
 * `text` on one line (control characters and runs of blanks become one space, ends trimmed; invisible
 * formatting such as right-to-left overrides and zero-width joiners removed, so a name cannot turn
 * the text after it around), its
 * markdown escaped with backslashes, and a zero-width space after every `@` and `<`, so neither a
 * mention (`<@id>`, `<@&id>`, `<#id>`) nor `@everyone`/`@here` is read as one. Shown as written.
 */
export function inertText(text: string): string {
  return text
    .replace(/\p{Cf}/gu, '')
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim()
    .replace(MARKDOWN, (c) => `\\${c}`)
    .replace(/[@<]/g, (c) => `${c}\u200b`);
}
