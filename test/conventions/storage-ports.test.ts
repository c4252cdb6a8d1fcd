/**
 * Ports owned by their users (issue 8 §2): the inspector and the replay engine read what Ery
 * stored through ports declared in their own folders, so a second database (PostgreSQL) adds only
 * an adapter. Checked on the source: no file of theirs imports src/db, SQLite or drizzle.
 */
import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const IMPORT = /\bfrom\s+['"]([^'"]+)['"]/g;
const STORAGE = /^(?:bun:sqlite|drizzle-orm(?:\/.*)?)$|(?:^|\/)db\//;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(ROOT, folder, file));
}

describe('storage ports', () => {
  test('GIVEN every file of src/inspector and src/replay THEN none imports src/db, bun:sqlite or drizzle', () => {
    const found: string[] = [];
    for (const file of [...sourceFiles('src/inspector'), ...sourceFiles('src/replay')]) {
      for (const [, target] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        if (STORAGE.test(target as string)) found.push(`${relative(ROOT, file)} → ${target}`);
      }
    }
    expect(found).toEqual([]);
  });
});
