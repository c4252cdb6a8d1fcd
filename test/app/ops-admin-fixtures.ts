import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createOpsHandler } from '../../src/app/ops-server.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { openDatabase } from '../../src/db/client.ts';
import { ConfigStore } from '../../src/db/config-store.ts';
import { GuildPolicyStore } from '../../src/db/guild-policy-store.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { silentLogger } from '../../src/logger.ts';
import { controllableAgent } from '../support/agent-stub.ts';

/**
 * The ops handler with its admin routes (config overrides, server policies) in process: an
 * in-memory database, a supervisor whose channels read their settings from that config, and a
 * SimulatedClock. The caller starts and stops the supervisor as its test needs.
 */
export function adminOps() {
  const clock = new SimulatedClock();
  const db = openDatabase(':memory:');
  const config = new ConfigStore(db, DEFAULT_CHANNEL_SETTINGS, silentLogger);
  const policies = new GuildPolicyStore(db, silentLogger);
  const supervisor = new Supervisor({
    store: createSqliteSnapshotStore(db),
    agentThread: controllableAgent().logic,
    limits: { maxRunning: 4, maxRunningPerGuild: 2 },
    settingsFor: (guildId, channelId) => config.resolve(guildId, channelId),
    clock,
  });
  const handler = createOpsHandler({ supervisor, admin: { config, policies } });
  return { clock, db, config, policies, supervisor, handler };
}
