// What the Jsonnet benchmarks share: the go-jsonnet v0.22.0 peer (built into
// ${XDG_CACHE_HOME:-~/.cache}/kf/go-jsonnet-v0.22.0/bin on first use, or GO_JSONNET), logging to
// stderr, and the median.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const cache = process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache');
export const goBinDir = path.join(cache, 'kf', 'go-jsonnet-v0.22.0', 'bin');

export function log(line) {
  process.stderr.write(line + '\n');
}

/** The go-jsonnet binary, built when missing (niced: benchmarks share the machine); undefined when the build failed. */
export function ensureGoJsonnet() {
  if (process.env.GO_JSONNET) return process.env.GO_JSONNET;
  const bin = path.join(goBinDir, 'jsonnet');
  if (existsSync(bin)) return bin;
  log(`building go-jsonnet v0.22.0 into ${goBinDir}`);
  mkdirSync(goBinDir, { recursive: true });
  const r = spawnSync('nice', ['go', 'install', 'github.com/google/go-jsonnet/cmd/jsonnet@v0.22.0'], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: goBinDir },
  });
  return r.status === 0 && existsSync(bin) ? bin : undefined;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
