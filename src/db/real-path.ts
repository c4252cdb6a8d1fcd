import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';

// `realpathSync.native` throughout: the JS `realpathSync` resolves `..` as text first, like `resolve`.

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
  // Never `path.resolve`: it drops `..` as text, but after a symlinked folder the kernel (and
  // SQLite) take `..` from the link's target, so `L/../ery.db` may be a different file than `ery.db`.
  let file = absolute(path);
  for (let links = 0; links <= MAX_LINKS; links += 1) {
    try {
      return realpathSync.native(file);
    } catch {
      // Missing, or a dangling link: follow the link by hand, or resolve the folder.
    }
    const target = symlinkTarget(file);
    if (target === null) return join(realFolderPath(dirname(file)), basename(file));
    file = isAbsolute(target) ? target : `${dirname(file)}/${target}`;
  }
  // A loop of links: no real file; the path as written is as good a key as any.
  return absolute(path);
}

/** `path` made absolute against the working directory, with `.` and `..` left for the kernel. */
function absolute(path: string): string {
  return isAbsolute(path) ? path : `${process.cwd()}/${path}`;
}

/** `folder` with every symlink in its existing part followed; the missing rest kept as written. */
function realFolderPath(folder: string): string {
  try {
    return realpathSync.native(folder);
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
