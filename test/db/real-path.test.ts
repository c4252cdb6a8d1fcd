/**
 * `realFilePath`: the one name Ery keys a database by (its lock, its playground file), whatever
 * symlinks `ERY_DB_PATH` goes through, and whether or not the file exists yet (issue 7).
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimDatabase } from '../../src/db/database-lock.ts';
import { DatabaseInUseError } from '../../src/db/errors.ts';
import { realFilePath } from '../../src/db/real-path.ts';

// The temp folder itself may be a symlink (macOS /tmp): expectations use its real path.
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ery-real-path-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'real'));
writeFileSync(join(dir, 'real', 'ery.db'), '');
symlinkSync(join(dir, 'real'), join(dir, 'folder-link'));
symlinkSync('real/ery.db', join(dir, 'file-link.db'));
symlinkSync('file-link.db', join(dir, 'chained.db'));
symlinkSync('real/later.db', join(dir, 'dangling.db'));
symlinkSync('loop-b.db', join(dir, 'loop-a.db'));
symlinkSync('loop-a.db', join(dir, 'loop-b.db'));
// `deep-link` → `deep/inner`: after it, `..` is `deep` for the kernel, though the text says `dir`.
mkdirSync(join(dir, 'deep', 'inner'), { recursive: true });
symlinkSync(join(dir, 'deep', 'inner'), join(dir, 'deep-link'));
symlinkSync('../other/ery.db', join(dir, 'deep', 'inner', 'relative.db'));

describe('realFilePath', () => {
  test('GIVEN links to an existing file or its folder THEN each gives the real file', () => {
    for (const path of [
      'real/ery.db',
      'file-link.db',
      'chained.db',
      'folder-link/ery.db',
      'folder-link/../real/ery.db',
    ]) {
      expect({ path, real: realFilePath(join(dir, path)) }).toEqual({
        path,
        real: join(dir, 'real', 'ery.db'),
      });
    }
  });

  test('GIVEN a file not created yet THEN its folder is resolved and its name kept, also in missing folders', () => {
    expect(realFilePath(join(dir, 'folder-link', 'new.db'))).toBe(join(dir, 'real', 'new.db'));
    expect(realFilePath(join(dir, 'folder-link', 'a', 'b', 'new.db'))).toBe(
      join(dir, 'real', 'a', 'b', 'new.db'),
    );
  });

  test('GIVEN a link whose target does not exist yet THEN it gives the target SQLite would create', () => {
    expect(realFilePath(join(dir, 'dangling.db'))).toBe(join(dir, 'real', 'later.db'));
  });

  test('GIVEN ".." after a symlinked folder THEN it is the link target\'s parent, as the kernel reads it', () => {
    // Strings, not `join`: join would drop the `..` as text, which is the bug under test.
    expect(realFilePath(`${dir}/deep-link/../ery.db`)).toBe(join(dir, 'deep', 'ery.db'));
    expect(realFilePath(`${dir}/deep-link/../new/ery.db`)).toBe(join(dir, 'deep', 'new', 'ery.db'));
    // A relative link inside a symlinked folder points from where the link really is.
    expect(realFilePath(`${dir}/deep-link/relative.db`)).toBe(join(dir, 'deep', 'other', 'ery.db'));
    const claim = claimDatabase(join(dir, 'deep', 'claimed.db'));
    try {
      expect(() => claimDatabase(`${dir}/deep-link/../claimed.db`)).toThrow(DatabaseInUseError);
    } finally {
      claim.release();
    }
  });

  test('GIVEN a loop of links THEN it gives the path as written instead of hanging', () => {
    expect(realFilePath(join(dir, 'loop-a.db'))).toBe(join(dir, 'loop-a.db'));
  });

  test('GIVEN a claimed database THEN a claim through a link to it or to its folder is refused, and the claim names the real file', () => {
    const claim = claimDatabase(join(dir, 'real', 'claimed.db'));
    symlinkSync('real/claimed.db', join(dir, 'claimed-link.db'));
    try {
      expect(claim.databasePath).toBe(join(dir, 'real', 'claimed.db'));
      expect(claim.lockPath).toBe(join(dir, 'real', 'claimed.db.lock'));
      for (const alias of ['claimed-link.db', 'folder-link/claimed.db']) {
        let error: unknown;
        try {
          claimDatabase(join(dir, alias)).release();
        } catch (caught) {
          error = caught;
        }
        expect({ alias, refused: error instanceof DatabaseInUseError }).toEqual({ alias, refused: true });
      }
    } finally {
      claim.release();
    }
  });
});
