/**
 * A bounded set of recently seen ids, oldest evicted first. The gateway replays dispatches after a
 * resume, so the same MESSAGE_CREATE can arrive twice; this remembers enough ids to drop the copy
 * without growing forever.
 */
export class SeenIds {
  readonly #ids = new Set<string>();

  constructor(readonly capacity: number = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new TypeError(`SeenIds: capacity must be a positive integer, got ${capacity}`);
    }
  }

  /** Records `id`; returns false when it was already recorded (a duplicate). */
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) {
      // A Set iterates in insertion order, so the first value is the oldest.
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
    return true;
  }

  /** Whether `id` is still remembered. */
  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** How many ids are remembered (never more than `capacity`). */
  get size(): number {
    return this.#ids.size;
  }
}
