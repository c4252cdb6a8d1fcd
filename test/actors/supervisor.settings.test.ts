import { describe, expect, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { type ChannelSettings, DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { controllableAgent } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { useTempDatabases } from '../support/temp-databases.ts';

const databases = useTempDatabases('ery-supervisor-settings-');

describe('pushing changed settings', () => {
  test('GIVEN an override of one channel WHEN settings are pushed to every channel THEN only that channel gets config.updated', () => {
    const overrides = new Map<string, Partial<ChannelSettings>>();
    const events: Array<{ channelId: string; type: string }> = [];
    const supervisor = new Supervisor({
      store: createSqliteSnapshotStore(databases.open()),
      agentThread: controllableAgent().logic,
      limits: { maxRunning: 10, maxRunningPerGuild: 10 },
      settingsFor: (_guildId, channelId) => ({ ...DEFAULT_CHANNEL_SETTINGS, ...overrides.get(channelId) }),
      clock: new SimulatedClock(),
      inspect: (channelId, event) => {
        if (event.type === '@xstate.event') events.push({ channelId, type: event.event.type });
      },
    });
    supervisor.receive(chatMessage({ id: '11', channelId: '1' }));
    supervisor.receive(chatMessage({ id: '12', channelId: '2' }));
    overrides.set('2', { batchSize: 3 });
    supervisor.send({ type: 'config.updated' });
    expect(events.filter((event) => event.type === 'config.updated')).toEqual([
      { channelId: '2', type: 'config.updated' },
    ]);
    expect(supervisor.actorOf('2')?.getSnapshot().context.settings.batchSize).toBe(3);
    supervisor.stop();
  });
});
