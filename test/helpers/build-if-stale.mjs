// Builds dist/ (tsc + oclif manifest) unless dist/.build-stamp is newer than every file under
// src/ and package.json. Run under `flock` by run-kf.ts so concurrent test processes build once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
const stamp = join(root, 'dist', '.build-stamp');

function newest(dir) {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

const stampTime = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const sources = Math.max(newest(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs);
if (stampTime <= sources) {
  const started = new Date();
  try {
    // tsc still emits when someone else's half-finished file has type errors.
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch {
    /* emitted anyway */
  }
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'oclif'), ['manifest'], { cwd: root, stdio: 'pipe' });
  } catch {
    // A stale manifest would hide new commands; without one oclif scans dist/commands.
    rmSync(join(root, 'oclif.manifest.json'), { force: true });
  }
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stamp, started.toISOString());
  utimesSync(stamp, started, started);
}
