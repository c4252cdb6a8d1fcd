/**
 * The gateway (v10, JSON, no compression) on Bun's WebSocket server: HELLO, IDENTIFY → READY +
 * GUILD_CREATE, heartbeats, RESUME with replay, REQUEST_GUILD_MEMBERS, and dispatches filtered by
 * intents and channel visibility as Discord does. Sessions outlive their sockets so a client that
 * drops can resume and receive what it missed.
 */
import type { ServerWebSocket } from 'bun';
import type { Logger } from 'pino';
import type { Access } from './access.ts';
import type { EventLog } from './events.ts';
import { GatewayFaultState } from './gateway-faults.ts';
import { memberChunks, readyPayload } from './gateway-payloads.ts';
import {
  type DispatchSpec,
  type GatewaySocketData,
  Intents,
  Op,
  type SessionView,
} from './gateway-protocol.ts';
import { hasAll, PermissionBits } from './permissions.ts';
import { NO_GUILD } from './records.ts';
import { guildCreate, type Json } from './serialize.ts';
import type { PlaygroundState } from './state.ts';
import type { TokenRegistry } from './tokens.ts';

export type { DispatchSpec, GatewaySocketData, SessionView } from './gateway-protocol.ts';
export { Intents, Op } from './gateway-protocol.ts';

type Socket = ServerWebSocket<GatewaySocketData>;

interface Session extends SessionView {
  seq: number;
  shard: [number, number];
  /** Sent dispatches, kept so RESUME can replay what the client missed. */
  buffer: Array<{ s: number; t: string; d: unknown }>;
  ws: Socket | null;
  disconnectedAt: number | null;
  joinedAt: number;
}

/** Everything the gateway needs, injected. */
export interface GatewayDeps {
  state: PlaygroundState;
  access: Access;
  events: EventLog;
  logger: Logger;
  tokens: TokenRegistry;
  /** ws://host:port/gateway, known once the server listens. */
  gatewayUrl: () => string;
  heartbeatIntervalMs: number;
  now: () => number;
  /** How long a disconnected session stays resumable. */
  sessionTtlMs?: number;
  /** How many dispatches a session keeps for replay. */
  bufferSize?: number;
}

