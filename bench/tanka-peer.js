// What the benchmarks against Tanka's tk share: the tk binary (built from test/tanka/go-eval into
// ~/.cache/kf as the tests build it, when missing), one whole-process measurement, and the copy of
// Grafana Tempo's example project from the real-world set.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const kf = path.join(repo, 'bin', 'run.js');
export const runs = Number(process.env.KF_BENCH_RUNS ?? 3);
const cache = path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'kf');
/** Tempo's checkout in the real-world set that `npm run bench:realworld` assembles */
export const tempo = path.join(cache, 'realworld', 'grafana+tempo');

/**
 * Tempo's example/tk and the operations/ its lib/ links climb into, copied under `work` with links
 * resolved (as the tests copy it); returns the project folder, or undefined when the set is missing.
 */
export function copyTempo(work) {
  if (!existsSync(path.join(tempo, 'example', 'tk', 'vendor'))) return undefined;
  const copy = path.join(work, 'tempo');
  for (const dir of ['example', 'operations'])
    cpSync(path.join(tempo, dir), path.join(copy, dir), { recursive: true, dereference: true });
  return path.join(copy, 'example', 'tk');
}

/** tk, built as test/tanka/harness.ts builds it (test/helpers/go-binary.ts). */
export function tankaBinary(repo) {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "import('./test/tanka/harness.ts').then((m) => process.stdout.write(m.tankaBinary()))",
    ],
    { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (r.status !== 0 || !existsSync(r.stdout)) throw new Error('could not build tk (test/tanka/go-eval)');
  return r.stdout;
}

/**
 * Wall and CPU (user + system) milliseconds of one run, from GNU time (its report written into
 * folder `work`), and its output; an exit status outside `statuses` is an error.
 */
export function measure(cmd, args, cwd, work, statuses = [0]) {
  const timeFile = path.join(work, 'time.txt');
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', cmd, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!statuses.includes(r.status))
    throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} … exited ${r.status}: ${r.stderr}`);
  const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpu: (user + sys) * 1000, stdout: r.stdout };
}
