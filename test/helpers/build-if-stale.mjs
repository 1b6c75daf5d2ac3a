// Builds kf for command tests into a private copy of the package, so other people's
// `npm run build` (which starts with `rm -rf dist`) cannot pull the binary away mid-test.
// Each build goes to a fresh directory <base>/b-<time>; <base>/current names the newest, and a
// test process keeps using the build it started with. A copy has its own bin/, package.json and
// dist/ (tsc + start-up bundles + oclif manifest); every other top-level entry is a symlink to the repository.
// Rebuilds only when a file under src/ or bin/, or package.json, is newer than the newest build.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  unlinkSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const [root, base] = process.argv.slice(2);
const pointer = join(base, 'current');

function newest(dir) {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

mkdirSync(base, { recursive: true });
const current = existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : '';
const builtAt = current && existsSync(join(base, current)) ? Number(current.slice(2)) : 0;
const sources = Math.max(
  newest(join(root, 'src')),
  newest(join(root, 'bin')),
  statSync(join(root, 'package.json')).mtimeMs,
);
if (builtAt <= sources) {
  const started = Date.now();
  const name = `b-${started}`;
  const target = join(base, name);
  mkdirSync(target);
  const own = new Set(['bin', 'package.json', 'dist', 'oclif.manifest.json', '.git']);
  for (const entry of readdirSync(root))
    if (!own.has(entry)) symlinkSync(join(root, entry), join(target, entry));
  cpSync(join(root, 'bin'), join(target, 'bin'), { recursive: true });
  cpSync(join(root, 'package.json'), join(target, 'package.json'));
  // Incremental compile into a work directory shared by all builds, then copy: only changed
  // files are recompiled. Outputs whose source was deleted are dropped so no ghost command stays.
  const work = join(base, 'work-dist');
  try {
    // tsc still emits when someone else's half-finished file has type errors.
    execFileSync(
      join(root, 'node_modules', '.bin', 'tsc'),
      [
        '-p',
        join(root, 'tsconfig.json'),
        '--outDir',
        work,
        '--incremental',
        '--tsBuildInfoFile',
        join(base, 'tsbuildinfo'),
        // Emit only: type errors are `npm run typecheck`'s business, and checking is the slow part.
        '--noCheck',
      ],
      { cwd: root, stdio: 'pipe' },
    );
  } catch {
    /* emitted anyway */
  }
  pruneOrphans(work, join(root, 'src'));
  cpSync(work, join(target, 'dist'), { recursive: true });
  // The start-up bundles bin/run.js loads first (kf eval, the offline commands), as `npm run build` makes them.
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle.js'), join(target, 'dist')], {
    cwd: root,
    stdio: 'pipe',
  });
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'oclif'), ['manifest'], {
      cwd: target,
      // no update check: the oclif CLI would ask registry.npmjs.org (tests stay on loopback)
      env: { ...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true' },
      stdio: 'pipe',
    });
  } catch {
    // Without a manifest oclif scans dist/commands, which is slower but complete.
    rmSync(join(target, 'oclif.manifest.json'), { force: true });
  }
  writeFileSync(`${pointer}.tmp`, name);
  renameSync(`${pointer}.tmp`, pointer);
  // Builds older than an hour are no longer used by any test process.
  for (const entry of readdirSync(base)) {
    if (entry.startsWith('b-') && entry !== name && started - Number(entry.slice(2)) > 3_600_000)
      rmSync(join(base, entry), { recursive: true, force: true });
  }
}

function pruneOrphans(outDir, srcDir) {
  if (!existsSync(outDir)) return;
  for (const entry of readdirSync(outDir, { withFileTypes: true })) {
    const out = join(outDir, entry.name);
    if (entry.isDirectory()) {
      pruneOrphans(out, join(srcDir, entry.name));
      continue;
    }
    const stem = entry.name.replace(/\.(js|d\.ts|js\.map|d\.ts\.map)$/, '');
    if (stem !== entry.name && !existsSync(join(srcDir, `${stem}.ts`))) unlinkSync(out);
  }
}
