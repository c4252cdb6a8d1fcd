/** The browser tests' launcher: a machine with no usable browser gets one line that says what to do. */
import { describe, expect, test } from 'bun:test';
import { isKept, launchFirst, NoBrowserError } from '../support/chromium.ts';

describe('browser launcher', () => {
  test('GIVEN no candidate starts THEN one line names each reason and says what to do', async () => {
    const attempt = launchFirst([
      { name: 'absent', resolve: async () => undefined },
      { name: 'CHROME_PATH', resolve: async () => ({ executablePath: '/nonexistent/chrome', args: [] }) },
    ]);
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NoBrowserError);
    const message = (error as NoBrowserError).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('CHROME_PATH: ');
    expect(message).toContain('npm ci');
  });
});

describe("@sparticuz/chromium's flags", () => {
  test('GIVEN its AWS Lambda defaults THEN the tests keep its rendering flags and drop single-process and the web-security switches', async () => {
    const { default: packaged } = await import('@sparticuz/chromium');
    const kept = packaged.args.filter(isKept);
    for (const flag of [
      '--single-process',
      '--no-zygote',
      '--disable-web-security',
      '--allow-running-insecure-content',
    ]) {
      expect(packaged.args).toContain(flag);
      expect(kept).not.toContain(flag);
    }
    expect(kept.some((flag) => flag.startsWith('--disable-features='))).toBe(false);
    expect(kept).toContain('--use-angle=swiftshader');
  });
});
