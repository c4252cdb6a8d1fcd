/**
 * Gateway faults beyond a dropped socket, as Discord's gateway shows them: an outage that keeps new
 * connections waiting for HELLO, and a zombie connection whose socket stays open while nothing
 * crosses it (heartbeats go unanswered, dispatches never arrive). The gateway asks this state
 * before it greets a socket, answers a frame or writes to one.
 */
import type { ServerWebSocket } from 'bun';
import type { GatewaySocketData } from './gateway-protocol.ts';

type Socket = ServerWebSocket<GatewaySocketData>;

/** Which sockets are held or silent; one per gateway. */
export class GatewayFaultState {
  #holding = false;
  readonly #waiting = new Set<Socket>();
  readonly #silent = new WeakSet<Socket>();

  constructor(private readonly greet: (ws: Socket) => void) {}

  /** Called when a socket opens: greets it now, or keeps it waiting while an outage is held. */
  admit(ws: Socket): void {
    if (this.#holding) this.#waiting.add(ws);
    else this.greet(ws);
  }

  /** Called when a socket closes, so a release does not greet it. */
  forget(ws: Socket): void {
    this.#waiting.delete(ws);
  }

  /**
   * New connections get no HELLO until the returned function is called; then every socket still
   * waiting is greeted. A client sees its socket open and nothing more, as in a gateway outage.
   */
  hold(): () => void {
    this.#holding = true;
    return () => {
      this.#holding = false;
      const waiting = [...this.#waiting];
      this.#waiting.clear();
      for (const ws of waiting) this.greet(ws);
    };
  }

  /** `sockets` go silent both ways for good; the client must notice and reconnect. */
  silence(sockets: Iterable<Socket>): void {
    for (const ws of sockets) this.#silent.add(ws);
  }

  /** True for a zombie socket: frames from it are ignored, nothing is written to it. */
  isSilent(ws: Socket): boolean {
    return this.#silent.has(ws);
  }
}
