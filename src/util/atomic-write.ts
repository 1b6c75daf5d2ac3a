// Every file kf writes goes through here: write a temp file beside the target, then rename,
// so an interrupted run never leaves a half-written file. An existing file keeps its mode, and a
// symlink is followed so its target is updated (with `root`, the target must stay inside it).
import {
  chmodSync,
  closeSync,
  lstatSync,
  mkdirSync,
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
  options: { mode?: number; root?: string; rootName?: string; what?: string } = {},
): void {
  const what = options.what ?? path;
  if (options.root !== undefined) assertInside(options.root, path, what, options.rootName);
  const target = followLink(path);
  if (options.root !== undefined && target !== path)
    assertInside(options.root, target, what, options.rootName);
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${tempSuffix()}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const mode = options.mode ?? existingMode(target);
    if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(temp, data, { mode });
    else writePieces(temp, data, mode);
    if (mode !== undefined) chmodSync(temp, mode); // the mode given to writeFileSync is masked by umask
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UserError(`cannot write ${path}: permission denied`, {
        hint: 'check that the directory is writable',
        cause: error,
      });
    }
    if (code === 'ENOSPC')
      throw new UserError(`cannot write ${path}: no space left on device`, { cause: error });
    if (code === 'ENAMETOOLONG') throw new UserError(`cannot write ${path}: name too long`, { cause: error });
    throw error;
  }
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

function existingMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}
