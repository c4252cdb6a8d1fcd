import type { Playground } from '../playground/index.ts';

/**
 * What `ery playground` (and `ery start` without `DISCORD_TOKEN`) prints: the chat page, then the
 * `DISCORD_API_URL` and tokens any discord.js client can log in with, as lines a user can paste
 * into a `.env` (README "Two commands"). The playground's tokens are local and not secret.
 */
export function playgroundBanner(playground: Playground): string {
  const people = playground.state
    .users()
    .filter((user) => !user.bot)
    .map((user) => ({ name: user.globalName ?? user.username, token: playground.tokenFor(user.id) }));
  const width = Math.max(...people.map((person) => person.name.length)) + 2;
  return [
    '',
    '  Ery is running against the local playground.',
    `  Open ${playground.url} to chat with it.`,
    '',
    '  Any discord.js client can connect to the playground:',
    '  new Client({ intents, rest: { api: DISCORD_API_URL } }).login(DISCORD_TOKEN)',
    '',
    `    DISCORD_API_URL=${playground.apiUrl}`,
    `    DISCORD_TOKEN=${playground.botToken}`,
    '',
    '  That token logs in as the bot Ery runs as. To be someone in the demo server, use theirs:',
    ...people.map((person) => `    ${person.name.padEnd(width)}${person.token}`),
    '',
    '',
  ].join('\n');
}
