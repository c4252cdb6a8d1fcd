import { describe, expect, test } from 'bun:test';
import { chatMessage } from '../support/chat-messages.ts';
import { bootOps } from './ops-fixtures.ts';

/** Waits for the write-behind's tick (it flushes on the next turn of the event loop). */
const tick = () => Bun.sleep(5);

describe('GET /healthz', () => {
  test('GIVEN the gateway connected, the database writable and the supervisor serving THEN 200 with every check passing', async () => {
    const { json } = bootOps({ probes: { gateway: () => 'connected' } });
    const { status, body } = await json('/healthz');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      failing: [],
      reason: null,
      lifecycle: 'serving',
      checks: {
        gateway: { ok: true, detail: 'connected' },
        database: { ok: true, detail: 'writable' },
        supervisor: { ok: true, detail: 'serving' },
      },
    });
    expect((await json('/health')).body).toMatchObject({ status: 'ok', live: 0 });
  });

  test('GIVEN the gateway reconnecting THEN 503 naming the gateway check and what it is doing', async () => {
    let gateway = 'connecting';
    const { json } = bootOps({ probes: { gateway: () => gateway } });
    const { status, body } = await json('/healthz');
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'unavailable',
      failing: ['gateway'],
      reason: 'gateway: the Discord gateway is connecting',
    });
    gateway = 'connected';
    expect((await json('/healthz')).status).toBe(200);
  });

  test('GIVEN a supervisor still resuming, then stopped THEN 503 naming the supervisor and its lifecycle state', async () => {
    const { supervisor, json } = bootOps({ start: false });
    expect((await json('/healthz')).body).toMatchObject({
      failing: ['supervisor'],
      reason: 'supervisor: the supervisor is resuming, not serving',
    });
    supervisor.start();
    expect((await json('/healthz')).status).toBe(200);
    supervisor.stop();
    const stopped = await json('/health');
    expect(stopped.status).toBe(503);
    expect(stopped.body).toMatchObject({ lifecycle: 'stopped', failing: ['supervisor'] });
  });

  test('GIVEN the database stops taking writes THEN 200 degraded, naming the store and the error, with storage failing; ok once a write goes through again', async () => {
    const { supervisor, db, json } = bootOps();
    // SQLite itself refuses every write on this connection, as on a read-only file.
    db.$client.exec('PRAGMA query_only = ON');
    supervisor.receive(chatMessage({ channelId: '11' }));
    await tick();
    const { status, body } = await json('/healthz');
    // Degraded, not unavailable: Ery still serves, and a restart would lose what waits to be written.
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'degraded', failing: ['database'], storage: 'failing' });
    expect(body.storageError).toMatchObject({ store: 'snapshots' });
    expect(body.storageError.message).toContain('readonly database');
    expect(body.checks.database.detail).toContain('readonly database');
    expect(body.reason).toStartWith('database: the last write of snapshots failed at ');
    expect(body.pendingWrites).toBeGreaterThan(0);
    db.$client.exec('PRAGMA query_only = OFF');
    supervisor.flush();
    const after = await json('/healthz');
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 'ok', storage: 'ok', storageError: null, pendingWrites: 0 });
  });

  test('GIVEN several checks failing THEN the reason names each of them', async () => {
    const { db, supervisor, json } = bootOps({ probes: { gateway: () => 'disconnected' } });
    db.$client.exec('PRAGMA query_only = ON');
    supervisor.receive(chatMessage({ channelId: '12' }));
    await tick();
    supervisor.stop();
    const { body } = await json('/healthz');
    expect(body.failing).toEqual(['gateway', 'database', 'supervisor']);
    expect(body.status).toBe('unavailable');
    expect(body.reason.split('; ').map((part: string) => part.split(':')[0])).toEqual([
      'gateway',
      'database',
      'supervisor',
    ]);
  });
});
