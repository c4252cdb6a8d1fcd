import { describe, expect, test } from 'bun:test';
import { loadEnv } from '../../src/domain/config.ts';
import { ConfigError } from '../../src/domain/errors.ts';
import { isLoopbackHost } from '../../src/domain/ops-binding.ts';

const TOKEN = '0123456789abcdef0123';

/** The one-line message `loadEnv` throws for `source`. */
function refusal(source: Record<string, string>): string {
  try {
    loadEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error(`loadEnv accepted ${JSON.stringify(source)}`);
}

describe('ops server binding config', () => {
  test('GIVEN nothing set THEN the ops server binds 127.0.0.1 with no token', () => {
    const env = loadEnv({});
    expect(env.ERY_HTTP_HOST).toBe('127.0.0.1');
    expect(env.ERY_OPS_TOKEN).toBeUndefined();
  });

  test('GIVEN a non-loopback host and no ERY_OPS_TOKEN THEN start-up stops with one line naming ERY_HTTP_HOST and ERY_OPS_TOKEN', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
      const message = refusal({ ERY_HTTP_HOST: host });
      expect(message).toStartWith(`ERY_HTTP_HOST: binds ${host}, which other machines can reach`);
      expect(message).toContain('set ERY_OPS_TOKEN');
    }
  });

  test('GIVEN a non-loopback host and a token THEN it is accepted', () => {
    expect(loadEnv({ ERY_HTTP_HOST: '0.0.0.0', ERY_OPS_TOKEN: TOKEN })).toMatchObject({
      ERY_HTTP_HOST: '0.0.0.0',
      ERY_OPS_TOKEN: TOKEN,
    });
  });

  test('GIVEN a loopback host in any spelling THEN no token is needed', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      'localhost',
      '::1',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
    ]) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: true });
      // Kept as given, brackets aside: `[::1]` binds as `::1`.
      expect(loadEnv({ ERY_HTTP_HOST: host }).ERY_HTTP_HOST).toBe(host === '[::1]' ? '::1' : host);
    }
    for (const host of ['0.0.0.0', '::', '::ffff:10.0.0.1', '10.0.0.127', 'localhost.example.org']) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: false });
    }
  });

  test('GIVEN a URL, an address with a port or a host name as host THEN one line says what to give instead, token or not', () => {
    for (const host of ['http://0.0.0.0', '127.0.0.1:3000 ', 'my host', 'not-a-host', 'ery.example.org']) {
      for (const token of [{}, { ERY_OPS_TOKEN: TOKEN }] as Array<Record<string, string>>) {
        expect(refusal({ ERY_HTTP_HOST: host, ...token })).toStartWith(
          'ERY_HTTP_HOST: must be an IP address',
        );
      }
    }
  });

  test.each(['127.999.0.1', '256.0.0.1', ':::1', '0177.0.0.1', '127.1', '1.2.3'])(
    'GIVEN ERY_HTTP_HOST=%s, which looks like an address but is none THEN one line refuses it at start-up',
    (host) => {
      for (const token of [{}, { ERY_OPS_TOKEN: TOKEN }] as Array<Record<string, string>>) {
        expect(refusal({ ERY_HTTP_HOST: host, ...token })).toStartWith(
          'ERY_HTTP_HOST: must be an IP address',
        );
      }
      expect(isLoopbackHost(host)).toBe(false);
    },
  );

  test.each([
    ['too long', 'x'.repeat(1025), 'at most 1024 characters'],
    ['with a blank', 'abcdefgh ijklmnopqrstu', 'printable ASCII without blanks'],
    ['not ASCII', 'ééééééééééééééééé', 'printable ASCII without blanks'],
    ['with a control character', `abcdefgh\u0007ijklmnopq`, 'printable ASCII without blanks'],
  ])('GIVEN an ERY_OPS_TOKEN %s THEN one line refuses it without repeating it', (_what, token, words) => {
    const message = refusal({ ERY_OPS_TOKEN: token });
    expect(message).toStartWith(`ERY_OPS_TOKEN: must be`);
    expect(message).toContain(words);
    expect(message).toContain('openssl rand -hex 32');
    expect(message).not.toContain(token.slice(0, 12));
  });

  test('GIVEN an ERY_OPS_TOKEN of 16 to 1024 printable characters THEN it is taken', () => {
    for (const token of ['!#$%&()*+,-./:;<=>?@[]^_{|}~0123', 'a'.repeat(1024)])
      expect(loadEnv({ ERY_OPS_TOKEN: token }).ERY_OPS_TOKEN).toBe(token);
  });

  test('GIVEN a short ERY_OPS_TOKEN THEN one line asks for a longer one without repeating the secret', () => {
    const message = refusal({ ERY_OPS_TOKEN: 'hunter2' });
    expect(message).toStartWith('ERY_OPS_TOKEN: must be at least 16 characters');
    expect(message).not.toContain('hunter2');
  });
});
