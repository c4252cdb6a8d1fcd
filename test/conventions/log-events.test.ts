/**
 * One log shape (issue 8): every line Ery logs carries a dotted `event` key, so operators can
 * filter and count by it. Checked on the source: each logger call's first argument is an object
 * literal that names `event`.
 */
import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const CALL = /\b(?:logger|log)\.(?:info|warn|error|debug|trace|fatal)\(/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.includes('web/client/'))
    .map((file) => join(ROOT, folder, file));
}

/** The first argument of the call starting at `from`, when it is an object literal; else null. */
function firstObject(text: string, from: number): string | null {
  const start = from + (text.slice(from).length - text.slice(from).trimStart().length);
  if (text[start] !== '{') return null;
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

describe('log lines', () => {
  test('GIVEN every logger call in src/ and actors/ THEN its fields name an event', () => {
    const missing: string[] = [];
    for (const file of [...sourceFiles('src'), ...sourceFiles('actors')]) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(CALL)) {
        const fields = firstObject(text, (match.index ?? 0) + match[0].length);
        if (fields === null || !/\bevent\b/.test(fields)) {
          const line = text.slice(0, match.index).split('\n').length;
          missing.push(`${relative(ROOT, file)}:${line}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
