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
      expect(loadEnv({ ERY_HTTP_HOST: host }).ERY_HTTP_HOST).toBe(host);
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

  test('GIVEN a short ERY_OPS_TOKEN THEN one line asks for a longer one without repeating the secret', () => {
    const message = refusal({ ERY_OPS_TOKEN: 'hunter2' });
    expect(message).toStartWith('ERY_OPS_TOKEN: must be at least 16 characters');
    expect(message).not.toContain('hunter2');
  });
});
