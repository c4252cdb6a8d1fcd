import { hashText } from './hash-text.ts';
import { itemText, keyText, listItemsText } from './item-texts.ts';

/** One context field as a write serialised it. */
export interface FieldText {
  value: unknown;
  /** `JSON.stringify(value)`. */
  text: string | undefined;
  /**
   * `hashText(text)`, once asked for ({@link hashOfField}): only a write that carries a checkpoint
   * needs it (most writes of a busy channel carry none, see `CheckpointSteps`).
   */
  hash?: string;
  /** For an object, each of its keys' hashes, once asked for. */
  keys?: Record<string, string>;
  /** `"field":text`, once asked for ({@link memberText}). */
  member?: string;
}

/**
 * A write's context fields in the context's order, with their texts: what the channel's next
 * write reuses. Two arrays rather than a Map: a context keeps its keys in the same order from one
 * write to the next (every `assign` copies it), so a field is found at the same index as before,
 * and a write builds no hash table (a Map per write was a fifth of serialising, issue 10).
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
 * The context fields of one write of a channel, reusing its previous write's (`previous`). A
 * channel's context is replaced, never changed in place (every `assign` builds new arrays and
 * objects, and messages are never edited once received), so a field that holds the same value as
 * last time has the same text and hash; and a list that grew by appending (a batch or queue
 * waiting for a permit gains a message per event) is its old text plus the new items. A message
 * then costs its own `JSON.stringify`, not its whole batch's again: with batches waiting for run
 * permits, serialising them whole made each write cost as much as the batch was long (issue 10).
 */
export class FieldTexts {
  /** This write's fields, to pass to the channel's next write. */
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
      const text = Array.isArray(value) ? listText(value, before) : JSON.stringify(value);
      known = { value, text };
    }
    this.next.names.push(field);
    this.next.texts.push(known);
    return known;
  }
}

/** `"field":text` of a field, once per text; empty when its value has no JSON (`undefined`). */
export function memberText(field: string, known: FieldText): string {
  known.member ??= known.text === undefined ? '' : `${keyText(field)}${known.text}`;
  return known.member;
}

/** The hash of a field's text (`hashText`), computed once per text and kept with it. */
export function hashOfField(known: FieldText): string {
  known.hash ??= hashText(known.text ?? 'undefined');
  return known.hash;
}

/** A list's text: what it was last time plus the items appended since, when it only grew. */
function listText(list: unknown[], before: FieldText | undefined): string {
  const old = before?.value;
  if (!Array.isArray(old) || old.length === 0 || list.length <= old.length || before?.text === undefined)
    return listItemsText(list);
  for (let index = 0; index < old.length; index += 1)
    if (list[index] !== old[index]) return listItemsText(list);
  let text = before.text.slice(0, -1);
  for (let index = old.length; index < list.length; index += 1) text += `,${itemText(list[index]) ?? 'null'}`;
  return `${text}]`;
}
