import { eq } from 'drizzle-orm';
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
  constructor(
    private readonly db: EryDatabase,
    private readonly logger: Logger,
  ) {}

  get(guildId: string): GuildPolicy {
    const row = this.db.select().from(guildPolicies).where(eq(guildPolicies.guildId, guildId)).get();
    let policy = defaultGuildPolicy;
    if (row) {
      const parsed = GuildPolicy.safeParse(row.policy);
      if (parsed.success) policy = parsed.data;
      else
        this.logger.error(
          { event: 'policy.invalid', guildId, issues: parsed.error.issues },
          'stored guild policy is invalid; using the default',
        );
    }
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
