/**
 * Issue 11 §4: every ops endpoint that takes a body (PUT /api/config/global|guild/:id|channel/:id,
 * PUT /api/policies/:guildId) with arbitrary bytes, JSON of wrong shapes, near-valid fields, huge
 * bodies and wrong content types. Properties: an answer is a 200 only for a body the schema takes;
 * anything else is a 4xx with a JSON `{ error }` that names the problem (413 past 64 KiB); never a
 * 500; a refused body stores nothing.
 */
import { afterAll, describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { MAX_ADMIN_BODY_BYTES } from '../../src/app/ops-body.ts';
import { configOverrides, guildPolicies } from '../../src/db/schema.ts';
import { ChannelSettingsPatch, DEFAULT_CHANNEL_SETTINGS } from '../../src/domain/channel-settings.ts';
import { GuildPolicy } from '../../src/domain/guild-policy.ts';
import { adminOps } from '../app/ops-admin-fixtures.ts';
import { anyJson, anyText, FUZZ_SEED, fuzzParams } from './fuzz-params.ts';
import { snowflakeish } from './support/message-fields.ts';

const { db, supervisor, handler } = adminOps();
supervisor.start();
afterAll(() => {
  supervisor.stop();
  db.$client.close();
});

/** Everything the admin routes store. */
const stored = () => ({
  overrides: db.select().from(configOverrides).all(),
  policies: db.select().from(guildPolicies).all(),
});

const SETTING_NAMES = Object.keys(DEFAULT_CHANNEL_SETTINGS);
/** Numbers a timing field should refuse, and some it takes. */
const number = fc.oneof(
  fc.integer({ min: -5, max: 3_000_000_000 }),
  fc.constantFrom(0, -1, 1.5, 2 ** 53, 1e308, -0, 1e-7),
  fc.double(),
);
const nearConfig = fc.dictionary(
  fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...SETTING_NAMES) }, fc.string({ maxLength: 12 })),
  fc.oneof(number, fc.constant(null), anyJson(), number.map(String)),
  { maxKeys: 6 },
);
const nearPolicy = fc.record(
  {
    rules: fc.oneof(anyText(9000), anyJson()),
    roleGrants: fc.oneof(
      fc.dictionary(
        fc.constantFrom('ban_member', 'kick_member', 'add_role', 'nope'),
        fc.array(snowflakeish, { maxLength: 3 }),
      ),
      anyJson(),
    ),
    autonomous: fc.oneof(
      fc.record({ enabled: fc.oneof(fc.boolean(), anyJson()), tools: anyJson() }, { requiredKeys: [] }),
      anyJson(),
    ),
    allowMentions: fc.oneof(
      fc.record({ everyone: anyJson(), roles: fc.boolean() }, { requiredKeys: [] }),
      anyJson(),
    ),
    extra: anyJson(),
  },
  { requiredKeys: [] },
);

/** A body as bytes: JSON of any shape, near-valid JSON, broken text, or huge. */
const body = (near: fc.Arbitrary<unknown>) =>
  fc.oneof(
    near.map((value) => JSON.stringify(value)),
    anyJson().map((value) => JSON.stringify(value) ?? ''),
    fc.string({ maxLength: 60 }),
    fc.uint8Array({ maxLength: 60 }),
    fc.integer({ min: 0, max: 3_000_000 }).map((size) => `{"rules":"${'x'.repeat(size)}"}`),
    fc.integer({ min: 60_000, max: 70_000 }).map((size) => `{"rules":"${'é'.repeat(size / 2)}"}`),
    fc.constantFrom('', '{', '{"batchSize":', 'null', '[]', '{"__proto__":{"batchSize":1}}', '\u0000'),
  );
const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
);
const scopePath = fc.oneof(
  fc.constant('/api/config/global'),
  fc
    .tuple(fc.constantFrom('guild', 'channel'), fc.oneof(fc.constant('100'), snowflakeish.map(String)))
    .map(([scope, id]) => `/api/config/${scope}/${encodeURIComponent(id)}`),
);
const policyPath = fc
  .oneof(fc.constant('100'), snowflakeish.map(String))
  .map((id) => `/api/policies/${encodeURIComponent(id)}`);

/** The JSON value of `bytes`, or undefined when they are not JSON. */
function parsed(bytes: string | Uint8Array): unknown {
  try {
    return JSON.parse(
      typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes),
    );
  } catch {
    return undefined;
  }
}

async function check(
  path: string,
  bytes: string | Uint8Array,
  type: string | undefined,
  schema: { safeParse(v: unknown): { success: boolean } },
) {
  const before = stored();
  const response = await handler(
    new Request(`http://ops${path}`, {
      method: 'PUT',
      body: bytes as BodyInit,
      ...(type === undefined ? {} : { headers: { 'content-type': type } }),
    }),
  );
  const answer = { path, status: response.status, type: response.headers.get('content-type') };
  const json = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
  const size = typeof bytes === 'string' ? new TextEncoder().encode(bytes).byteLength : bytes.byteLength;
  // Past the cap: 413, unless the path was refused first.
  if (size > MAX_ADMIN_BODY_BYTES) expect([400, 404, 413]).toContain(answer.status);
  if (response.status === 200) {
    expect(schema.safeParse(parsed(bytes)).success).toBe(true);
    return;
  }
  expect({ ...answer, refused: [400, 404, 413].includes(response.status) }).toEqual({
    ...answer,
    refused: true,
    type: expect.stringContaining('application/json'),
  });
  expect(typeof json?.error === 'string' && json.error.length > 0).toBe(true);
  expect(stored()).toEqual(before);
}

describe(`fuzzed ops bodies (ERY_FUZZ_SEED=${FUZZ_SEED})`, () => {
  test('GIVEN PUT /api/config/… with any body and content type THEN a 200 only for a valid patch, else a JSON 4xx and nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(scopePath, body(nearConfig), contentType, (path, bytes, type) =>
        check(path, bytes, type, ChannelSettingsPatch),
      ),
      fuzzParams(150),
    );
  });

  test('GIVEN PUT /api/policies/:guildId with any body and content type THEN a 200 only for a valid policy, else a JSON 4xx and nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(policyPath, body(nearPolicy), contentType, (path, bytes, type) =>
        check(path, bytes, type, GuildPolicy),
      ),
      fuzzParams(150),
    );
  });

  test('GIVEN any other method on a body route THEN a JSON 4xx naming what is allowed', async () => {
    const method = fc.constantFrom('POST', 'PATCH', 'GET', 'OPTIONS');
    await fc.assert(
      fc.asyncProperty(fc.oneof(scopePath, fc.constant('/api/policies/100')), method, async (path, verb) => {
        const response = await handler(
          new Request(`http://ops${path}`, { method: verb, body: verb === 'GET' ? null : '{}' }),
        );
        if (response.status === 200) return expect(verb).toBe('GET');
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(((await response.json()) as { error: string }).error).toBeString();
      }),
      fuzzParams(30),
    );
  });
});
