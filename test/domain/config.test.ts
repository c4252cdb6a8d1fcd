import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { ChannelSettingsOverride } from '../../src/domain/channel-settings.ts';
import { EnvSchema, loadEnv } from '../../src/domain/config.ts';
import { ConfigError } from '../../src/domain/errors.ts';
import { SETTING_LIMITS } from '../../src/domain/setting-limits.ts';

/** The one-line error `loadEnv` throws for `source`, or a test failure when it accepts it. */
function refusal(source: Record<string, string>): ConfigError {
  try {
    loadEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message.split('\n')).toHaveLength(1);
    return error as ConfigError;
  }
  throw new Error(`loadEnv accepted ${JSON.stringify(source)}`);
}

/** Each timing variable and the ops-API field that overrides it. */
const TIMINGS = {
  ERY_BATCH_WINDOW_MS: 'batchWindowMs',
  ERY_COOLDOWN_MS: 'cooldownMs',
  ERY_IDLE_TIMEOUT_MS: 'idleTimeoutMs',
  ERY_THREAD_TIMEOUT_MS: 'threadTimeoutMs',
} as const;

describe('environment config', () => {
  test('GIVEN an empty environment THEN every default applies', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      ERY_BATCH_SIZE: 5,
      ERY_BATCH_WINDOW_MS: 30_000,
      ERY_IDLE_TIMEOUT_MS: 300_000,
    });
    expect(env.DISCORD_TOKEN).toBeUndefined();
  });

  test('GIVEN ERY_DMS THEN DMs are off by default, 1 or true turns them on, and a bad value names ERY_DMS', () => {
    expect(loadEnv({}).ERY_DMS).toBe(false);
    expect(loadEnv({ ERY_DMS: '1' }).ERY_DMS).toBe(true);
    expect(loadEnv({ ERY_DMS: 'true' }).ERY_DMS).toBe(true);
    expect(loadEnv({ ERY_DMS: 'false' }).ERY_DMS).toBe(false);
    expect(refusal({ ERY_DMS: 'yes please' }).message).toMatch(/^ERY_DMS:/);
  });

  test('GIVEN a bad value THEN one line names the variable and says what to do', () => {
    let error: unknown;
    try {
      loadEnv({ ERY_MAX_RUNNING: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message.startsWith('ERY_MAX_RUNNING:')).toBe(true);
    expect(message).toContain('.env.example');
    expect(message.split('\n')).toHaveLength(1);
  });

  test('GIVEN numbers a person would not read as plain whole numbers THEN each is refused naming the variable', () => {
    for (const value of ['0x10', '0b11', '1e2', '.5e1', '5.0', '+5', 'five']) {
      expect({ value, thrown: thrownMessage(() => loadEnv({ ERY_BATCH_SIZE: value })) }).toEqual({
        value,
        thrown: expect.stringMatching(/^ERY_BATCH_SIZE:/),
      });
    }
    expect(loadEnv({ ERY_BATCH_SIZE: '12' }).ERY_BATCH_SIZE).toBe(12);
  });

  test('GIVEN a DISCORD_TOKEN with a line break or a space inside THEN one line names it and says to paste it again', () => {
    for (const token of ['abc\ndef', 'abc def', 'abc\u00e9'])
      expect(refusal({ DISCORD_TOKEN: token }).message).toMatch(/^DISCORD_TOKEN: .*paste the token/);
    expect(loadEnv({ DISCORD_TOKEN: 'MTIz.abc-_.def' }).DISCORD_TOKEN).toBe('MTIz.abc-_.def');
  });

  test('GIVEN an API URL with a trailing slash THEN the slash is dropped (discord.js appends /v10 itself)', () => {
    expect(loadEnv({ DISCORD_API_URL: 'http://127.0.0.1:3001/api/' }).DISCORD_API_URL).toBe(
      'http://127.0.0.1:3001/api',
    );
    expect(loadEnv({}).DISCORD_API_URL).toBe('https://discord.com/api');
  });

  test('GIVEN ERY_INSPECT THEN 0 and 1 keep their meaning, a ws:// URL adds a Stately sink, anything else is refused naming it', () => {
    expect(loadEnv({}).ERY_INSPECT).toEqual({ stream: false, sink: null });
    expect(loadEnv({ ERY_INSPECT: '0' }).ERY_INSPECT).toEqual({ stream: false, sink: null });
    expect(loadEnv({ ERY_INSPECT: 'true' }).ERY_INSPECT).toEqual({ stream: true, sink: null });
    expect(loadEnv({ ERY_INSPECT: 'ws://127.0.0.1:8080' }).ERY_INSPECT).toEqual({
      stream: true,
      sink: 'ws://127.0.0.1:8080',
    });
    expect(loadEnv({ ERY_INSPECT: 'wss://inspect.example/ery' }).ERY_INSPECT.sink).toBe(
      'wss://inspect.example/ery',
    );
    for (const value of ['2', 'yes', 'http://127.0.0.1:8080', 'ws://']) {
      const message = refusal({ ERY_INSPECT: value }).message;
      expect(message).toStartWith('ERY_INSPECT: must be 0, 1, or the ws://');
      expect(message).toContain(JSON.stringify(value));
    }
  });

  test('GIVEN a comma list of fallback models THEN it becomes a clean ordered list', () => {
    expect(loadEnv({ LLM_FALLBACK_MODELS: ' a , b,,c ' }).LLM_FALLBACK_MODELS).toEqual(['a', 'b', 'c']);
  });

  test('GIVEN .env.example THEN it lists exactly the variables Ery reads, with valid defaults', () => {
    const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const entries = Object.fromEntries(
      text
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(Object.keys(entries).sort()).toEqual(Object.keys(EnvSchema.shape).sort());
    expect(() => loadEnv(entries)).not.toThrow();
  });

  test('GIVEN every variable set to an empty or blank value THEN each means unset and its default applies', () => {
    const defaults = loadEnv({});
    for (const name of Object.keys(EnvSchema.shape)) {
      for (const value of ['', '  ']) {
        expect({ name, value, env: loadEnv({ [name]: value }) }).toEqual({ name, value, env: defaults });
      }
    }
  });

  test('GIVEN a .env with every variable empty THEN it starts like no .env at all', () => {
    const empty = Object.fromEntries(Object.keys(EnvSchema.shape).map((name) => [name, '']));
    expect(loadEnv(empty)).toEqual(loadEnv({}));
    expect(loadEnv(empty).ERY_BATCH_WINDOW_MS).toBe(30_000);
    expect(loadEnv(empty).ERY_HTTP_PORT).toBe(3000);
  });

  test('GIVEN a timing past its maximum (3000000000 ms overflows timers) THEN one line names the variable and its range', () => {
    const names = Object.keys(EnvSchema.shape).filter((name) => name.endsWith('_MS'));
    expect(names.sort()).toEqual(
      [...Object.keys(TIMINGS), 'ERY_SHUTDOWN_TIMEOUT_MS', 'ERY_CATCHUP_MAX_AGE_MS'].sort(),
    );
    for (const name of names) {
      // A channel timing is at most a day; catch-up's age a week; a stop ten minutes.
      const pastMax =
        name in TIMINGS ? '86400001' : name === 'ERY_CATCHUP_MAX_AGE_MS' ? '604800001' : '600001';
      for (const value of ['3000000000', '2147483648', pastMax, '1e12', '1.5']) {
        const message = refusal({ [name]: value }).message;
        expect(message).toStartWith(`${name}: must be a whole number from `);
        expect(message).toContain(JSON.stringify(value));
      }
    }
  });

  test('GIVEN a timing at its maximum through the env or the ops API THEN both accept it, and one more ms is refused by both', () => {
    for (const name of Object.keys(TIMINGS) as Array<keyof typeof TIMINGS>) {
      const field = TIMINGS[name];
      const max = SETTING_LIMITS[field].max;
      expect(max).toBeLessThanOrEqual(2_147_483_647);
      expect(loadEnv({ [name]: String(max) })[name]).toBe(max);
      expect(ChannelSettingsOverride.safeParse({ [field]: max }).success).toBe(true);
      expect(refusal({ [name]: String(max + 1) }).variable).toBe(name);
      expect(ChannelSettingsOverride.safeParse({ [field]: max + 1 }).success).toBe(false);
      expect(ChannelSettingsOverride.safeParse({ [field]: 3_000_000_000 }).success).toBe(false);
    }
  });

  test('GIVEN ERY_DB_PATH ending in "/" THEN one line names ERY_DB_PATH and asks for a file', () => {
    for (const path of ['/tmp/newdir/', 'data/', '/']) {
      const error = refusal({ ERY_DB_PATH: path });
      expect(error.variable).toBe('ERY_DB_PATH');
      expect(error.message).toContain('names a folder');
    }
  });

  test('GIVEN ERY_DB_PATH starting with "~" THEN one line names ERY_DB_PATH and says to use an absolute path or $HOME', () => {
    for (const path of ['~/ery.db', '~', '~/data/ery.db']) {
      const error = refusal({ ERY_DB_PATH: path });
      expect(error.variable).toBe('ERY_DB_PATH');
      expect(error.message).toContain('absolute path or $HOME');
    }
    expect(loadEnv({ ERY_DB_PATH: 'data/~ery.db' }).ERY_DB_PATH).toBe('data/~ery.db');
  });

  test('GIVEN ERY_HTTP_PORT equal to ERY_PLAYGROUND_PORT THEN one line names both; 0 for both is allowed', () => {
    for (const port of ['3001', '3000', '8080']) {
      const error = refusal({ ERY_HTTP_PORT: port, ERY_PLAYGROUND_PORT: port });
      expect(error.message).toStartWith('ERY_HTTP_PORT: ');
      expect(error.message).toContain('ERY_PLAYGROUND_PORT');
    }
    expect(() => loadEnv({ ERY_HTTP_PORT: '0', ERY_PLAYGROUND_PORT: '0' })).not.toThrow();
  });
  test('GIVEN LLM_VISION THEN 0, 1 or model ids are taken, and a switch word or another number is refused', () => {
    expect(loadEnv({}).LLM_VISION).toBe(false);
    expect(loadEnv({ LLM_VISION: '1' }).LLM_VISION).toBe(true);
    expect(loadEnv({ LLM_VISION: 'openai/gpt-4o, qwen2.5-vl' }).LLM_VISION).toEqual([
      'openai/gpt-4o',
      'qwen2.5-vl',
    ]);
    for (const value of ['2', 'true', 'on', 'yes', '1,0', ' , ', 'a b'])
      expect(refusal({ LLM_VISION: value }).message).toContain(
        'LLM_VISION: use 0, 1, or a comma-separated list',
      );
  });
});

/** The message of what `run` throws, or undefined when it throws nothing. */
function thrownMessage(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return undefined;
}
