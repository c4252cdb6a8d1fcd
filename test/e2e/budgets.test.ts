import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import type { RunningEry } from '../../src/app/run.ts';
import { formatBudgetReport } from '../../src/budgets/report.ts';
import { DEMO_IDS, type Playground, type PlaygroundEvent } from '../../src/playground/index.ts';
import type { OpenAIServer, ScriptStep } from '../support/openai-server.ts';
import { ShiftedClock } from '../support/shifted-clock.ts';
import { threadsEnded, useEryWorld } from './support/ery-harness.ts';

/**
 * Spend caps end to end (issue 11 §6): the real discord.js client against the playground, the real
 * openai SDK against a scripted model that reports usage, a real SQLite file that a restarted Ery
 * reads again. Time is Ery's clock, started at a known instant and moved past a window's end.
 */
setDefaultTimeout(40_000);

const world = useEryWorld('ery-budgets-');
let playground: Playground;
let llm: OpenAIServer;
beforeAll(() => {
  ({ playground, llm } = world);
});

const { users, channels } = DEMO_IDS;
const START = Date.parse('2026-03-01T10:00:00Z');
const HOUR = 3_600_000;
const seconds = (iso: string) => Date.parse(iso) / 1000;

const lastSeq = () => playground.events().at(-1)?.seq ?? 0;
type Created = Extract<PlaygroundEvent, { type: 'message.created' }>;
/** Ery's messages since event `since`. */
const erysMessages = (since: number) =>
  playground
    .events()
    .filter(
      (event): event is Created =>
        event.type === 'message.created' && event.actorId === users.ery && event.seq > since,
    );

/**
 * Messages Ery asked the playground to create since event `since`: more than it created means it
 * tried to say something again (the nonce made Discord return the first message).
 */
const messagePosts = (since: number) =>
  playground
    .events()
    .filter(
      (event) =>
        event.type === 'http.request' &&
        event.seq > since &&
        event.method === 'POST' &&
        /\/channels\/\d+\/messages$/.test(event.path),
    ).length;

/** A scripted answer: a reply to `messageId`, then a reply with no tool call that ends the thread. */
function answer(
  messageId: string,
  text: string,
  tokens: [number, number][] = [
    [10, 5],
    [10, 5],
  ],
): ScriptStep[] {
  const [first, second] = tokens.map(([prompt_tokens, completion_tokens]) => ({
    prompt_tokens,
    completion_tokens,
  }));
  return [
    {
      reply: {
        toolCalls: [{ name: 'reply_to_message', arguments: { message_id: messageId, content: text } }],
        ...(first ? { usage: first } : {}),
      },
    },
    { reply: { content: null, ...(second ? { usage: second } : {}) } },
  ];
}

const ask = (authorId: string, content: string) =>
  playground.postMessage({ channelId: channels.general, authorId, content: `<@${users.ery}> ${content}` });

