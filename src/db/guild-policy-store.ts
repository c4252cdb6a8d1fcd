import { eq } from 'drizzle-orm';
import { deepFreeze } from '../domain/deep-freeze.ts';
import { defaultGuildPolicy, GuildPolicy, type GuildPolicyInput } from '../domain/guild-policy.ts';
import type { Logger } from '../logger.ts';
import type { EryDatabase } from './client.ts';
import { guildPolicies } from './schema.ts';

/**
 * Server policies from SQLite. Read on every use (one indexed lookup), so a change made by another
 * process reaches a running Ery at once. A server without a row gets the default policy
 * (no autonomous moderation, no mass pings); a stored policy that no longer validates falls back to
 * the default too, with an error in the log, so a bad row can only make Ery stricter.
 */
export class GuildPolicyStore {
  /** Prepared once: every thread reads its server's policy, and every tool call again. */
  readonly #select;
  /**
   * Each server's last valid policy with the text it was parsed from: a read whose row holds the
   * same text reuses it (frozen, so shared safely) instead of validating it again.
   */
  readonly #parsed = new Map<string, { text: string; policy: GuildPolicy }>();

  constructor(
    private readonly db: EryDatabase,
    private readonly logger: Logger,
  ) {
    // Raw: the policy's JSON text is what the parse cache compares.
    this.#select = db.$client.query<{ policy: string }, [string]>(
      'SELECT policy FROM guild_policies WHERE guild_id = ?',
    );
  }

  /** The server's policy (frozen: shared by the readers of the same stored text). */
  get(guildId: string): GuildPolicy {
    const text = this.#select.get(guildId)?.policy;
    if (text === undefined) {
      this.#parsed.delete(guildId);
      return defaultGuildPolicy;
    }
    const known = this.#parsed.get(guildId);
    if (known?.text === text) return known.policy;
    let stored: unknown;
    try {
      stored = JSON.parse(text);
    } catch {
      stored = undefined; // Damaged on disk: refused below like any invalid policy.
    }
    const parsed = GuildPolicy.safeParse(stored);
    if (!parsed.success) {
      this.#parsed.delete(guildId);
      this.logger.error(
        { event: 'policy.invalid', guildId, issues: parsed.error.issues },
        'stored guild policy is invalid; using the default',
      );
      return defaultGuildPolicy;
    }
    const policy = deepFreeze(parsed.data);
    this.#parsed.set(guildId, { text, policy });
    return policy;
  }

  /** Validates and stores a server's whole policy; throws a zod error naming the bad field. */
  set(guildId: string, input: GuildPolicyInput): GuildPolicy {
    const policy = GuildPolicy.parse(input);
    this.db
      .insert(guildPolicies)
      .values({ guildId, policy, updatedAt: Date.now() })
      .onConflictDoUpdate({ target: guildPolicies.guildId, set: { policy, updatedAt: Date.now() } })
      .run();
    return policy;
  }

  /** Deletes a server's policy, so it gets the strict default again. Returns whether it had one. */
  remove(guildId: string): boolean {
    const deleted = this.db.delete(guildPolicies).where(eq(guildPolicies.guildId, guildId)).returning().all();
    return deleted.length > 0;
  }
}
