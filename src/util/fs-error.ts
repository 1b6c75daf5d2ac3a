// A file-system error that the app's folder or the machine caused (a file where a folder should
// be, a folder where a file should be, no permission, a full or read-only disk) as a UserError
// naming the path, so every command reports it in one line instead of as an internal error.
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../errors.js';

type ErrnoError = NodeJS.ErrnoException;

/**
 * The UserError for `error`, or undefined when it is not such a file-system error with a path
 * (`pathless`: the path, for an error that has none, as a read of a folder's descriptor).
 */
export function fileSystemUserError(error: unknown, pathless?: string): UserError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, syscall } = error as ErrnoError;
  const path = (error as ErrnoError).path ?? pathless;
  if (typeof code !== 'string' || typeof path !== 'string') return undefined;
  const options = (file: string, hint: string) => ({ location: { file }, hint, cause: error });
  switch (code) {
    case 'ENOTDIR': {
      const inTheWay = fileInTheWay(path);
      return inTheWay === undefined
        ? new UserError(
            `${syscall ?? 'access'} failed: a part of the path is not a folder`,
            options(path, 'check the path'),
          )
        : new UserError('expected a folder, found a file', options(inTheWay, 'move the file away'));
    }
    case 'EEXIST':
      // mkdir (recursive or not) where a file stands; other EEXISTs (a link, an exclusive open)
      // are the caller's to explain.
      return syscall === 'mkdir' && isFile(path)
        ? new UserError('expected a folder, found a file', options(path, 'move the file away'))
        : undefined;
    case 'EISDIR':
      return new UserError('expected a file, found a folder', options(path, 'move the folder away'));
    case 'EACCES':
    case 'EPERM':
      return new UserError(
        `permission denied (${syscall ?? 'access'})`,
        options(path, 'check its permissions'),
      );
    case 'EROFS':
      return new UserError('read-only file system', options(path, 'run kf where it can write'));
    case 'ENOSPC':
      return new UserError('no space left on device', options(path, 'free some space and run it again'));
    case 'ELOOP':
      return new UserError(
        'too many levels of symbolic links',
        options(path, 'check the symbolic links on the path'),
      );
    case 'ENOENT':
      // mkdir in a folder that exists but takes no new entries (/proc, /sys); other ENOENTs (a
      // missing file) are the caller's to explain.
      return syscall === 'mkdir' && isFolder(dirname(path))
        ? new UserError(
            'cannot create a folder in this folder: it takes no new entries',
            options(dirname(path), 'use a folder on an ordinary file system'),
          )
        : undefined;
    case 'ENAMETOOLONG':
      return new UserError('file name too long', options(path, 'use a shorter name'));
    default:
      return undefined;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest of `path` and its ancestors that exists and is not a folder. */
function fileInTheWay(path: string): string | undefined {
  for (let p = path; ; p = dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) return p;
    } catch {
      // missing (or unreadable): look further up
    }
    if (dirname(p) === p) return undefined;
  }
}

/** readFileSync(file, 'utf8'), failing with fileSystemUserError's UserError when one applies. */
export function readUtf8(file: string): string {
  return readBytes(file).toString('utf8');
}

/** readFileSync(file), failing with fileSystemUserError's UserError when one applies. */
export function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw fileSystemUserError(error, file) ?? error;
  }
}
