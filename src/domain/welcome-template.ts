import { ellipsis } from './clip.ts';
import { inertText } from './inert-text.ts';

/** What a welcome template's placeholders stand for. */
export interface WelcomeFields {
  /** The member who joined: `{user}` becomes a mention of them (`<@id>`). */
  userId: string;
  /** Their display name: `{name}`. */
  name: string;
  /** The server's name: `{server}`. */
  server: string;
}

/** The placeholders a template may use, for help texts. */
export const WELCOME_PLACEHOLDERS = ['{user}', '{name}', '{server}'] as const;

/**
 * Fills a welcome template: `{user}` (a mention of the member), `{name}` (their display name) and
 * `{server}` (the server's name), the names made inert (./inert-text.ts: a member named `<@id>` or
 * `@everyone` pings nobody). Any other text in braces is left as written.
 */
export function renderWelcome(template: string, fields: WelcomeFields): string {
  const text = template.replace(/\{(user|name|server)\}/g, (_, key: string) =>
    key === 'user' ? `<@${fields.userId}>` : inertText(key === 'name' ? fields.name : fields.server),
  );
  // One Discord message, however often the template repeats a long name.
  return ellipsis(text, MAX_WELCOME_CHARS);
}

/** A welcome is one message: Discord's limit for one, in characters. */
export const MAX_WELCOME_CHARS = 2_000;

/**
 * Why `template` may not be a welcome, or null: a welcome is posted at every join, so one that
 * mentions @everyone, @here or a role would ping them all each time (and Ery's mention policy would
 * refuse to send it, so nobody would be welcomed).
 */
export function welcomeTemplateProblem(template: string): string | null {
  return /@(everyone|here)|<@[&!]?\d+>/.test(template)
    ? 'A welcome can mention only the member who joined, with {user}: @everyone, @here, a role or another member would be pinged at every join'
    : null;
}
