/** The JSON text of each message (or other item object) serialised, while it lives. */
const TEXTS = new WeakMap<object, string>();

/**
 * `JSON.stringify(item)`, computed once per object: a message is serialised for its logged event
 * and again for the hash of its batch or queue in a checkpoint (`FieldTexts`), and both take the
 * text made first (issue 10: serialising was a quarter of ingest). Sound because an item is never
 * changed once it is in a context: messages are immutable once validated (validated-message.ts),
 * and every `assign` builds new objects. Primitives are not kept.
 */
export function itemText(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object') return JSON.stringify(item);
  let text = TEXTS.get(item);
  if (text === undefined) {
    text = JSON.stringify(item);
    if (text !== undefined) TEXTS.set(item, text);
  }
  return text;
}

/** `JSON.stringify(list)` for a list of items, each item's text from {@link itemText}. */
export function listItemsText(list: readonly unknown[]): string {
  let text = '';
  for (let index = 0; index < list.length; index += 1)
    text += `${index === 0 ? '' : ','}${itemText(list[index]) ?? 'null'}`;
  return `[${text}]`;
}

/**
 * `JSON.stringify(event)` for a logged channel event: a `message` it carries takes the text its
 * channel's snapshot made of it ({@link itemText}).
 */
export function eventText(event: unknown): string | undefined {
  const message = (event as { message?: unknown } | null)?.message;
  if (
    typeof message !== 'object' ||
    message === null ||
    Array.isArray(event) ||
    typeof (event as { toJSON?: unknown }).toJSON === 'function'
  )
    return JSON.stringify(event);
  let text = '';
  for (const [key, value] of Object.entries(event as object)) {
    const member = key === 'message' ? itemText(value) : JSON.stringify(value);
    if (member !== undefined) text += `${text === '' ? '' : ','}${keyText(key)}${member}`;
  }
  return `{${text}}`;
}

/** `"field":` for each context field name, built once. */
const KEYS = new Map<string, string>();

/** `"field":`, the key of a field in a JSON object's text (remembered for the first 256 names). */
export function keyText(field: string): string {
  let text = KEYS.get(field);
  if (text === undefined) {
    text = `${JSON.stringify(field)}:`;
    if (KEYS.size < 256) KEYS.set(field, text);
  }
  return text;
}
