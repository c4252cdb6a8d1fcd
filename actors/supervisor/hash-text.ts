/** Short texts hashed before, and their hashes: most context values are `null`, `0` or a setting. */
const SHORT_HASHES = new Map<string, string>();
/** Texts up to this long are remembered: an id or a time, never a message. */
const SHORT = 24;
/** Forget them all past this many (a few hundred KB at most); ids and times come and go. */
const MAX_SHORT = 4_096;

/**
 * A 64-bit hash (wyhash, Bun's own) of a JSON text, as 16 hex digits: it tells a damaged or
 * diverging field, it is not a signature. A digest hashes a score of short values per write, most
 * of them the same each time (`null`, `0`, the settings), so their hashes are remembered.
 */
export function hashText(text: string): string {
  if (text.length > SHORT) return wyhash(text);
  let hash = SHORT_HASHES.get(text);
  if (hash === undefined) {
    if (SHORT_HASHES.size >= MAX_SHORT) SHORT_HASHES.clear();
    hash = wyhash(text);
    SHORT_HASHES.set(text, hash);
  }
  return hash;
}

function wyhash(text: string): string {
  return Bun.hash(text).toString(16).padStart(16, '0');
}
