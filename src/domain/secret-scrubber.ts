import { REDACTED } from './redact-url.ts';

/**
 * Shortest secret scrubbed by value, in characters: a shorter one would blank ordinary words out of
 * every line (config already asks 16 or more of `ERY_OPS_TOKEN`; Discord tokens and API keys run
 * to dozens).
 */
export const MIN_SCRUBBED_LENGTH = 8;

/**
 * A function that replaces every occurrence of each secret in `text` with `[redacted]`: the value
 * as given, as JSON writes it inside a string, and URL-encoded, so a token quoted in an error
 * message, a stack, a URL or a nested field is gone whatever path holds it. Values shorter than
 * {@link MIN_SCRUBBED_LENGTH} are left to path-based redaction. Longer secrets are matched first,
 * so one that contains another is scrubbed whole.
 *
 * @param secrets the configured secret values (DISCORD_TOKEN, API keys, ERY_OPS_TOKEN); unset ones skipped.
 * @returns identity when there is nothing to scrub.
 */
export function secretScrubber(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SCRUBBED_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  if (forms.size === 0) return (text) => text;
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return (text) => text.replace(pattern, REDACTED);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
