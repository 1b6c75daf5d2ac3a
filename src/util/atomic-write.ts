// Every file kf writes goes through here: write a temp file beside the target, then rename,
// so an interrupted run never leaves a half-written file. An existing file keeps its mode, and a
// symlink is followed so its target is updated (with `root`, the target must stay inside it).
import {
  chmodSync,
  closeSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { UserError } from '../errors.js';
import { makeDirs } from './make-dirs.js';
import { assertInside } from './path-guard.js';

let tempCount = 0;

/**
 * Unique within the process (a counter; worker threads share the pid, so a random part too). Not
 * node:crypto: loading it costs every command's start-up more than the whole write.
 */
function tempSuffix(): string {
  return `${(++tempCount).toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * `data` as an array: its pieces are written one after the other (no joined copy is made); each
 * is encoded as UTF-8 on its own, so a piece must not end inside a surrogate pair.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array | readonly string[],
  options: WriteOptions = {},
): void {
  writeFilesAtomic([{ path, data, options }]);
}

export interface WriteOptions {
  mode?: number;
  root?: string;
  rootName?: string;
  what?: string;
}

/**
 * Several files changed together: every temp file is written first, and only when all are
 * written (a read-only folder, a full disk found before anything changed) are they renamed into
 * place, so a command that edits several files does not stop with some of them edited.
 */
export function writeFilesAtomic(
  files: ReadonlyArray<{
    path: string;
    data: string | Uint8Array | readonly string[];
    options?: WriteOptions;
  }>,
): void {
  const staged: Array<{ path: string; temp: string; target: string }> = [];
  let current = '';
  try {
    for (const { path, data, options = {} } of files) {
      current = path;
      const what = options.what ?? path;
      if (options.root !== undefined) assertInside(options.root, path, what, options.rootName);
      const target = followLink(path);
      if (options.root !== undefined && target !== path)
        assertInside(options.root, target, what, options.rootName);
      const dir = dirname(target);
      const temp = join(dir, `.${tempBase(basename(target))}.${process.pid}.${tempSuffix()}.tmp`);
      staged.push({ path, temp, target });
      makeDirs(dir);
      const mode = options.mode ?? existingMode(target);
      if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(temp, data, { mode });
      else writePieces(temp, data, mode);
      if (mode !== undefined) chmodSync(temp, mode); // the mode given to writeFileSync is masked by umask
    }
    for (const { path, temp, target } of staged) {
      current = path;
      renameSync(temp, target);
    }
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw writeError(current, error);
  }
}

function writeError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new UserError(`cannot write ${path}: permission denied`, {
      hint: 'check that the directory is writable',
      cause: error,
    });
  }
  if (code === 'ENOSPC')
    return new UserError(`cannot write ${path}: no space left on device`, { cause: error });
  if (code === 'ENAMETOOLONG') return new UserError(`cannot write ${path}: name too long`, { cause: error });
  // The rename onto a folder (`kf eval -o out` where out is a folder).
  if (code === 'EISDIR')
    return new UserError(`cannot write ${path}: it is a folder`, {
      hint: 'name a file, or move the folder away',
      cause: error,
    });
  // The temp file's creation in a folder that exists but takes no new files (/proc, /sys), or
  // that went away meanwhile (makeDirs's own ENOENT is src/util/fs-error.ts's to explain).
  if (code === 'ENOENT' && (error as NodeJS.ErrnoException).syscall !== 'mkdir') {
    return isFolder(dirname(path))
      ? new UserError(`cannot write ${path}: its folder takes no new files`, {
          hint: 'write it to a folder on an ordinary file system',
          cause: error,
        })
      : new UserError(`cannot write ${path}: its folder no longer exists`, {
          hint: 'run it again',
          cause: error,
        });
  }
  return error;
}

/**
 * The target's name in its temp file's, cut short when it is long: the temp name adds ~30 bytes,
 * and a name near the 255-byte limit (a valid one) would make the write fail with ENAMETOOLONG.
 */
function tempBase(name: string): string {
  return Buffer.byteLength(name) > 200 ? name.slice(0, 50) : name;
}

function writePieces(file: string, pieces: readonly string[], mode: number | undefined): void {
  const fd = openSync(file, 'w', mode);
  try {
    for (const piece of pieces) {
      const bytes = Buffer.from(piece);
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
    }
  } finally {
    closeSync(fd);
  }
}

function followLink(path: string): string {
  try {
    if (lstatSync(path).isSymbolicLink()) return realpathSync.native(path);
  } catch {
    // missing, or a dangling link: written (replacing the link) as before
  }
  return path;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function existingMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}
