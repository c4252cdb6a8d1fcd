import { describe, expect, test } from 'bun:test';
import { loadEnv } from '../../src/domain/config.ts';
import { ConfigError } from '../../src/domain/errors.ts';
import { redactUrl, redactUrlsIn } from '../../src/domain/redact-url.ts';
import { createLogger } from '../../src/logger.ts';

describe('URLs in logs and errors', () => {
  test.each([
    ['ws://user:pass@host/x?token=abc', 'ws://user:[redacted]@host/x?token=[redacted]'],
    ['wss://host:9000/ery', 'wss://host:9000/ery'],
    ['ws://user@host/', 'ws://user@host/'],
    ['ws://u:p@ss@host?a=1&b&c=3#k=v', 'ws://u:[redacted]@host?a=[redacted]&b&c=[redacted]#k=[redacted]'],
    ['not a url', 'not a url'],
  ])('GIVEN %s THEN it is shown as %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  test('GIVEN text with URLs and scheme-less secrets THEN each is redacted and the rest kept', () => {
    expect(redactUrlsIn('cannot reach "http://a:b@h:1/v1?key=zz" (refused)')).toBe(
      'cannot reach "http://a:[redacted]@h:1/v1?key=[redacted]" (refused)',
    );
    expect(redactUrlsIn('wss:/user:hunter2@host?token=abc')).not.toMatch(/hunter2|abc/);
  });

  test.each([
    'ws//user:hunter2@host/x?token=abc',
    'http://user:hunter2@host/x?token=abc',
    'wss:/user:hunter2@host?token=abc',
  ])(
    'GIVEN ERY_INSPECT=%s, which is refused THEN the one-line error echoes it without the secrets',
    (value) => {
      let error: unknown;
      try {
        loadEnv({ ERY_INSPECT: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toStartWith('ERY_INSPECT: must be 0, 1, or the ws://');
      expect(message).toContain('[redacted]');
      expect(message).not.toMatch(/hunter2|abc/);
    },
  );

  test('GIVEN a log line with a url field THEN Ery’s logger writes it without its password or query values', () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
    logger.info({ event: 'inspect.sink.started', url: 'ws://user:hunter2@host/x?token=abc' }, 'sink');
    logger.info({ event: 'test.nested', sink: { url: 'http://a:b@h/?k=v' } }, 'nested');
    expect(lines.join('')).not.toMatch(/hunter2|token=abc|a:b@|k=v/);
    expect(JSON.parse(lines[0] as string).url).toBe('ws://user:[redacted]@host/x?token=[redacted]');
  });
});
