import type { Clock } from '../../../actors/clock.ts';
import type { RaidPolicy } from '../../domain/welcome-policy.ts';

/** How many names a raid summary lists. */
export const RAID_NAMES_SHOWN = 5;

/** One raid, once it is over: the joins it held back from being welcomed. */
export interface RaidSummary {
  guildId: string;
  /** Joins in the raid, none of them welcomed. */
  count: number;
  /** Display names of the first {@link RAID_NAMES_SHOWN} of them, in order of joining. */
  names: string[];
  /** When its first and last joins were seen (ms, by the gate's clock). */
  firstAt: number;
  lastAt: number;
  /** The policy it met: `joins` within `windowMs`. */
  joins: number;
  windowMs: number;
}

interface Held<T> {
  join: T;
  timer: unknown;
}

interface Raid {
  count: number;
  names: string[];
  firstAt: number;
  lastAt: number;
  policy: RaidPolicy;
  timer: unknown;
}

/** One server's recent joins: when they came, those waiting for their welcome, and a raid going on. */
interface GuildJoins<T> {
  recent: number[];
  held: Held<T>[];
  raid: Raid | null;
}

/**
 * Tells a welcome from a raid (issue 12 §1). Each join waits `holdMs` before it is released to
 * `welcome`; when `joins` joins arrive within `windowMs`, a raid starts: the joins still waiting and
 * every later one are held back for good, and once no join has come for `windowMs` the raid ends
 * with one {@link RaidSummary} to `raid`. All time is read from `clock`, so tests move it by hand.
 */
export class JoinGate<T extends { guildId: string; name: string }> {
  readonly #guilds = new Map<string, GuildJoins<T>>();

  constructor(
    private readonly deps: {
      clock: Clock;
      welcome: (join: T) => void;
      raid: (summary: RaidSummary) => void;
    },
  ) {
    if (!deps?.clock) throw new TypeError('JoinGate: clock is required');
  }

  /** Takes one join under the server's raid `policy` (read at each join, so a change applies at once). */
  add(join: T, policy: RaidPolicy): void {
    const { clock } = this.deps;
    const now = clock.now();
    const guild = this.#guild(join.guildId);
    guild.recent = guild.recent.filter((at) => at > now - policy.windowMs);
    guild.recent.push(now);
    if (guild.raid) {
      this.#joinRaid(join, guild.raid, now);
      return;
    }
    if (guild.recent.length >= policy.joins) {
      const raid: Raid = { count: 0, names: [], firstAt: now, lastAt: now, policy, timer: null };
      for (const held of guild.held.splice(0)) {
        clock.clearTimeout(held.timer);
        this.#count(raid, held.join);
      }
      guild.raid = raid;
      this.#joinRaid(join, raid, now);
      return;
    }
    const held: Held<T> = {
      join,
      timer: clock.setTimeout(() => {
        guild.held = guild.held.filter((other) => other !== held);
        this.#forgetIfQuiet(join.guildId);
        this.deps.welcome(join);
      }, policy.holdMs),
    };
    guild.held.push(held);
  }

  /** Cancels every timer: waiting welcomes and open raids are dropped (Ery is stopping). */
  stop(): void {
    for (const guild of this.#guilds.values()) {
      for (const held of guild.held) this.deps.clock.clearTimeout(held.timer);
      if (guild.raid) this.deps.clock.clearTimeout(guild.raid.timer);
    }
    this.#guilds.clear();
  }

  #joinRaid(join: T, raid: Raid, now: number): void {
    this.#count(raid, join);
    raid.lastAt = now;
    this.deps.clock.clearTimeout(raid.timer);
    raid.timer = this.deps.clock.setTimeout(() => this.#endRaid(join.guildId, raid), raid.policy.windowMs);
  }

  #count(raid: Raid, join: T): void {
    raid.count += 1;
    if (raid.names.length < RAID_NAMES_SHOWN) raid.names.push(join.name);
  }

  #endRaid(guildId: string, raid: Raid): void {
    const guild = this.#guilds.get(guildId);
    if (guild?.raid === raid) {
      guild.raid = null;
      guild.recent = [];
      this.#forgetIfQuiet(guildId);
    }
    const { count, names, firstAt, lastAt, policy } = raid;
    this.deps.raid({
      guildId,
      count,
      names,
      firstAt,
      lastAt,
      joins: policy.joins,
      windowMs: policy.windowMs,
    });
  }

  #guild(guildId: string): GuildJoins<T> {
    let guild = this.#guilds.get(guildId);
    if (!guild) {
      guild = { recent: [], held: [], raid: null };
      this.#guilds.set(guildId, guild);
    }
    return guild;
  }

  /** Drops a server with nothing waiting and no raid; its recent joins are kept while it has any. */
  #forgetIfQuiet(guildId: string): void {
    const guild = this.#guilds.get(guildId);
    if (guild && guild.held.length === 0 && guild.raid === null && guild.recent.length === 0)
      this.#guilds.delete(guildId);
  }
}
