// What the benchmarks against Tanka's tk share: the tk binary (built from test/tanka/go-eval into
// ~/.cache/kf as the tests build it, when missing) and one whole-process measurement.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

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
