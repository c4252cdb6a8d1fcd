/**
 * Issue 11 §4: every tool of src/tools called with arbitrary JSON and near-valid arguments (wrong
 * types, huge strings, negative, NaN or huge numbers, extra keys, snowflakes out of range) through
 * the real executor and Ery's real discord.js client against a playground. Properties: the executor
 * never throws, every call ends in a typed result the model can read and one audit row, and a call
 * refused as invalid reaches Discord not once.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { count } from 'drizzle-orm';
import fc from 'fast-check';
import { createSqliteAuditSink } from '../../src/db/audit-log.ts';
import { openDatabase } from '../../src/db/client.ts';
import { auditLog } from '../../src/db/schema.ts';
import { defaultGuildPolicy, parseGuildPolicy } from '../../src/domain/guild-policy.ts';
import { createToolExecutor } from '../../src/tools/executor.ts';
import type { ToolExecutor } from '../../src/tools/tool-call.ts';
import { type PlaygroundHarness, playgroundHarnesses } from '../e2e/support/attack-playground.ts';
import { recordingActions } from '../tools/attacks/recording-actions.ts';
import { runContext } from '../tools/fixtures/harness.ts';
import { IDS, WORLD_WITH_HISTORY } from '../tools/fixtures/world.ts';
import { anyJson, anyText, FUZZ_SEED, fuzzParams } from './fuzz-params.ts';
import { snowflakeish } from './support/message-fields.ts';

setDefaultTimeout(60_000);

const harnesses = playgroundHarnesses(WORLD_WITH_HISTORY);
let harness: PlaygroundHarness;
let executor: ToolExecutor;
const db = openDatabase(':memory:');
/** Audit rows written so far. */
const audited = () => db.select({ rows: count() }).from(auditLog).get()?.rows ?? 0;
/** Every call the executor made on Ery's Discord port, by method name. */
let discordCalls: string[] = [];

beforeAll(async () => {
  harness = await harnesses.create();
  // Counts calls on the real actions; each still goes to the playground.
  const counted = recordingActions(harness.actions);
  discordCalls = counted.calls;
  // Autonomous moderation on, so calls with no requester get as far as they can.
  const policy = parseGuildPolicy({
    autonomous: { enabled: true, tools: { kick_member: {}, timeout_member: { maxDurationSeconds: 600 } } },
  });
  executor = createToolExecutor({
    actions: counted.actions,
    audit: createSqliteAuditSink(db),
    policyFor: (guildId) => (guildId === IDS.guild ? policy : defaultGuildPolicy),
  });
});
afterAll(async () => {
  await harnesses.closeAll();
  db.$client.close();
});

const ids = [
  IDS.spammer,
  IDS.member,
  IDS.vip,
  IDS.owner,
  IDS.bot,
  IDS.general,
  IDS.roles.regular,
  IDS.roles.admin,
];
const messageIds = Object.values(IDS.batch);

/** A value for an argument: plausible, of the wrong type, huge, or out of range. */
const argument = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ids, ...messageIds) },
  { weight: 2, arbitrary: anyText(5000) },
  snowflakeish,
  fc.constantFrom(-1, 0, 1, 60, 604_800, 2_419_201, 1e308, -1e308, 2 ** 53 + 1, 0.5),
  fc.constantFrom('NaN', 'Infinity', '-1', '18446744073709551616', '👍', '<:x:1>', ''),
  anyJson(),
);

/** A value a careful model would give for field `name`, judged by its name. */
function plausible(name: string): fc.Arbitrary<unknown> {
  if (name === 'message_id' || name.endsWith('message_id')) return fc.constantFrom(...messageIds);
  if (name.endsWith('_id')) return fc.constantFrom(...ids);
  if (name.endsWith('_ids')) return fc.array(fc.constantFrom(...ids), { minLength: 1, maxLength: 3 });
  if (/seconds|limit|count|duration|days/.test(name)) return fc.integer({ min: 1, max: 600 });
  if (name === 'emoji') return fc.constantFrom('👍', '✅');
  return fc.string({ minLength: 1, maxLength: 60 }).filter((text) => text.trim().length > 0);
}

/**
 * Raw argument text: a plausible call with one field broken (or none), objects of the tool's own
 * fields with any values (and extra keys), or anything at all.
 */
function argumentsOf(fields: readonly string[]): fc.Arbitrary<string> {
  const careful = fc.record(Object.fromEntries(fields.map((field) => [field, plausible(field)])));
  const oneBroken =
    fields.length === 0
      ? careful
      : fc
          .tuple(careful, fc.constantFrom(...fields), argument)
          .map(([call, field, value]) => ({ ...call, [field]: value }));
  const key = fields.length > 0 ? fc.constantFrom(...fields) : fc.string({ maxLength: 10 });
  const own = fc.dictionary(key, argument, { maxKeys: Math.max(fields.length, 1) });
  const extra = fc.dictionary(fc.string({ maxLength: 10 }), argument, { maxKeys: 2 });
  return fc.oneof(
    { weight: 3, arbitrary: careful.map((call) => JSON.stringify(call)) },
    { weight: 4, arbitrary: oneBroken.map((call) => JSON.stringify(call)) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(own, fc.oneof(fc.constant({}), extra))
        .map(([a, b]) => JSON.stringify({ ...b, ...a })),
    },
    anyJson().map((value) => JSON.stringify(value) ?? ''),
    fc.string({ maxLength: 40 }),
    own.map((value) => JSON.stringify(value).replace(/\d+(?=[,}])/, 'NaN')),
    own.map((value) => JSON.stringify(value).slice(0, -1)),
  );
}

const CODE = /^[A-Z_]+$/;

describe(`fuzzed tool arguments (ERY_FUZZ_SEED=${FUZZ_SEED})`, () => {
  test('GIVEN any tool and any arguments THEN a typed result and one audit row, and nothing reaches Discord when they are invalid', async () => {
    const tools = executor.definitions().map((definition) => ({
      name: definition.name,
      fields: Object.keys((definition.parameters as { properties?: object }).properties ?? {}),
    }));
    const call = fc.oneof(
      {
        weight: 9,
        arbitrary: fc
          .constantFrom(...tools)
          .chain((tool) => argumentsOf(tool.fields).map((text) => ({ name: tool.name, text }))),
      },
      fc.record({
        name: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', 'BAN_MEMBER', 'ban_member ')),
        text: fc.constant('{}'),
      }),
    );
    let step = 0;
    await fc.assert(
      fc.asyncProperty(call, async ({ name, text }) => {
        step += 1;
        const auditBefore = audited();
        const callsBefore = discordCalls.length;
        const result = await executor.execute(runContext({ threadId: 'attack-thread', step }), {
          id: `call-${step}`,
          name,
          arguments: text,
        });
        const body = JSON.parse(result.content) as {
          ok: boolean;
          result?: unknown;
          error?: { code: string; message: string };
        };
        expect(body.ok).toBe(result.ok);
        if (!body.ok) {
          expect(body.error?.code).toMatch(CODE);
          expect(typeof body.error?.message === 'string' && body.error.message.length > 0).toBe(true);
        }
        if (result.decision === 'invalid') expect(discordCalls.slice(callsBefore)).toEqual([]);
        expect(audited()).toBe(auditBefore + 1);
      }),
      fuzzParams(100),
    );
  });
});
