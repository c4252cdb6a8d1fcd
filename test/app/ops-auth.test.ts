import { describe, expect, test } from 'bun:test';
import { COOKIE_MAX_AGE_S, createOpsGuard, OPS_COOKIE } from '../../src/app/ops-auth.ts';
import { startOpsServer } from '../../src/app/ops-server.ts';
import { silentLogger } from '../../src/logger.ts';
import { bootOps } from './ops-fixtures.ts';

const TOKEN = 'a-long-ops-token-0123456789';
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/** The `name=value` part of a Set-Cookie header, ready to send back as `Cookie`. */
const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('ops server authentication', () => {
  test('GIVEN ERY_OPS_TOKEN WHEN a request has no token THEN 401 JSON saying what to send, on every route', async () => {
    const { json } = bootOps({ token: TOKEN, mounts: { '/inspector': () => new Response('page') } });
    for (const path of ['/healthz', '/metrics', '/api/actors', '/api/actors/1', '/inspector', '/nope']) {
      const { status, body } = await json(path);
      expect({ path, status }).toEqual({ path, status: 401 });
      expect(body.error).toContain('Authorization: Bearer <ERY_OPS_TOKEN>');
    }
  });

  test('GIVEN ERY_OPS_TOKEN WHEN the bearer token is wrong, or the header is not a bearer THEN 401 saying which', async () => {
    const { json, fetch } = bootOps({ token: TOKEN });
    expect(await json('/healthz', bearer(`${TOKEN}x`))).toEqual({
      status: 401,
      body: { error: 'the bearer token does not match ERY_OPS_TOKEN' },
    });
    expect((await json('/healthz', bearer(TOKEN.slice(0, 4)))).status).toBe(401);
    const basic = await fetch('/healthz', { headers: { authorization: `Basic ${btoa(`ery:${TOKEN}`)}` } });
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toBe('Bearer realm="ery-ops"');
    expect(((await basic.json()) as { error: string }).error).toContain('must be "Bearer <ERY_OPS_TOKEN>"');
  });

  test('GIVEN ERY_OPS_TOKEN WHEN the right bearer token is sent THEN every route is served', async () => {
    const { fetch } = bootOps({ token: TOKEN });
    expect((await fetch('/healthz', bearer(TOKEN))).status).toBe(200);
    expect((await fetch('/api/actors', bearer(TOKEN))).status).toBe(200);
    expect((await fetch('/metrics', { headers: { Authorization: `bearer  ${TOKEN}` } })).status).toBe(200);
  });

  test('GIVEN a browser opening a page with ?token= THEN it is sent back without the token and with an HttpOnly cookie that serves later visits', async () => {
    const { fetch } = bootOps({ token: TOKEN, mounts: { '/inspector': () => new Response('page') } });
    const first = await fetch(`/inspector/channel?id=5&token=${TOKEN}`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/inspector/channel?id=5');
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toStartWith(`${OPS_COOKIE}=`);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain(TOKEN);
    const later = await fetch('/inspector/channel?id=5', {
      headers: { cookie: `theme=dark; ${cookieOf(first)}` },
    });
    expect(await later.text()).toBe('page');
    expect((await fetch('/api/actors', { headers: { cookie: cookieOf(first) } })).status).toBe(200);
  });

  test('GIVEN a wrong ?token=, a forged cookie, or a cookie from another token THEN 401', async () => {
    const { json } = bootOps({ token: TOKEN });
    expect((await json('/healthz?token=guess')).body.error).toBe(
      'the ?token= given does not match ERY_OPS_TOKEN',
    );
    expect((await json('/healthz', { headers: { cookie: `${OPS_COOKIE}=forged` } })).status).toBe(401);
    const other = bootOps({ token: `${TOKEN}-rotated` });
    const cookie = cookieOf(await other.fetch(`/healthz?token=${TOKEN}-rotated`));
    const stale = await json('/healthz', { headers: { cookie } });
    expect(stale.status).toBe(401);
    expect(stale.body.error).toContain('?token=<ERY_OPS_TOKEN>');
  });

  test('GIVEN ?token= on a write THEN 401 pointing to the header (a redirect would lose the body)', async () => {
    const { json } = bootOps({ token: TOKEN });
    const { status, body } = await json(`/api/config/global?token=${TOKEN}`, { method: 'PUT', body: '{}' });
    expect(status).toBe(401);
    expect(body.error).toContain('Authorization: Bearer');
  });

  test('GIVEN no ERY_OPS_TOKEN THEN requests are served without any', async () => {
    const { fetch } = bootOps();
    expect((await fetch('/healthz')).status).toBe(200);
  });

  test('GIVEN the bound server with a token THEN it asks for it over HTTP too', async () => {
    const { supervisor } = bootOps();
    const server = startOpsServer({ port: 0, supervisor, logger: silentLogger, token: TOKEN });
    try {
      expect((await fetch(`${server.url}/api/actors`)).status).toBe(401);
      expect((await fetch(`${server.url}/api/actors`, bearer(TOKEN))).status).toBe(200);
      const first = await fetch(`${server.url}/api/actors?token=${TOKEN}`, { redirect: 'manual' });
      expect(first.status).toBe(303);
      const cookie = cookieOf(first);
      expect((await fetch(`${server.url}/api/actors`, { headers: { cookie } })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('ops server sign-in, hardened', () => {
  test.each([
    ['//evil.example/', '/evil.example/'],
    ['/\\evil.example/', '/evil.example/'],
    ['///evil.example/x?y=1', '/evil.example/x?y=1'],
    ['/inspector', '/inspector'],
  ])('GIVEN ?token= on %s THEN the redirect stays on this server (%s)', async (path, location) => {
    const guard = createOpsGuard(TOKEN);
    const separator = path.includes('?') ? '&' : '?';
    const response = guard(new Request(`http://127.0.0.1:3000${path}${separator}token=${TOKEN}`));
    expect(response?.status).toBe(303);
    expect(response?.headers.get('location')).toBe(location);
    // Resolved as a browser does, against the page it came from: the same origin.
    expect(new URL(location, 'http://127.0.0.1:3000/').origin).toBe('http://127.0.0.1:3000');
  });

  test('GIVEN several ery_ops cookies THEN the request passes when any of them is valid', async () => {
    const { fetch } = bootOps({ token: TOKEN });
    const cookie = cookieOf(await fetch(`/healthz?token=${TOKEN}`));
    const both = await fetch('/healthz', { headers: { cookie: `${OPS_COOKIE}=x; theme=dark; ${cookie}` } });
    expect(both.status).toBe(200);
    expect(
      (await fetch('/healthz', { headers: { cookie: `${OPS_COOKIE}=x; ${OPS_COOKIE}=y` } })).status,
    ).toBe(401);
  });

  test('GIVEN a page opened over https THEN the cookie is Secure; over http it is not', () => {
    const guard = createOpsGuard(TOKEN);
    const over = (scheme: string) =>
      guard(new Request(`${scheme}://ops.example/inspector?token=${TOKEN}`))?.headers.get('set-cookie') ?? '';
    expect(over('https')).toEndWith('; Secure');
    expect(over('http')).not.toContain('Secure');
  });

  test('GIVEN a cookie older than a week THEN the server refuses it, whatever the browser kept; a forged issue time is refused too', () => {
    let now = Date.UTC(2025, 4, 1);
    const guard = createOpsGuard(TOKEN, { now: () => now });
    const set =
      guard(new Request(`http://127.0.0.1/healthz?token=${TOKEN}`))?.headers.get('set-cookie') ?? '';
    const cookie = set.split(';')[0] as string;
    const visit = (value: string) =>
      guard(new Request('http://127.0.0.1/healthz', { headers: { cookie: value } }))?.status ?? 200;
    now += (COOKIE_MAX_AGE_S - 60) * 1000;
    expect(visit(cookie)).toBe(200);
    const [name, value] = cookie.split('=') as [string, string];
    const [issued, mac] = value.split('.') as [string, string];
    expect(visit(`${name}=${Number(issued) + 3600}.${mac}`)).toBe(401);
    now += 120 * 1000;
    expect(visit(cookie)).toBe(401);
  });
});
