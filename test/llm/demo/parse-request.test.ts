import { describe, expect, test } from 'bun:test';
import { durationSeconds, formatDuration } from '../../../src/llm/demo/duration.ts';
import { type ParsedRequest, parseRequest } from '../../../src/llm/demo/parse-request.ts';

const ERY = '<@900>';
const BOB = '<@4>';
const CAROL = '<@6>';
const mentions = (...userIds: string[]) => ({ kind: 'mentions' as const, userIds });
const valid = (seconds: number, text: string) => ({ kind: 'valid' as const, seconds, text });

describe('GIVEN a plain moderation request addressed to Ery', () => {
  const cases: Array<[string, ParsedRequest]> = [
    [`${ERY} ban ${BOB}`, { action: 'ban_member', target: mentions('4'), reason: null }],
    [`${ERY} ban <@!4>`, { action: 'ban_member', target: mentions('4'), reason: null }],
    [
      `${ERY} ban ${BOB} for spamming links`,
      { action: 'ban_member', target: mentions('4'), reason: 'spamming links' },
    ],
    [
      `${ERY} please ban ${BOB}, he is spamming!`,
      { action: 'ban_member', target: mentions('4'), reason: 'he is spamming' },
    ],
    [`Ery, could you ban ${BOB}?`, { action: 'ban_member', target: mentions('4'), reason: null }],
    [`${ERY} BAN ${BOB} because of raids`, { action: 'ban_member', target: mentions('4'), reason: 'raids' }],
    [`${ERY} kick ${BOB}`, { action: 'kick_member', target: mentions('4'), reason: null }],
    [`${ERY} kick out ${BOB} please`, { action: 'kick_member', target: mentions('4'), reason: null }],
    [
      `${ERY} time out ${BOB} for 10 minutes`,
      { action: 'timeout_member', target: mentions('4'), duration: valid(600, '10 minutes'), reason: null },
    ],
    [
      `${ERY} timeout ${BOB} 1h`,
      { action: 'timeout_member', target: mentions('4'), duration: valid(3600, '1h'), reason: null },
    ],
    [
      `${ERY} mute ${BOB} for 30s`,
      { action: 'timeout_member', target: mentions('4'), duration: valid(30, '30s'), reason: null },
    ],
    [
      `${ERY} time ${BOB} out for an hour`,
      { action: 'timeout_member', target: mentions('4'), duration: valid(3600, 'an hour'), reason: null },
    ],
    [
      `${ERY} timeout ${BOB} for 2 days because of spam`,
      { action: 'timeout_member', target: mentions('4'), duration: valid(172_800, '2 days'), reason: 'spam' },
    ],
    [
      `${ERY} mute ${BOB} for flooding for 1 week`,
      {
        action: 'timeout_member',
        target: mentions('4'),
        duration: valid(604_800, '1 week'),
        reason: 'flooding',
      },
    ],
    [`${ERY} mute ${BOB}`, { action: 'timeout_member', target: mentions('4'), reason: null }],
    // "as" is not "a s(econd)".
    [`${ERY} mute ${BOB} as spam`, { action: 'timeout_member', target: mentions('4'), reason: 'spam' }],
    [
      `${ERY} give ${BOB} the Helper role`,
      { action: 'add_role', target: mentions('4'), role: { name: 'Helper' }, reason: null },
    ],
    [
      `${ERY} give ${BOB} helper`,
      { action: 'add_role', target: mentions('4'), role: { name: 'helper' }, reason: null },
    ],
    [
      `${ERY} add the Helper role to ${BOB}`,
      { action: 'add_role', target: mentions('4'), role: { name: 'Helper' }, reason: null },
    ],
    [
      `${ERY} add ${BOB} to the Helper role`,
      { action: 'add_role', target: mentions('4'), role: { name: 'Helper' }, reason: null },
    ],
    [
      `${ERY} give the Helper role to ${BOB} for answering questions`,
      {
        action: 'add_role',
        target: mentions('4'),
        role: { name: 'Helper' },
        reason: 'answering questions',
      },
    ],
    [
      `${ERY} give ${BOB} <@&77>`,
      { action: 'add_role', target: mentions('4'), role: { id: '77' }, reason: null },
    ],
    [
      `${ERY} remove the Helper role from ${BOB}`,
      { action: 'remove_role', target: mentions('4'), role: { name: 'Helper' }, reason: null },
    ],
    [
      `${ERY} take Helper from ${BOB}`,
      { action: 'remove_role', target: mentions('4'), role: { name: 'Helper' }, reason: null },
    ],
    [
      `${ERY} take away the Server Helper role from ${BOB} because inactive`,
      { action: 'remove_role', target: mentions('4'), role: { name: 'Server Helper' }, reason: 'inactive' },
    ],
    [
      `${ERY} remove ${BOB} from Helper`,
      { action: 'remove_role', target: mentions('4'), role: { name: 'Helper' }, reason: null },
    ],
    [
      `${ERY} ban ${BOB} and ${CAROL}, <@7>`,
      { action: 'ban_member', target: mentions('4', '6', '7'), reason: null },
    ],
    [`${ERY} ban ${BOB} ${BOB}`, { action: 'ban_member', target: mentions('4'), reason: null }],
    // A reply to the member's message: "them", or nothing at all, means its author.
    [`${ERY} ban them`, { action: 'ban_member', target: { kind: 'replied' }, reason: null }],
    [`ban this user for spam`, { action: 'ban_member', target: { kind: 'replied' }, reason: 'spam' }],
    [
      `${ERY} mute him for 5 min`,
      { action: 'timeout_member', target: { kind: 'replied' }, duration: valid(300, '5 min'), reason: null },
    ],
    [
      `give them the Helper role`,
      { action: 'add_role', target: { kind: 'replied' }, role: { name: 'Helper' }, reason: null },
    ],
    [`${ERY} ban`, { action: 'ban_member', target: { kind: 'replied' }, reason: null }],
    // A member named in words: a request, but with no target the demo model can trust.
    [`${ERY} ban Bob`, { action: 'ban_member', target: { kind: 'unnamed', text: 'Bob' }, reason: null }],
  ];
  for (const [text, expected] of cases) {
    test(`"${text}" THEN it is read as ${expected.action}`, () => {
      expect(parseRequest(text)).toEqual(expected);
    });
  }
});

