import { describe, expect, test } from 'bun:test';
import { defaultGuildPolicy } from '../../src/domain/guild-policy.ts';
import { parseTranscript } from '../../src/llm/context.ts';
import { takeDuration } from '../../src/llm/demo/duration.ts';
import { quote, sentence } from '../../src/llm/demo/outcome.ts';
import { MAX_REQUEST_CHARS, parseRequest } from '../../src/llm/demo/parse-request.ts';
import { jsonValues, recoverTextualToolCalls } from '../../src/llm/textual-tool-calls.ts';
import {
  activeQuery,
  type MentionTarget,
  suggest,
  toWireContent,
} from '../../src/playground/web/client/mentions.ts';
import { mentionViolation } from '../../src/tools/rules/mentions.ts';

/**
 * Every parser of text that a member or a model writes, run on the shapes that make a backtracking
 * regex or a rescanning loop super-linear (issue 7: `take away` + " \t" × 975 + `from` held the
 * event loop 1.8 s; `<tool_call>` + `{` × 60 000 held it 9 s). Each input is 2 000 (Discord's
 * limit) or 20 000 characters; under the old code these runs took minutes, so bun test's default
 * timeout is what fails them. Each also checks the parser still answers sensibly.
 */
const UNITS = [
  ' ',
  '\t',
  ' \t',
  '\n ',
  '@',
  '<',
  '<@',
  '<@1>',
  '<@1> ',
  '<@1>, ',
  '{',
  '[',
  '{"',
  '"',
  '\\',
  '`',
  '```',
  '1',
  '1.',
  'a',
  ', ',
  '. ',
  'ban ',
  'take away ',
  'for ',
  'to ',
  'from ',
  'the ',
  ' please',
  ' role',
];
const PREFIXES = [
  '',
  '<@900> take away',
  '<@900> give',
  '<@900> remove',
  '<@900> mute <@4> for ',
  '<@900> ban <@4> ',
  '<tool_call>',
  '```json',
  '[TOOL_CALLS]',
  '<|python_tag|>',
];
const SUFFIXES = ['', 'from', 'to', ' x}'];

function* adversarial(size: number): Generator<string> {
  for (const unit of UNITS) {
    const run = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    for (const prefix of PREFIXES) {
      for (const suffix of SUFFIXES) yield `${prefix}${run.slice(prefix.length + suffix.length)}${suffix}`;
    }
  }
}

const TARGETS: MentionTarget[] = [
  { kind: 'user', id: '4', label: 'Bob', names: ['Bob', 'bob_the_builder'] },
  { kind: 'user', id: '5', label: 'Ery Bot', names: ['Ery Bot', 'Ery'] },
  { kind: 'role', id: '7', label: 'Helper', names: ['Helper'] },
  { kind: 'everyone', id: 'everyone', label: 'everyone', names: ['everyone'] },
];
const TOOLS = new Set(['send_message', 'ban_member']);

const PARSERS: Array<[string, (text: string) => unknown]> = [
  ['parseRequest (demo model)', parseRequest],
  ['takeDuration (demo model)', (text) => takeDuration(text.replace(/\s+/g, ' '))],
  ['quote and sentence (demo model)', (text) => sentence(quote(text))],
  ['recoverTextualToolCalls', (text) => recoverTextualToolCalls(text, TOOLS)],
  ['jsonValues', jsonValues],
  ['parseTranscript', parseTranscript],
  ['mentionViolation', (text) => mentionViolation(text, defaultGuildPolicy)],
  ['toWireContent (playground composer)', (text) => toWireContent(text, TARGETS)],
  [
    'activeQuery and suggest (playground composer)',
    (text) => [activeQuery(text, text.length, TARGETS), suggest(text, TARGETS)],
  ],
];

describe('GIVEN text built to make a parser backtrack or rescan', () => {
  for (const size of [2_000, 20_000]) {
    for (const [name, parse] of PARSERS) {
      test(`WHEN ${name} reads every ${size}-character shape THEN it finishes`, () => {
        let inputs = 0;
        for (const text of adversarial(size)) {
          parse(text);
          inputs += 1;
        }
        expect(inputs).toBe(UNITS.length * PREFIXES.length * SUFFIXES.length);
      });
    }
  }
});

describe('GIVEN the inputs of issue 7', () => {
  test('WHEN a member asks to take away a role across a run of spaces and tabs THEN it is no request', () => {
    expect(parseRequest(`<@900> take away${' \t'.repeat(975)}from`)).toBeNull();
  });

  test('WHEN give, take, remove or revoke is followed by ~1960 spaces THEN it is no request', () => {
    for (const verb of ['give', 'take', 'remove', 'revoke']) {
      for (const end of ['to', 'from']) {
        expect(parseRequest(`<@900> ${verb}${' '.repeat(1960)}${end}`)).toBeNull();
      }
    }
  });

  test('WHEN whitespace runs sit between the words of a real request THEN it is read as if single spaces', () => {
    expect(parseRequest(`<@900>\t\tmute \n <@4>   for\t10    minutes  ,  spam`)).toEqual({
      action: 'timeout_member',
      target: { kind: 'mentions', userIds: ['4'] },
      duration: { kind: 'valid', seconds: 600, text: '10 minutes' },
      reason: 'spam',
    });
  });

  test(`WHEN a message is longer than ${MAX_REQUEST_CHARS} characters THEN it is no request, read or not`, () => {
    const padding = ' spam'.repeat(MAX_REQUEST_CHARS / 5);
    expect(parseRequest(`<@900> ban <@4> for${padding}`.slice(0, MAX_REQUEST_CHARS))).not.toBeNull();
    expect(parseRequest(`<@900> ban <@4> for${padding}`)).toBeNull();
  });

  test('WHEN a reply opens a tool call with 60 000 brackets THEN nothing is recovered, and a call after them still is', () => {
    const call = '{"name":"send_message","arguments":{"content":"a"}}';
    expect(recoverTextualToolCalls(`<tool_call>${'{'.repeat(60_000)}`, TOOLS)).toEqual([]);
    expect(recoverTextualToolCalls(`\`\`\`json${'['.repeat(60_000)}`, TOOLS)).toEqual([]);
    expect(jsonValues(`${'{'.repeat(60_000)}${call}`)).toEqual([JSON.parse(call)]);
    expect(jsonValues(`${'['.repeat(60_000)}x${']'.repeat(60_000)} ${call}`)).toEqual([JSON.parse(call)]);
  });
});
