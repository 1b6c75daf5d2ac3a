// What the benchmarks against Tanka's tk share: the tk binary (built from test/tanka/go-eval into
// ~/.cache/kf as the tests build it, when missing), one whole-process measurement, and the copy of
// Grafana Tempo's example project from the real-world set, alternating kf and tk, and the table.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { cpus, homedir, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './jsonnet/peers.js';

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

/** The machine's load average, as the tables print it. */
export function loadAverage() {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/**
 * `runs` alternating runs of kf and tk (each a function returning measure()'s result): the
 * samples, and the table cells of their medians (kf ms, tk ms, kf/tk, kf CPU ms, tk CPU ms).
 */
export function alternate(kfRun, tkRun) {
  const samples = { kf: [], tk: [] };
  for (let i = 0; i < runs; i++) {
    samples.kf.push(kfRun());
    samples.tk.push(tkRun());
  }
  const wall = (name) => median(samples[name].map((s) => s.ms));
  const cpu = (name) => median(samples[name].map((s) => s.cpu));
  const cells = [wall('kf'), wall('tk')].map((ms) => ms.toFixed(0));
  cells.push((wall('kf') / wall('tk')).toFixed(2), cpu('kf').toFixed(0), cpu('tk').toFixed(0));
  return { samples, cells };
}

/** The columns of alternate()'s cells: [title, alignment] */
const TIME_COLUMNS = [
  ['kf ms', '--:'],
  ['tk ms', '--:'],
  ['kf/tk', '--:'],
  ['kf CPU ms', '--:'],
  ['tk CPU ms', '--:'],
];

/**
 * Prints a benchmark's table: its name, runs, CPUs and load (`before` and now), then the columns
 * `leading` ([title, alignment]) and alternate()'s, and the rows.
 */
export function printTable(name, before, leading, rows) {
  const header = [...leading, ...TIME_COLUMNS];
  console.log(
    `${name} — ${runs} alternating runs each, medians; ${cpus().length} CPUs; load average before ${before}, after ${loadAverage()}\n`,
  );
  console.log(`| ${header.map(([title]) => title).join(' | ')} |`);
  console.log(`|${header.map(([, align]) => align).join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
