import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Linux's limit on symlinks followed in one lookup (`MAXSYMLINKS`); past it a path is a loop. */
const MAX_LINKS = 40;

/**
 * The file `path` really names: absolute, every symlink followed, in the file itself and in its
 * folders, as `realpath(3)` does. Unlike `realpath` it also answers for a file that does not exist
 * yet (its folder is resolved as far as it exists, and the rest kept as written) and for a symlink
 * whose target does not exist yet (the target, resolved the same way): SQLite creates the target
 * there, so that is the file Ery will use.
 *
 * Ery keys everything it keeps per database on this (the lock and the playground file, issue 7),
 * so two spellings of one file, `data/ery.db` and a link to it, can never run as two databases.
 */
export function realFilePath(path: string): string {
  let file = resolve(path);
  for (let links = 0; links <= MAX_LINKS; links += 1) {
    try {
      return realpathSync(file);
    } catch {
      // Missing, or a dangling link: follow the link by hand, or resolve the folder.
    }
    const target = symlinkTarget(file);
    if (target === null) return join(realFolderPath(dirname(file)), basename(file));
    file = resolve(dirname(file), target);
  }
  // A loop of links: no real file; the path as written is as good a key as any.
  return resolve(path);
}

/** `folder` with every symlink in its existing part followed; the missing rest kept as written. */
function realFolderPath(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    const parent = dirname(folder);
    return parent === folder ? folder : join(realFolderPath(parent), basename(folder));
  }
}

function symlinkTarget(path: string): string | null {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : null;
  } catch {
    return null;
  }
}
