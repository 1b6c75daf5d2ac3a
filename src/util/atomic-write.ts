// Every file kf writes goes through here: write a temp file beside the target, then rename,
// so an interrupted run never leaves a half-written file.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { UserError } from '../errors.js';

export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { mode?: number } = {},
): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, data, { mode: options.mode });
    renameSync(temp, path);
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
    throw error;
  }
}
