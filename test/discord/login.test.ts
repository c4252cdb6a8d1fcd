import { afterEach, expect, test } from 'bun:test';
import { connectDiscord } from '../../src/discord/connection.ts';
import { DiscordConnectError } from '../../src/discord/errors.ts';
import { silentLogger } from '../../src/logger.ts';

// A bare HTTP + WebSocket server, just enough to drive discord.js's login into each failure.
let server: ReturnType<typeof Bun.serve> | undefined;

afterEach(async () => {
  await server?.stop(true);
  server = undefined;
});

function serve(gatewayBot: (url: URL) => Response): string {
  server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(request, bunServer) {
      const url = new URL(request.url);
      if (url.pathname === '/gateway' && bunServer.upgrade(request, { data: undefined })) return undefined;
      if (url.pathname === '/api/v10/gateway/bot') return gatewayBot(url);
      return Response.json({ code: 0, message: '404: Not Found' }, { status: 404 });
    },
    // The socket opens but never says HELLO: the gateway is "reachable" yet never becomes ready.
    websocket: { message() {} },
  });
  return `http://127.0.0.1:${server.port}/api`;
}

const connect = (apiUrl: string, extra: { signal?: AbortSignal } = {}) =>
  connectDiscord({
    token: 'x.y.z',
    apiUrl,
    logger: silentLogger,
    onMessage: () => {},
    loginTimeoutMs: 500,
    ...extra,
  });

test('GIVEN the API answers 401 THEN login fails with DISCORD_TOKEN_INVALID', async () => {
  const apiUrl = serve(() => Response.json({ code: 0, message: '401: Unauthorized' }, { status: 401 }));
  const error = await connect(apiUrl).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(DiscordConnectError);
  expect((error as DiscordConnectError).code).toBe('DISCORD_TOKEN_INVALID');
  expect((error as DiscordConnectError).message).toContain('DISCORD_TOKEN');
});

test('GIVEN a gateway that never becomes ready THEN login times out naming DISCORD_API_URL', async () => {
  const apiUrl = serve((url) =>
    Response.json({
      url: `ws://${url.host}/gateway`,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 60_000, max_concurrency: 1 },
    }),
  );
  const error = await connect(apiUrl).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(DiscordConnectError);
  expect((error as DiscordConnectError).code).toBe('DISCORD_LOGIN_TIMEOUT');
  expect((error as DiscordConnectError).message).toContain('DISCORD_API_URL');
});

test('GIVEN an aborted signal THEN login rejects with its reason', async () => {
  const apiUrl = serve(() => Response.json({ code: 0, message: '401: Unauthorized' }, { status: 401 }));
  const controller = new AbortController();
  const reason = new Error('shutting down');
  controller.abort(reason);
  expect(await connect(apiUrl, { signal: controller.signal }).catch((caught: unknown) => caught)).toBe(
    reason,
  );
});

test('GIVEN no onMessage THEN connectDiscord refuses at once', async () => {
  const options = { token: 'x', logger: silentLogger } as unknown as Parameters<typeof connectDiscord>[0];
  expect(connectDiscord(options)).rejects.toThrow(TypeError);
});
