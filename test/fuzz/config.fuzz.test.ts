/**
 * Issue 11 §4: every environment variable of src/domain/config.ts with arbitrary strings. Each is
 * either accepted with a valid typed value or refused with a ConfigError of one line naming the
 * variable; nothing else is ever thrown.
 */
import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { EnvSchema, loadEnv, SECRET_VARIABLES } from '../../src/domain/config.ts';
import { ConfigError } from '../../src/domain/errors.ts';
import { FUZZ_SEED, fuzzParams } from './fuzz-params.ts';

const NAMES = Object.keys(EnvSchema.shape) as Array<keyof typeof EnvSchema.shape>;
const WHOLE_NUMBERS = NAMES.filter((name) =>
  /_(MS|SIZE|RUNNING|RUNNING_PER_GUILD|PORT|MESSAGES)$/.test(name),
);
const SECRETS: readonly string[] = SECRET_VARIABLES;

/** Strings a person (or a broken deploy script) might put in a variable. */
const value = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt().map(String),
  fc.constantFrom(
    '0',
    '1',
    'true',
    'false',
    '-0',
    '1e3',
    '0x10',
    'Infinity',
    'NaN',
    ' 5 ',
    '5\n6',
    '~/x',
    'db/',
  ),
  fc.webUrl().map((url) => url),
  fc.constantFrom(
    'ws://127.0.0.1:1',
    'http://[::1]:80',
    'wss://user:pw@host/?token=t',
    '0.0.0.0',
    '::1',
    'localhost',
  ),
  fc.integer({ min: 0, max: 20_000 }).map((n) => '9'.repeat(n % 400)),
);

/** What loadEnv does with `source`: the env, or the refusal. Anything else fails the property. */
function load(source: Record<string, string>) {
  try {
    return { env: loadEnv(source) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { error };
  }
}

describe(`fuzzed environment (ERY_FUZZ_SEED=${FUZZ_SEED})`, () => {
  test('GIVEN one variable with any string THEN it is taken as a valid typed value or refused in one line naming it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), value, (name, given) => {
        const { env, error } = load({ [name]: given });
        if (error) {
          expect(error.message.split('\n')).toHaveLength(1);
          expect(error.variable).toBe(name);
          expect(error.message.startsWith(`${name}: `)).toBe(true);
          // A secret's value is never repeated back.
          if (SECRETS.includes(name) && given.trim().length > 3)
            expect(error.message).not.toContain(given.trim());
          return;
        }
        const taken = env?.[name];
        if ((WHOLE_NUMBERS as string[]).includes(name)) expect(Number.isSafeInteger(taken)).toBe(true);
        // The result is what the schema itself gives, typed.
        expect(
          EnvSchema.safeParse(Object.fromEntries(given.trim() ? [[name, given.trim()]] : [])).success,
        ).toBe(true);
      }),
      fuzzParams(300),
    );
  });

  test('GIVEN several variables with any strings THEN a refusal is one line naming one of them', () => {
    const several = fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 6 });
    fc.assert(
      fc.property(several, (source) => {
        const { error } = load(source);
        if (!error) return;
        expect(error.message.split('\n')).toHaveLength(1);
        expect(Object.keys(source)).toContain(error.variable);
      }),
      fuzzParams(200),
    );
  });
});
