import { DISCORD_EPOCH, snowflakeAt as stampedAt } from '../domain/snowflake-time.ts';

export { DISCORD_EPOCH, snowflakeTime } from '../domain/snowflake-time.ts';

/**
 * Makes Discord-shaped snowflakes: `(ms since DISCORD_EPOCH) << 22 | worker << 17 | process << 12 | n`.
 * Ids are strictly increasing even within one millisecond, so `before`/`after` paging by id works like
 * Discord's. They are 18–19 digits long, which matters: @discordjs/rest only treats 17–19 digit path
 * segments as ids when it builds rate-limit buckets.
 */
export class SnowflakeGenerator {
  #lastMs = 0n;
  #increment = 0n;

  /**
   * `options.after`: the last id an earlier run of this generator issued (a saved playground), so
   * ids keep growing even when the clock is behind it. `options.onNext` hears of every id issued.
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly worker = 1n,
    private readonly options: { after?: string | null; onNext?: (id: string) => void } = {},
  ) {
    if (options.after) {
      this.#lastMs = (BigInt(options.after) >> 22n) + DISCORD_EPOCH;
      this.#increment = BigInt(options.after) & 0xfffn;
    }
  }

  /** The next id for an object created at `now()` (never smaller than the previous one). */
  next(): string {
    const id = this.#next();
    this.options.onNext?.(id);
    return id;
  }

  #next(): string {
    let ms = BigInt(this.now());
    if (ms <= this.#lastMs) {
      ms = this.#lastMs;
      this.#increment += 1n;
      // 12 bits of increment per millisecond; borrow the next millisecond rather than wrap.
      if (this.#increment > 0xfffn) {
        ms += 1n;
        this.#increment = 0n;
      }
    } else {
      this.#increment = 0n;
    }
    this.#lastMs = ms;
    return snowflakeAt(ms, this.worker, this.#increment);
  }
}

/** The snowflake for a given time (ms since the Unix epoch), worker and increment. */
export function snowflakeAt(unixMs: bigint | number, worker = 0n, increment = 0n): string {
  return stampedAt(unixMs, ((worker & 0x1fn) << 17n) | (increment & 0xfffn));
}

export { compareSnowflakes } from '../domain/snowflake-order.ts';

/** True when `s` looks like a snowflake (what Discord accepts in a path or body). */
export function isSnowflake(s: unknown): s is string {
  return typeof s === 'string' && /^\d{1,20}$/.test(s);
}
