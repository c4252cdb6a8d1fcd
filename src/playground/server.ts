/**
 * Bun.serve wiring: one port for the REST API (`/api/v10/...`), the gateway WebSocket
 * (`/gateway`) and whatever `extraFetch` serves (the web chat).
 */
import type { Server } from 'bun';
import type { Logger } from 'pino';
import type { Gateway, GatewaySocketData } from './gateway.ts';
import { handleRest, type RestDeps } from './rest/handle.ts';

/** What the HTTP server routes to. */
export interface ServerDeps {
  port: number;
  host: string;
  gateway: Gateway;
  rest: RestDeps;
  logger: Logger;
  extraFetch?: (req: Request) => Response | Promise<Response> | undefined;
}

/** The API prefix discord.js uses (`rest.api` + `/v10`). */
export const API_PREFIX = '/api/v10';
/** Where the gateway listens. */
export const GATEWAY_PATH = '/gateway';

/** Starts listening; the returned server knows its real port (useful with port 0). */
export function listen(deps: ServerDeps): Server<GatewaySocketData> {
  const server = Bun.serve<GatewaySocketData>({
    port: deps.port,
    hostname: deps.host,
    async fetch(req, srv) {
      const url = new URL(req.url);
      if (url.pathname === GATEWAY_PATH || url.pathname === `${GATEWAY_PATH}/`) {
        if (srv.upgrade(req, { data: deps.gateway.socketData() })) return undefined;
        return new Response('Expected a WebSocket upgrade', { status: 426 });
      }
      if (deps.extraFetch) {
        const extra = await deps.extraFetch(req);
        if (extra) return extra;
      }
      if (url.pathname.startsWith(`${API_PREFIX}/`)) {
        return handleRest(deps.rest, req, url.pathname.slice(API_PREFIX.length), url);
      }
      return Response.json({ message: '404: Not Found', code: 0 }, { status: 404 });
    },
    websocket: {
      open: (ws) => deps.gateway.open(ws),
      message: (ws, message) => deps.gateway.message(ws, message),
      close: (ws, code) => deps.gateway.close(ws, code),
      // discord.js never asks for compression here; plain JSON text frames.
      perMessageDeflate: false,
    },
    error(error) {
      deps.logger.error({ event: 'playground.server.error', err: error }, 'playground server error');
      return Response.json({ message: '500: Internal Server Error', code: 0 }, { status: 500 });
    },
  });
  return server;
}
