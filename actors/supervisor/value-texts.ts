/** A value's JSON text (`JSON.stringify`'s, undefined where it gives none) and the hash of that text. */
export interface ValueText {
  text: string | undefined;
  hash: string;
}

/**
 * A 64-bit hash (wyhash, Bun's own) of a JSON text, as 16 hex digits: it tells a damaged or
 * diverging field, it is not a signature.
 */
export function hashText(text: string): string {
  return Bun.hash(text).toString(16).padStart(16, '0');
}

/**
 * JSON texts and hashes of context values, as `JSON.stringify` gives them. {@link ValueTexts}
 * computes each afresh; {@link CachedValueTexts} remembers them by object.
 */
export interface Texts {
  /** `value`'s text and hash; an array's text is built from its items' texts. */
  of(value: unknown): ValueText;
  /** The hash of each key's value of a plain object (`fieldHashes`). */
  keyHashes(object: Record<string, unknown>): Record<string, string>;
}

/** Every text computed afresh: for snapshots that may have been built in place (replay's). */
export class ValueTexts implements Texts {
  of(value: unknown): ValueText {
    const text = this.text(value);
    return { text, hash: hashText(text ?? 'undefined') };
  }

  keyHashes(object: Record<string, unknown>): Record<string, string> {
    const hashes: Record<string, string> = {};
    for (const key of Object.keys(object)) hashes[key] = this.of(object[key]).hash;
    return hashes;
  }

  /** `value`'s JSON text, as `JSON.stringify` gives it. */
  protected text(value: unknown): string | undefined {
    return JSON.stringify(value);
  }
}

/**
 * {@link ValueTexts} remembered by object, for the live write path: a channel's context is
 * replaced, never changed in place (every `assign` builds new arrays and objects, and messages are
 * never edited once received), so an object seen before has the text it had then. A batch that
 * grows by one message costs that message's `JSON.stringify` and a join, not the whole batch's
 * (serialising each snapshot whole was a fifth of the write-behind's time, issue 10). Weak: a
 * value no snapshot holds any more is collected with its text.
 */
export class CachedValueTexts extends ValueTexts {
  readonly #texts = new WeakMap<object, { text: string | undefined; hash?: string }>();
  readonly #keys = new WeakMap<object, Record<string, string>>();

  override of(value: unknown): ValueText {
    if (value === null || typeof value !== 'object') return super.of(value);
    const known = this.#known(value);
    known.hash ??= hashText(known.text ?? 'undefined');
    return known as ValueText;
  }

  override keyHashes(object: Record<string, unknown>): Record<string, string> {
    let known = this.#keys.get(object);
    if (!known) {
      known = super.keyHashes(object);
      this.#keys.set(object, known);
    }
    return known;
  }

  protected override text(value: unknown): string | undefined {
    return value === null || typeof value !== 'object' ? JSON.stringify(value) : this.#known(value).text;
  }

  #known(value: object): { text: string | undefined; hash?: string } {
    let known = this.#texts.get(value);
    if (!known) {
      known = { text: Array.isArray(value) ? this.#arrayText(value) : JSON.stringify(value) };
      this.#texts.set(value, known);
    }
    return known;
  }

  /** Joined from the items' texts; `null` for what JSON cannot hold, as `JSON.stringify` writes it. */
  #arrayText(items: unknown[]): string {
    let text = '[';
    for (let index = 0; index < items.length; index += 1) {
      if (index > 0) text += ',';
      text += this.text(items[index]) ?? 'null';
    }
    return `${text}]`;
  }
}