describe('GIVEN a message that only talks about moderation', () => {
  const notRequests = [
    `${ERY} I'd never ban Bob`,
    `${ERY} I'd never ban ${BOB}`,
    `${ERY} don't kick ${BOB}`,
    `${ERY} please don't ban ${BOB}`,
    `${ERY} why did you ban ${BOB}?`,
    `${ERY} should we kick ${BOB}?`,
    `${ERY} the ban on ${BOB} was fair`,
    `${ERY} ${BOB} was muted yesterday`,
    `${ERY} banana`,
    `${ERY} bans are rare here`,
    `${ERY} hello`,
    `${ERY} help`,
    `${ERY} give me a hint`,
    `${ERY} remove this message`,
    `${ERY} add a reaction`,
    '',
  ];
  for (const text of notRequests) {
    test(`"${text}" THEN it is not a request`, () => {
      expect(parseRequest(text)).toBeNull();
    });
  }
});

describe('GIVEN durations as people write them', () => {
  test('THEN each unit is read in seconds', () => {
    expect(durationSeconds('30', 's')).toBe(30);
    expect(durationSeconds('10', 'mins')).toBe(600);
    expect(durationSeconds('1.5', 'h')).toBe(5400);
    expect(durationSeconds('an', 'hour')).toBe(3600);
    expect(durationSeconds('2', 'days')).toBe(172_800);
    expect(durationSeconds('1', 'week')).toBe(604_800);
  });

  test('THEN they are written back in the largest whole unit', () => {
    expect(formatDuration(600)).toBe('10 minutes');
    expect(formatDuration(3600)).toBe('1 hour');
    expect(formatDuration(90)).toBe('90 seconds');
    expect(formatDuration(5400)).toBe('90 minutes');
    expect(formatDuration(2_419_200)).toBe('4 weeks');
  });
});
