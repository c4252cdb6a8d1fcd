/**
 * `text` cut to at most `max` characters, with a marker saying how much was cut, so a reader (the
 * model) knows it did not see everything.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [${text.length - max} more characters cut]`;
}
