import { hashText } from './hash-text.ts';
import { listItemsText } from './item-texts.ts';

/** One context field as a checkpoint serialised it. */
export interface FieldText {
  value: unknown;
  /** `JSON.stringify(value)`. */
  text: string | undefined;
  /** `hashText(text)`, once asked for ({@link hashOfField}). */
  hash: string | undefined;
  /** For an object, each of its keys' hashes, once asked for. */
  keys: Record<string, string> | undefined;
}

/**
 * A snapshot's context fields in the context's order, with their texts: what a channel's next
 * checkpoint reuses (`CheckpointSteps` keeps them). Two arrays rather than a Map: a context keeps
 * its keys in the same order from one write to the next (every `assign` copies it), so a field is
 * found at the same index as before, and no hash table is built (a Map per write was a fifth of
 * serialising, issue 10).
 */
export class FieldList {
  readonly names: string[] = [];
  readonly texts: FieldText[] = [];

  get size(): number {
    return this.names.length;
  }

  /** The text of `field`, looked for at `hint` first (its index in a list of the same shape). */
  get(field: string, hint = -1): FieldText | undefined {
    if (this.names[hint] === field) return this.texts[hint];
    const at = this.names.indexOf(field);
    return at < 0 ? undefined : this.texts[at];
  }

  *[Symbol.iterator](): IterableIterator<[string, FieldText]> {
    for (let index = 0; index < this.names.length; index += 1)
      yield [this.names[index] as string, this.texts[index] as FieldText];
  }
}

/**
 * The context fields of one checkpoint of a channel, reusing those of its previous one
 * (`previous`). A channel's context is replaced, never changed in place (every `assign` builds new
 * arrays and objects, and messages are never edited once received), so a field that holds the
 * same value as last time has the same text and hash: the settings and the thread records are
 * not serialised and hashed again at every checkpoint.
 */
export class FieldTexts {
  /** This checkpoint's fields, to pass to the channel's next one. */
  readonly next = new FieldList();

  constructor(private readonly previous?: FieldList) {}

  /** `field`'s text and hash now that it holds `value`. */
  of(field: string, value: unknown): FieldText & { hash: string } {
    const known = this.textOf(field, value);
    hashOfField(known);
    return known as FieldText & { hash: string };
  }

  /** `field`'s text now that it holds `value`; its hash is left to {@link hashOfField}. */
  textOf(field: string, value: unknown): FieldText {
    const before = this.previous?.get(field, this.next.size);
    let known = before;
    if (!known || known.value !== value) {
      // Every key set at once: one object shape for all, however many are hashed later.
      const text = Array.isArray(value) ? listItemsText(value) : JSON.stringify(value);
      known = { value, text, hash: undefined, keys: undefined };
    }
    this.next.names.push(field);
    this.next.texts.push(known);
    return known;
  }
}

/** The hash of a field's text (`hashText`), computed once per text and kept with it. */
export function hashOfField(known: FieldText): string {
  known.hash ??= hashText(known.text ?? 'undefined');
  return known.hash;
}
