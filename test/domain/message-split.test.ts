import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { splitMessage } from '../../src/domain/message-split.ts';

/** The words of a text, fences set aside: what a reader gets from all the parts together. */
const words = (text: string) =>
  text
    .replace(/^ {0,3}(`{3,}|~{3,}).*$/gm, ' ')
    .split(/\s+/)
    .filter(Boolean);

describe('GIVEN a text for Discord', () => {
  test('WHEN it fits in one message THEN it is the only part, unchanged', () => {
    expect(splitMessage('hello')).toEqual(['hello']);
    expect(splitMessage('x'.repeat(2000))).toEqual(['x'.repeat(2000)]);
  });

  test('WHEN it has paragraphs THEN it is cut between paragraphs, not inside one', () => {
    const paragraph = (n: number) => `${n} ${'word '.repeat(150).trim()}`;
    const text = [1, 2, 3, 4, 5].map(paragraph).join('\n\n');
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.split('\n\n').every((p) => /^\d /.test(p))).toBe(true);
    expect(parts.join('\n\n')).toBe(text);
  });

  test('WHEN a code block is cut THEN the part closes it and the next opens it with its language', () => {
    const code = Array.from({ length: 200 }, (_, i) => `let x${i} = ${i};`).join('\n');
    const parts = splitMessage(`Here:\n\`\`\`ts\n${code}\n\`\`\`\nDone.`);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]?.endsWith('\n```')).toBe(true);
    expect(parts[1]?.startsWith('```ts\n')).toBe(true);
    expect(words(parts.join('\n'))).toEqual(words(`Here:\n${code}\nDone.`));
  });

  test('WHEN there is no boundary at all THEN it is cut at the limit, never inside a surrogate pair', () => {
    const text = '😀'.repeat(1500);
    const parts = splitMessage(text);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(2000);
      expect(part).toBe(part.toWellFormed());
    }
    expect(parts.join('')).toBe(text);
  });

  test('WHEN the limit is too small to split at THEN it throws', () => {
    expect(() => splitMessage('x', 10)).toThrow(RangeError);
  });

  test('GIVEN any text THEN every part fits, none is blank, fences balance, and no word is lost or moved', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.constantFrom('```', '```ts', '~~~', '````', '```js', ''),
      fc.string({ minLength: 200, maxLength: 2500, unit: fc.constantFrom('a', ' ', 'é', '😀', '\n') }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.integer({ min: 100, max: 2000 }), (lines, limit) => {
        const text = lines.join('\n');
        fc.pre(text.trim().length > 0);
        const parts = splitMessage(text, limit);
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(limit);
          expect(part.trim().length).toBeGreaterThan(0);
          expect(part).toBe(part.toWellFormed());
        }
        // Every part but the last closes what it opened; the last is as the text left it.
        for (const part of parts.slice(0, -1)) expect(balanced(part)).toBe(true);
        expect(words(parts.join('\n')).join('')).toBe(words(text).join(''));
      }),
      { numRuns: 200 },
    );
  });
});

/** Whether every fence opened in `part` is closed in it (CommonMark's rule, simplified as the splitter reads it). */
function balanced(part: string): boolean {
  let open: string | null = null;
  for (const line of part.split('\n')) {
    const match = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!match) continue;
    const marker = match[1] as string;
    const info = (match[2] as string).trim();
    if (open === null) {
      if (!(marker[0] === '`' && info.includes('`'))) open = marker;
    } else if (marker[0] === open[0] && marker.length >= open.length && info === '') open = null;
  }
  return open === null;
}
