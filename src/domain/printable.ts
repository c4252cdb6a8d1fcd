/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts colour, cursor and
 * OSC 52 clipboard sequences, `\r` rewrites the line), DEL, C1 controls, and the Unicode marks that
 * reorder or hide text (bidi overrides and isolates, zero-width characters, line separators).
 */
const UNPRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * `text` safe to print on a terminal: each character of {@link UNPRINTABLE} is shown escaped
 * (`\x1b`, `\r`, `\n`, `\u202e`) rather than obeyed, so text recorded from a model, a tool or a
 * Discord user cannot colour, move, clear or rewrite what Ery prints, nor reach the clipboard.
 * Print each line through it, then join the lines.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.charCodeAt(0);
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
