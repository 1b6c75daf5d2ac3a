// What the Jsonnet benchmarks (and the formatter's parity test) share: the go-jsonnet v0.22.0 peer (built into
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

/**
 * A go-jsonnet v0.22.0 command (`jsonnet`, `jsonnetfmt`), built when missing (niced: benchmarks and
 * tests share the machine); undefined when the build failed. GO_JSONNET names a `jsonnet` to use.
 */
export function ensureGoJsonnet(command = 'jsonnet') {
  if (command === 'jsonnet' && process.env.GO_JSONNET) return process.env.GO_JSONNET;
  const bin = path.join(goBinDir, command);
  if (existsSync(bin)) return bin;
  log(`building go-jsonnet v0.22.0's ${command} into ${goBinDir}`);
  mkdirSync(goBinDir, { recursive: true });
  const r = spawnSync('nice', ['go', 'install', `github.com/google/go-jsonnet/cmd/${command}@v0.22.0`], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: goBinDir },
  });
  return r.status === 0 && existsSync(bin) ? bin : undefined;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