/** The gateway: one instance per playground. */
export class Gateway {
  readonly #sessions = new Map<string, Session>();
  readonly #sockets = new Set<Socket>();
  #nextConn = 0;
  #liveDispatches = 0;
  readonly #faults = new GatewayFaultState((ws) =>
    this.#send(ws, { op: Op.Hello, d: { heartbeat_interval: this.deps.heartbeatIntervalMs, _trace: [] } }),
  );

  constructor(private readonly deps: GatewayDeps) {}

  /** Data for `server.upgrade`. */
  socketData(): GatewaySocketData {
    return { connId: ++this.#nextConn, sessionId: null };
  }

  /** Dispatches written to open sockets so far; REST compares it to know whether to let them land. */
  get liveDispatches(): number {
    return this.#liveDispatches;
  }

  /** Number of open sockets (for tests and the web chat's status line). */
  get openSockets(): number {
    return this.#sockets.size;
  }

  open(ws: Socket): void {
    this.#sockets.add(ws);
    this.#faults.admit(ws);
  }

  close(ws: Socket, code: number): void {
    this.#sockets.delete(ws);
    this.#faults.forget(ws);
    const session = ws.data.sessionId ? this.#sessions.get(ws.data.sessionId) : undefined;
    if (session && session.ws === ws) {
      session.ws = null;
      session.disconnectedAt = this.deps.now();
    }
    this.deps.events.emit({
      type: 'gateway.closed',
      sessionId: ws.data.sessionId,
      code,
      actorId: session?.userId ?? null,
      guildId: null,
      channelId: null,
    });
  }

  message(ws: Socket, raw: string | Buffer): void {
    if (this.#faults.isSilent(ws)) return;
    let payload: { op?: unknown; d?: unknown };
    try {
      payload = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
    } catch {
      ws.close(4002, 'Error while decoding payload.');
      return;
    }
    const d = (payload.d ?? {}) as Record<string, unknown>;
    switch (payload.op) {
      case Op.Heartbeat:
        this.#send(ws, { op: Op.HeartbeatAck, d: null });
        return;
      case Op.Identify:
        this.#identify(ws, d);
        return;
      case Op.Resume:
        this.#resume(ws, d);
        return;
      case Op.RequestGuildMembers:
        this.#requestMembers(ws, d);
        return;
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
        return;
      default:
        ws.close(4001, 'Unknown opcode.');
    }
  }

  /** Sends one event to every session that should see it (buffered for sessions that are offline). */
  dispatch(spec: DispatchSpec): void {
    this.#expireSessions();
    for (const session of this.#sessions.values()) {
      // A DM (no guild) reaches its recipients (the channel check below), on shard 0, as on Discord.
      const direct = spec.guildId === NO_GUILD;
      if (!direct && !this.deps.state.member(spec.guildId, session.userId)) continue;
      if (
        direct
          ? session.shard[0] !== 0 || spec.channelId === undefined
          : !this.#inShard(session, spec.guildId)
      )
        continue;
      const isAbout = spec.aboutUserId === session.userId;
      if (spec.intent !== undefined && (session.intents & spec.intent) === 0 && !isAbout) continue;
      if (spec.channelId !== undefined) {
        const perms = this.deps.access.channelPermissions(spec.channelId, session.userId);
        if (!hasAll(perms, PermissionBits.ViewChannel)) continue;
      }
      const d = spec.build(session);
      if (d !== undefined) this.#dispatchTo(session, spec.t, d);
    }
  }

  /**
   * Sends dispatch `t` with payload `d` exactly as given to every session, with no routing or
   * checks: for fuzz tests of payloads Discord would never send (test/fuzz). Resumed sessions get it
   * replayed like any other dispatch.
   */
  rawDispatch(t: string, d: unknown): void {
    for (const session of this.#sessions.values()) this.#dispatchTo(session, t, d);
  }

  /** Closes every socket without a clean close (clients see 1006 and resume). */
  dropConnections(): void {
    for (const ws of [...this.#sockets]) ws.terminate();
  }

  /** Sends op 7: clients reconnect and resume. */
  reconnect(): void {
    for (const ws of this.#sockets) this.#send(ws, { op: Op.Reconnect, d: null });
  }

  /**
   * Sends op 9. Not resumable (the default): every session is forgotten and clients must IDENTIFY
   * again. Resumable (d=true): sessions are kept and clients RESUME them on the same socket.
   */
  invalidateSessions(options: { resumable?: boolean } = {}): void {
    const resumable = options.resumable === true;
    if (!resumable) this.#sessions.clear();
    for (const ws of this.#sockets) {
      if (!resumable) ws.data.sessionId = null;
      this.#send(ws, { op: Op.InvalidSession, d: resumable });
    }
  }

  /** See {@link GatewayFaultState.hold}: new connections wait for HELLO until the release is called. */
  holdConnections(): () => void {
    return this.#faults.hold();
  }

  /**
   * Turns every open socket into a zombie: it stays open, heartbeats get no ACK and dispatches are
   * kept for a RESUME instead of being written. Only a client that notices can get them.
   */
  zombieConnections(): void {
    this.#faults.silence(this.#sockets);
  }

  /** Closes everything (server stop). */
  stop(): void {
    for (const ws of [...this.#sockets]) ws.close(1001, 'Playground stopping');
    this.#sessions.clear();
  }

  #identify(ws: Socket, d: Record<string, unknown>): void {
    if (ws.data.sessionId) {
      ws.close(4005, 'Already authenticated.');
      return;
    }
    const userId = typeof d.token === 'string' ? this.deps.tokens.resolve(d.token) : undefined;
    const user = userId ? this.deps.state.user(userId) : undefined;
    if (!userId || !user) {
      ws.close(4004, 'Authentication failed.');
      return;
    }
    const shard = Array.isArray(d.shard) ? [Number(d.shard[0]), Number(d.shard[1])] : [0, 1];
    const session: Session = {
      id: crypto.randomUUID().replaceAll('-', ''),
      userId,
      intents: Number(d.intents ?? 0),
      seq: 0,
      shard: [shard[0] ?? 0, shard[1] ?? 1],
      buffer: [],
      ws,
      disconnectedAt: null,
      joinedAt: this.deps.now(),
    };
    this.#sessions.set(session.id, session);
    ws.data.sessionId = session.id;
    const guilds = this.#guildsOf(session);
    this.#dispatchTo(
      session,
      'READY',
      readyPayload({
        user,
        guilds,
        sessionId: session.id,
        resumeUrl: this.deps.gatewayUrl(),
        shard: session.shard,
      }),
    );
    for (const guild of guilds) {
      const everyone = (session.intents & Intents.GuildMembers) !== 0;
      const members = this.deps.state
        .members(guild.id)
        .filter((m) => everyone || m.userId === session.userId);
      const threads = this.deps.state
        .threads(guild.id)
        .filter(
          (t) => !t.thread?.archived && this.deps.access.channelPermissions(t.id, session.userId) !== 0n,
        );
      this.#dispatchTo(
        session,
        'GUILD_CREATE',
        guildCreate(this.deps.state, guild, members, session.joinedAt, threads),
      );
    }
    this.deps.logger.debug(
      { event: 'playground.gateway.identified', sessionId: session.id, intents: session.intents },
      'gateway session identified',
    );
    this.deps.events.emit({
      type: 'gateway.identified',
      sessionId: session.id,
      userId,
      actorId: userId,
      guildId: null,
      channelId: null,
    });
  }

  #resume(ws: Socket, d: Record<string, unknown>): void {
    const userId = typeof d.token === 'string' ? this.deps.tokens.resolve(d.token) : undefined;
    if (!userId) {
      ws.close(4004, 'Authentication failed.');
      return;
    }
    const found = typeof d.session_id === 'string' ? this.#sessions.get(d.session_id) : undefined;
    const session = found?.userId === userId ? found : undefined;
    const seq = Number(d.seq ?? 0);
    const oldest = session?.buffer[0]?.s ?? (session ? session.seq + 1 : 0);
    // A sequence we no longer hold (or from the future) cannot be resumed without losing events.
    if (!session || seq > session.seq || oldest > seq + 1) {
      this.#send(ws, { op: Op.InvalidSession, d: false });
      return;
    }
    if (session.ws && session.ws !== ws) {
      session.ws.data.sessionId = null;
      session.ws.close(4000, 'Session resumed elsewhere');
    }
    session.ws = ws;
    session.disconnectedAt = null;
    ws.data.sessionId = session.id;
    for (const entry of session.buffer) {
      if (entry.s > seq) this.#send(ws, { op: Op.Dispatch, s: entry.s, t: entry.t, d: entry.d });
    }
    this.#dispatchTo(session, 'RESUMED', { _trace: ['ery-playground'] });
    this.deps.events.emit({
      type: 'gateway.resumed',
      sessionId: session.id,
      userId: session.userId,
      actorId: session.userId,
      guildId: null,
      channelId: null,
    });
  }

  #requestMembers(ws: Socket, d: Record<string, unknown>): void {
    const session = ws.data.sessionId ? this.#sessions.get(ws.data.sessionId) : undefined;
    if (!session) {
      ws.close(4003, 'Not authenticated.');
      return;
    }
    for (const chunk of memberChunks(this.deps.state, session.userId, d)) {
      this.#dispatchTo(session, 'GUILD_MEMBERS_CHUNK', chunk);
    }
  }

  #guildsOf(session: Session) {
    return this.deps.state
      .guilds()
      .filter((g) => this.deps.state.member(g.id, session.userId) && this.#inShard(session, g.id));
  }

  #inShard(session: Session, guildId: string): boolean {
    const [id, count] = session.shard;
    return count <= 1 || Number((BigInt(guildId) >> 22n) % BigInt(count)) === id;
  }

  #dispatchTo(session: Session, t: string, d: unknown): void {
    const s = ++session.seq;
    session.buffer.push({ s, t, d });
    const max = this.deps.bufferSize ?? 1000;
    if (session.buffer.length > max) session.buffer.splice(0, session.buffer.length - max);
    if (session.ws && !this.#faults.isSilent(session.ws)) {
      this.#liveDispatches += 1;
      this.#send(session.ws, { op: Op.Dispatch, s, t, d });
    }
  }

  #send(ws: Socket, payload: Json): void {
    if (this.#faults.isSilent(ws)) return;
    ws.send(JSON.stringify(payload));
  }

  #expireSessions(): void {
    const ttl = this.deps.sessionTtlMs ?? 5 * 60_000;
    const now = this.deps.now();
    for (const [id, session] of this.#sessions) {
      if (session.disconnectedAt !== null && now - session.disconnectedAt > ttl) this.#sessions.delete(id);
    }
  }
}
