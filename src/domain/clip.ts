/**
 * The first `max` UTF-16 code units of `text` at most, never cutting a surrogate pair in half: a
 * lone surrogate is not valid Unicode, shows as "�", and strict JSON parsers refuse it (an emoji
 * at the cut did exactly that, found by a break-it pass, issue 9).
 */
export function sliceText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  // A high surrogate at the end would lose its low half: cut before it.
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

/** `text` cut to at most `max` characters with `…` in place of the rest, as a one-line preview. */
export function ellipsis(text: string, max: number): string {
  return text.length <= max ? text : `${sliceText(text, max - 1)}…`;
}

/**
 * `text` cut to at most `max` characters, with a marker saying how much was cut, so a reader (the
 * model) knows it did not see everything.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = sliceText(text, max);
  return `${kept}… [${text.length - kept.length} more characters cut]`;
}
