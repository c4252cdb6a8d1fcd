import { hashText } from './hash-text.ts';

/** One context field as a write serialised it. */
export interface FieldText {
  value: unknown;
  /** `JSON.stringify(value)`. */
  text: string | undefined;
  hash: string;
  /** For an object, each of its keys' hashes, once asked for. */
  keys?: Record<string, string>;
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
  readonly next = new Map<string, FieldText>();

  constructor(private readonly previous?: ReadonlyMap<string, FieldText>) {}

  /** `field`'s text and hash now that it holds `value`. */
  of(field: string, value: unknown): FieldText {
    const before = this.previous?.get(field);
    let known = before;
    if (!known || known.value !== value) {
      const text = Array.isArray(value) ? listText(value, before) : JSON.stringify(value);
      known = { value, text, hash: hashText(text ?? 'undefined') };
    }
    this.next.set(field, known);
    return known;
  }
}

/** A list's text: what it was last time plus the items appended since, when it only grew. */
function listText(list: unknown[], before: FieldText | undefined): string {
  const old = before?.value;
  if (!Array.isArray(old) || old.length === 0 || list.length <= old.length || before?.text === undefined)
    return JSON.stringify(list);
  for (let index = 0; index < old.length; index += 1)
    if (list[index] !== old[index]) return JSON.stringify(list);
  let text = before.text.slice(0, -1);
  for (let index = old.length; index < list.length; index += 1)
    text += `,${JSON.stringify(list[index]) ?? 'null'}`;
  return `${text}]`;
}
