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
 * `{server}` (the server's name). Any other text in braces is left as written.
 */
export function renderWelcome(template: string, fields: WelcomeFields): string {
  return template.replace(/\{(user|name|server)\}/g, (_, key: string) =>
    key === 'user' ? `<@${fields.userId}>` : key === 'name' ? fields.name : fields.server,
  );
}
