import { describe, expect, spyOn, test } from 'bun:test';
import { SimulatedClock } from 'xstate';
import { Supervisor } from '../../actors/supervisor/supervisor.ts';
import { createSqliteSnapshotStore } from '../../src/db/channel-store.ts';
import { openDatabase } from '../../src/db/client.ts';
import { DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { silentLogger } from '../../src/logger.ts';
import { controllableAgent } from '../support/agent-stub.ts';
import { chatMessage } from '../support/chat-messages.ts';

/** Supervisors sharing one real SQLite store, as a restart of the same process would. */
function store() {
  const snapshots = createSqliteSnapshotStore(openDatabase(':memory:'));
  return () =>
    new Supervisor({
      store: snapshots,
      agentThread: controllableAgent().logic,
      limits: { maxRunning: 4, maxRunningPerGuild: 2 },
      settingsFor: () => DEFAULT_CHANNEL_SETTINGS,
      clock: new SimulatedClock(),
      logger: silentLogger,
    });
}

describe('supervisor lifecycle', () => {
  test('GIVEN a new supervisor THEN it is resuming until start, serving after it and stopped after stop', () => {
    const supervisor = store()();
    expect(supervisor.lifecycle()).toBe('resuming');
    supervisor.start();
    expect(supervisor.lifecycle()).toBe('serving');
    supervisor.stop();
    expect(supervisor.lifecycle()).toBe('stopped');
    supervisor.stop();
    expect(supervisor.lifecycle()).toBe('stopped');
  });

  test('GIVEN stored channels THEN start resumes them and then serves', () => {
    const next = store();
    const before = next();
    before.start();
    before.receive(chatMessage({ channelId: '1' }));
    before.receive(chatMessage({ channelId: '2' }));
    before.stop();

    const after = next();
    expect(after.start()).toBe(2);
    expect(after.lifecycle()).toBe('serving');
    expect(after.channels().map((channel) => channel.channelId)).toEqual(['1', '2']);
  });

  test('GIVEN a message before start THEN it is routed once, as today', () => {
    const supervisor = store()();
    const early = chatMessage({ channelId: '1' });
    supervisor.receive(early);
    supervisor.start();
    expect(supervisor.actorOf('1')?.getSnapshot().context.batch).toEqual([early]);
  });

  test('GIVEN a stopped supervisor WHEN a message arrives THEN it is logged and ignored', () => {
    const supervisor = store()();
    supervisor.start();
    supervisor.stop();
    const warn = spyOn(silentLogger, 'warn');
    try {
      supervisor.receive(chatMessage({ channelId: '1' }));
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
    expect(supervisor.channels()).toEqual([]);
    expect(supervisor.lifecycle()).toBe('stopped');
  });
});
