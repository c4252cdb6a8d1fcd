import { expect, test } from 'bun:test';
import { SeenIds } from '../../src/discord/seen-ids.ts';

test('GIVEN an id seen before THEN add reports a duplicate', () => {
  const seen = new SeenIds(3);
  expect(seen.add('1')).toBe(true);
  expect(seen.add('1')).toBe(false);
});

test('GIVEN more ids than the capacity THEN the oldest is forgotten and the size stays bounded', () => {
  const seen = new SeenIds(3);
  for (const id of ['1', '2', '3', '4']) seen.add(id);
  expect(seen.size).toBe(3);
  expect(seen.has('1')).toBe(false);
  expect(seen.has('4')).toBe(true);
  expect(seen.add('2')).toBe(false);
});

test('GIVEN a capacity below one THEN construction fails', () => {
  expect(() => new SeenIds(0)).toThrow(TypeError);
});
