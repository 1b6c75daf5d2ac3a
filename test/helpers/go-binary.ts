// Go programs the tests run (helm, kustomize, the Tanka and yaml.v3 oracles, an OCI registry), built
// from their Go modules under test/ into ${XDG_CACHE_HOME:-~/.cache}/kf on first use, named by a
// hash of the module's sources, so a changed module builds afresh and CI on the same machine reuses
// the build.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './run-kf.js';

const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kf');

/** Builds `pkg` of the Go module in test/<moduleDir> once (named by its sources); returns the binary. */
export function goBinary(moduleDir: string, name: string, pkg: string): string {
  const src = join(REPO_ROOT, 'test', moduleDir);
  const hash = createHash('sha256');
  for (const f of readdirSync(src)
    .filter((f) => /\.go$|^go\.(mod|sum)$/.test(f))
    .sort())
    hash.update(f).update(readFileSync(join(src, f)));
  const dir = join(CACHE, `${name}-${hash.digest('hex').slice(0, 12)}`);
  const bin = join(dir, name);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`building ${pkg === '.' ? name : pkg} into ${dir} (first run only)\n`);
  const partial = `${bin}.${process.pid}.partial`;
  // Test files run in parallel and may all want helm: one builds (under the lock), the others wait
  // for it and find the binary.
  const r = spawnSync(
    'flock',
    [
      `${dir}.lock`,
      'sh',
      '-c',
      '[ -x "$1" ] || { nice go build -trimpath -ldflags "-s -w" -o "$2" "$3" && mv "$2" "$1"; }',
      'build',
      bin,
      partial,
      pkg,
    ],
    { cwd: src, encoding: 'utf8', env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' } },
  );
  if (r.error) throw new Error(`cannot run flock to build ${name} (${r.error.message})`);
  if (r.status !== 0)
    throw new Error(`go build of ${name} in ${src} failed (Go >= 1.26 is needed):\n${r.stderr}`);
  return bin;
}
