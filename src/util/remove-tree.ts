// Removes a folder kf made or moved aside (an export folder swapped out, a vendored package
// replaced) even when its mode forbids it: such a folder keeps the mode its owner gave it, and one
// made read-only (555) cannot be emptied until kf, its owner, gives itself write permission again.
import { chmodSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** rmSync(dir, { recursive, force }), retried after making read-only folders under `dir` writable. */
export function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw error;
  }
  allowRemoval(dir);
  rmSync(dir, { recursive: true, force: true });
}

function allowRemoval(dir: string): void {
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) return;
  chmodSync(dir, (stat.mode & 0o7777) | 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) allowRemoval(join(dir, entry.name));
  }
}
