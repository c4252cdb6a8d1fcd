import { describe, expect, test } from 'bun:test';
import { listenOn } from '../../src/app/listen.ts';
import { startOpsServer } from '../../src/app/ops-server.ts';
import { EryError } from '../../src/domain/errors.ts';
import { silentLogger } from '../../src/logger.ts';
import { bootOps } from './ops-fixtures.ts';

const OPS = {
  port: { variable: 'ERY_HTTP_PORT', value: 3000 },
  host: { variable: 'ERY_HTTP_HOST', value: 'fe80::1' },
};

/** The error `listenOn` throws when binding throws `thrown`. */
async function refusal(thrown: unknown, target = OPS): Promise<EryError> {
  const error = await listenOn(target, () => {
    throw thrown;
  }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(EryError);
  expect((error as EryError).message.split('\n')).toHaveLength(1);
  expect((error as EryError).cause).toBe(thrown);
  return error as EryError;
}

const failure = (code: string, message = `${code}: failed, listen`) =>
  Object.assign(new Error(message), { code });

describe('binding a server', () => {
  test('GIVEN any failure to bind THEN one line names the variables to change', async () => {
    expect((await refusal(failure('EADDRINUSE'))).message).toStartWith(
      'ERY_HTTP_PORT: port 3000 is already in use',
    );
    expect((await refusal(failure('EACCES'))).message).toStartWith(
      'ERY_HTTP_PORT: port 3000 needs privileges',
    );
    expect((await refusal(failure('EADDRNOTAVAIL'))).message).toStartWith(
      'ERY_HTTP_HOST: fe80::1 is no address of this machine',
    );
    const invalid = await refusal(failure('EINVAL', 'EINVAL: invalid argument, listen\n    at stack'));
    expect(invalid.code).toBe('CANNOT_LISTEN');
    expect(invalid.message).toBe(
      'ERY_HTTP_HOST and ERY_HTTP_PORT: cannot listen on fe80::1 port 3000 (EINVAL: invalid argument, listen); check ERY_HTTP_HOST and ERY_HTTP_PORT (127.0.0.1 and 0 always work)',
    );
  });

  test('GIVEN a real address Bun cannot bind THEN the ops server fails with that one line, not a stack trace', async () => {
    const { supervisor } = bootOps();
    // Link-local IPv6 needs its interface: Linux refuses it (EINVAL), other systems EADDRNOTAVAIL.
    const error = await listenOn(OPS, () =>
      startOpsServer({ port: 0, hostname: 'fe80::1', supervisor, logger: silentLogger }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EryError);
    expect((error as EryError).message).toStartWith('ERY_HTTP_HOST');
  });

  test('GIVEN an error that is not about binding THEN it is thrown as it is', async () => {
    const bug = new TypeError('not a bind failure');
    expect(listenOn(OPS, () => Promise.reject(bug))).rejects.toBe(bug);
  });

  test('GIVEN ERY_HTTP_HOST=[::1] THEN the ops server binds ::1 and its address has one pair of brackets', async () => {
    const { supervisor } = bootOps();
    const server = startOpsServer({ port: 0, hostname: '[::1]', supervisor, logger: silentLogger });
    try {
      expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
