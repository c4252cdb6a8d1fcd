/** The browser tests' launcher: a machine with no usable browser gets one line that says what to do. */
import { describe, expect, test } from 'bun:test';
import { launchFirst, NoBrowserError } from '../support/chromium.ts';

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
