import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { EnvSchema, loadEnv } from '../../src/domain/config.ts';
import { ConfigError } from '../../src/domain/errors.ts';

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
});
