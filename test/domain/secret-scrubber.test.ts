import { describe, expect, test } from 'bun:test';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { MIN_SCRUBBED_LENGTH, secretScrubber } from '../../src/domain/secret-scrubber.ts';
import { createLogger } from '../../src/logger.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAw.GxYz12.abcDEF-ghi_JKLmnoPQRstuVWXyz0123456789';
const KEY = 'sk-or-v1-0123456789abcdef"quoted"\\slash/plus+space &amp';

describe('GIVEN configured secrets', () => {
  const scrub = secretScrubber([TOKEN, KEY, undefined]);

  test('THEN each is replaced as given, as JSON quotes it and URL-encoded, and the rest of the text stays', () => {
    const text = `login ${TOKEN} failed; body ${JSON.stringify({ key: KEY })} url https://x/?k=${encodeURIComponent(KEY)}`;
    const out = scrub(text);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(JSON.stringify(KEY).slice(1, -1));
    expect(out).not.toContain(encodeURIComponent(KEY));
    expect(out).toBe('login [redacted] failed; body {"key":"[redacted]"} url https://x/?k=[redacted]');
  });

  test('THEN a secret that contains another is scrubbed whole', () => {
    const inner = 'abcdefgh12';
    expect(secretScrubber([inner, `${inner}-outer`])(`x ${inner}-outer y ${inner}`)).toBe(
      'x [redacted] y [redacted]',
    );
  });

  test(`THEN values shorter than ${MIN_SCRUBBED_LENGTH} characters and unset ones leave every text as it is`, () => {
    const none = secretScrubber(['short', '', undefined]);
    fc.assert(fc.property(fc.string(), (text) => none(text) === text));
  });

  test('THEN any text with a secret inserted anywhere comes out without it', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        (before, after) => !scrub(`${before}${KEY}${after}`).includes(KEY),
      ),
    );
  });
});

describe('GIVEN the logger with the configured secrets', () => {
  test('THEN no line carries them, whichever field, message, error or stack quotes them', async () => {
    const sink = new PassThrough();
    const chunks: string[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const logger = createLogger({ level: 'trace', pretty: false, destination: sink, secrets: [TOKEN, KEY] });
    logger.error(
      { event: 'llm.failed', err: new Error(`Incorrect API key provided: ${KEY}`) },
      'model refused',
    );
    logger.warn({ event: 'discord.login', detail: { nested: [`Bot ${TOKEN}`] } }, `logging in with ${TOKEN}`);
    logger.info({ event: 'ops.request', path: `/inspector?token=${encodeURIComponent(KEY)}` }, 'request');
    logger.flush();
    await Bun.sleep(10);
    const written = chunks.join('');
    expect(written.split('\n').filter(Boolean)).toHaveLength(3);
    expect(written).not.toContain(TOKEN);
    expect(written).not.toContain('0123456789abcdef');
    expect(written).toContain('Incorrect API key provided: [redacted]');
    expect(written).toContain('logging in with [redacted]');
  });
});
