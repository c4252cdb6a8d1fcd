/**
 * The gateway faults a test can inject, frame by frame over a raw WebSocket: an outage that holds
 * HELLO, zombie sockets (no ACK, no dispatch, still open) and op 9 in both its forms.
 */
import { describe, expect, test } from 'bun:test';
import type { Playground } from '../../src/playground/index.ts';
import { identify, type RawGateway, useRawGateways } from './raw-gateway.ts';

let pg: Playground;
const open = useRawGateways((started) => {
  pg = started;
});

/** A session identified on a fresh socket, with its READY and GUILD_CREATE read. */
async function session() {
  const raw = open();
  await identify(raw, pg);
  const ready = await raw.dispatch('READY');
  const guild = await raw.dispatch('GUILD_CREATE');
  return { raw, sessionId: ready.d.session_id as string, seq: guild.s ?? 0 };
}

/** Resolves once the socket is open: the server has run its open handler. */
function opened(raw: RawGateway): Promise<void> {
  if (raw.ws.readyState === WebSocket.OPEN) return Promise.resolve();
  return new Promise((resolve) => raw.ws.addEventListener('open', () => resolve(), { once: true }));
}

const say = (content: string) =>
  pg.postMessage({ channelId: pg.demo.channels.general, authorId: pg.demo.users.alice, content });

describe('gateway faults', () => {
  test('GIVEN connections are held THEN a new socket gets no HELLO until the release, then HELLO', async () => {
    const release = pg.faults.holdConnections();
    const raw = open();
    try {
      await opened(raw);
      // Frames on one socket keep their order: had HELLO been sent on open, it would come first.
      raw.send(1, null);
      await raw.next((f) => f.op === 11);
      expect(raw.frames.filter((f) => f.op === 10)).toEqual([]);
    } finally {
      release();
    }
    expect((await raw.hello()).op).toBe(10);
    const later = open();
    expect((await later.hello()).op).toBe(10);
  });

  test('GIVEN zombie connections THEN heartbeats get no ACK and dispatches wait, and a RESUME elsewhere replays them', async () => {
    const { raw, sessionId, seq } = await session();
    pg.faults.zombieConnections();
    raw.send(1, seq);
    say('while deaf');
    expect(raw.closed).toBeNull();
    const fresh = open();
    await fresh.hello();
    fresh.send(6, { token: pg.botToken, session_id: sessionId, seq });
    const replayed = await fresh.dispatch('MESSAGE_CREATE');
    expect(replayed.d.content).toBe('while deaf');
    await fresh.dispatch('RESUMED');
    // The zombie socket never saw the ACK nor the message: only its HELLO and what came before.
    expect(raw.frames.filter((f) => f.op === 11 || f.t === 'MESSAGE_CREATE')).toEqual([]);
    fresh.send(1, null);
    expect((await fresh.next((f) => f.op === 11)).op).toBe(11);
  });

  test('GIVEN a resumable op 9 THEN the client gets d=true and resumes on the same socket, missing nothing', async () => {
    const { raw, sessionId, seq } = await session();
    pg.faults.invalidateSessions({ resumable: true });
    expect((await raw.next((f) => f.op === 9)).d).toBe(true);
    say('after op 9');
    raw.send(6, { token: pg.botToken, session_id: sessionId, seq });
    const replayed = await raw.dispatch('MESSAGE_CREATE');
    expect(replayed.d.content).toBe('after op 9');
    await raw.dispatch('RESUMED');
  });
});