describe('spend caps', () => {
  test('GIVEN a server budget that is spent THEN Ery says so once, calls the model no more, and answers again the next UTC day', async () => {
    const clock = new ShiftedClock(START);
    const model = 'server-cap';
    const ery = await startWith({ model, clock, env: { ERY_BUDGET_GUILD_TOKENS_PER_DAY: '1000' } });
    const since = lastSeq();
    const first = ask(users.alice, 'what is the capital of France?');
    llm.script(
      model,
      ...answer(first.id, 'Paris.', [
        [600, 300],
        [100, 50],
      ]),
    );
    await threadsEnded(ery, 1);
    expect(erysMessages(since).map((event) => event.message.content)).toEqual(['Paris.']);
    expect(llm.calls(model)).toHaveLength(2);

    // 1,050 tokens of 1,000: the next question gets the notice and no model call.
    const second = ask(users.bob, 'and of Spain?');
    await threadsEnded(ery, 2);
    const notices = erysMessages(since).slice(1);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message.replyTo?.id).toBe(second.id);
    expect(notices[0]?.message.content).toContain("used up this server's AI budget for today");
    expect(notices[0]?.message.content).toContain(`<t:${seconds('2026-03-02T00:00:00Z')}:t>`);
    expect(llm.calls(model)).toHaveLength(2);

    // Said once per day: another question is neither answered nor told again.
    ask(users.alice, 'are you there?');
    await threadsEnded(ery, 3);
    expect(erysMessages(since)).toHaveLength(2);
    expect(messagePosts(since)).toBe(2);
    expect(llm.calls(model)).toHaveLength(2);
    expect(formatBudgetReport(ery.core.budgets.report(playground.demo.guildId))).toEqual([
      'Server, today (UTC): spent (1,050 of 1,000 tokens); refills 2026-03-02 00:00 UTC',
    ]);

    // Past 00:00 UTC the budget has refilled.
    clock.advance(14 * HOUR);
    const next = ask(users.bob, 'and now?');
    llm.script(model, ...answer(next.id, 'Madrid.'));
    await threadsEnded(ery, 4);
    expect(erysMessages(since).at(-1)?.message).toMatchObject({
      content: 'Madrid.',
      replyTo: { id: next.id },
    });
    expect(llm.calls(model)).toHaveLength(4);
  });

  test('GIVEN a member over their hourly budget THEN they are told once, others are still answered, and a restart keeps both', async () => {
    const clock = new ShiftedClock(START);
    const model = 'member-cap';
    const db = join(world.dir, 'member-cap.db');
    const options = { model, clock, db, env: { ERY_BUDGET_MEMBER_TOKENS_PER_HOUR: '1000' } };
    const ery = await startWith(options);
    const since = lastSeq();
    const first = ask(users.alice, 'tell me a story');
    llm.script(
      model,
      ...answer(first.id, 'Once upon a time…', [
        [500, 200],
        [250, 50],
      ]),
    );
    await threadsEnded(ery, 1);
    expect(llm.calls(model)).toHaveLength(2);

    // Alice caused 1,000 tokens this hour: she gets the notice, the model is not called.
    const second = ask(users.alice, 'another one!');
    await threadsEnded(ery, 2);
    const notice = erysMessages(since).at(-1)?.message;
    expect(notice?.replyTo?.id).toBe(second.id);
    expect(notice?.content).toContain(`Sorry <@${users.alice}>, you've used up your hourly share`);
    expect(notice?.content).toContain(`<t:${seconds('2026-03-01T11:00:00Z')}:t>`);
    expect(llm.calls(model)).toHaveLength(2);

    // Bob is answered.
    const bobs = ask(users.bob, 'what time is it?');
    llm.script(model, ...answer(bobs.id, 'Tea time.'));
    await threadsEnded(ery, 3);
    expect(erysMessages(since).at(-1)?.message).toMatchObject({
      content: 'Tea time.',
      replyTo: { id: bobs.id },
    });

    // In one batch with Bob, Alice's message is left out; Bob's is not held up by it.
    playground.postMessage({ channelId: channels.general, authorId: users.alice, content: 'psst, pick me' });
    const mixed = ask(users.bob, 'one more?');
    llm.script(model, ...answer(mixed.id, 'Sure.'));
    await threadsEnded(ery, 4);
    const request = JSON.stringify(llm.calls(model).at(-2)?.body.messages);
    expect(request).toContain('one more?');
    expect(request).not.toContain('psst, pick me');
    expect(erysMessages(since).at(-1)?.message).toMatchObject({
      content: 'Sure.',
      replyTo: { id: mixed.id },
    });
    const callsBefore = llm.calls(model).length;
    const said = erysMessages(since).length;

    // A restarted Ery reads the usage and the notice it gave from its database.
    await stop(ery);
    const again = await startWith(options);
    ask(users.alice, 'still nothing?');
    await threadsEnded(again, 5);
    expect(erysMessages(since)).toHaveLength(said);
    expect(messagePosts(since)).toBe(said);
    expect(llm.calls(model)).toHaveLength(callsBefore);
    const report = again.core.budgets.report(playground.demo.guildId, users.alice);
    expect(report.member).toMatchObject({ used: 1000, limit: 1000, spent: true });

    // The next hour, Alice is answered again.
    clock.advance(HOUR);
    const later = ask(users.alice, 'now?');
    llm.script(model, ...answer(later.id, 'Now, yes.'));
    await threadsEnded(again, 6);
    expect(erysMessages(since).at(-1)?.message).toMatchObject({
      content: 'Now, yes.',
      replyTo: { id: later.id },
    });
  });
});

function startWith(options: Parameters<typeof world.startEry>[0]) {
  return world.startEry({ windowMs: 300, ...options });
}

async function stop(ery: RunningEry) {
  world.running.splice(world.running.indexOf(ery), 1);
  await ery.stop();
}
