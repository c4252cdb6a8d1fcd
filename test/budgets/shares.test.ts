import { describe, expect, test } from 'bun:test';
import { authorWeights, splitTokens } from '../../src/budgets/shares.ts';
import { chatMessage } from '../support/chat-messages.ts';

describe('token shares', () => {
  test('GIVEN a batch THEN only human authors count, by their number of messages', () => {
    const weights = authorWeights([
      chatMessage({ author: { id: '1', name: 'a', bot: false } }),
      chatMessage({ author: { id: '2', name: 'b', bot: false } }),
      chatMessage({ author: { id: '1', name: 'a', bot: false } }),
      chatMessage({ author: { id: '3', name: 'bot', bot: true } }),
      chatMessage({
        author: { id: '4', name: 'joiner', bot: false },
        event: { type: 7, action: 'joined the server', detail: null },
      }),
    ]);
    expect([...weights]).toEqual([
      ['1', 2],
      ['2', 1],
    ]);
  });

  test('GIVEN uneven weights THEN whole-token shares add up to the call exactly', () => {
    const shares = splitTokens(
      1000,
      new Map([
        ['1', 2],
        ['2', 1],
      ]),
    );
    expect(Object.fromEntries(shares)).toEqual({ '1': 667, '2': 333 });
    const three = splitTokens(
      100,
      new Map([
        ['a', 1],
        ['b', 1],
        ['c', 1],
      ]),
    );
    expect([...three.values()].reduce((sum, share) => sum + share, 0)).toBe(100);
    // The token left over goes to the first of equal remainders.
    expect(Object.fromEntries(three)).toEqual({ a: 34, b: 33, c: 33 });
  });

  test('GIVEN no human author THEN nobody is charged; GIVEN no tokens THEN everyone is charged 0', () => {
    expect(splitTokens(500, new Map()).size).toBe(0);
    expect(Object.fromEntries(splitTokens(0, new Map([['1', 1]])))).toEqual({ '1': 0 });
  });
});
