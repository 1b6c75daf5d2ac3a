// `mkdir -p`. Node 20's mkdirSync(dir, { recursive: true }) retries forever where making a folder
// fails with ENOENT although its parent exists, as in /proc and /sys: `kf export --all /proc/x`
// hung instead of failing.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Makes `dir` and its missing parents; a folder that exists is fine, anything else throws. */
export function makeDirs(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && isFolder(dir)) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir || isFolder(parent)) throw error;
    makeDirs(parent);
    mkdirSync(dir);
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
