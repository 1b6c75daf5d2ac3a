#!/usr/bin/env node
// bench:fmt — `kf fmt` against go-jsonnet v0.22's jsonnetfmt and Tanka's `tk fmt` (whole
// processes), on the walkthrough app (made here, offline) and on any folders of Jsonnet given as
// arguments (public libraries fetched outside the repo: kube-prometheus, grafonnet, …).
//
// For each folder: formats a copy with each tool and checks the three trees are byte-identical;
// then times, alternating, `kf fmt --test DIR` cold (its result cache, ~/.cache/kf/fmt, emptied
// first) and warm (the cache the cold run left), `jsonnetfmt --test FILE…` (one process) and
// `tk fmt --test DIR` on the original, and prints median wall and CPU times and kf's ratios. kf
// runs with a cache folder of the bench's own (XDG_CACHE_HOME), where its V8 code caches are the
// user's (a link), so only its result cache is cold. kf is run as a program (bin/run.js's shell
// line, as `kf` starts). The files are those kf and tk find (hidden folders and vendor/ skipped).
//
// jsonnetfmt is built into ~/.cache/kf/go-jsonnet-v0.22.0/bin when missing (bench/jsonnet/peers.js);
// tk is ~/.cache/kf/tanka/bin/tk (build: bench/render/README.md) or TK_BIN, left out when missing.
// Env: KF_BENCH_RUNS (default 5).
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { homedir, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { walkthroughSteps } from '../../scripts/walkthrough.js';
import { ensureGoJsonnet, log, median } from '../jsonnet/peers.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const kf = path.join(repo, 'bin', 'run.js');
const runs = Number(process.env.KF_BENCH_RUNS ?? 5);
const cache = path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'kf');
const tkBin = process.env.TK_BIN ?? path.join(cache, 'tanka', 'bin', 'tk');
const tk = existsSync(tkBin) ? tkBin : undefined;
const jsonnetfmt = ensureGoJsonnet('jsonnetfmt');
if (jsonnetfmt === undefined) throw new Error("could not build go-jsonnet's jsonnetfmt");
if (tk === undefined) log(`no tk at ${tkBin}: Tanka left out (see bench/render/README.md to build it)`);

const work = mkdtempSync(path.join(tmpdir(), 'kf-bench-fmt-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// kf's caches during the bench: the user's V8 code caches, a result cache of its own.
const kfCacheHome = path.join(work, 'cache');
mkdirSync(path.join(cache, 'v8-code'), { recursive: true });
mkdirSync(path.join(kfCacheHome, 'kf'), { recursive: true });
symlinkSync(path.join(cache, 'v8-code'), path.join(kfCacheHome, 'kf', 'v8-code'));
const kfEnv = { ...process.env, XDG_CACHE_HOME: kfCacheHome };
const emptyResultCache = () => rmSync(path.join(kfCacheHome, 'kf', 'fmt'), { recursive: true, force: true });

function run(cmd, args, cwd, allowed = [0]) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: kfEnv });
  if (!allowed.includes(r.status))
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

/** The walkthrough app, built offline by its own steps (scripts/walkthrough.js). */
function walkthroughApp() {
  const parent = path.join(work, 'walkthrough');
  const app = path.join(parent, 'my-kubeflow');
  run('mkdir', ['-p', parent], work);
  const steps = walkthroughSteps({ registry: path.join(repo, 'registry', 'kubeflow'), cluster: false });
  for (const step of steps.filter((s) => !s.expectFailure))
    run(kf, step.args, step.cwd === 'parent' ? parent : app);
  return app;
}

/**
 * The Jsonnet files kf fmt finds in `dir` (relative paths). Its standard error goes to a file: through
 * a pipe, the end of a long listing was lost when kf exits 3 (some file not formatted).
 */
function jsonnetFiles(dir) {
  const listing = path.join(work, 'listing.txt');
  const fd = openSync(listing, 'w');
  const r = spawnSync(kf, ['fmt', '--no-cache', '--test', '-v', '.'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', fd],
    env: kfEnv,
  });
  closeSync(fd);
  if (r.status !== 0 && r.status !== 3) throw new Error(`kf fmt --test -v in ${dir} exited ${r.status}`);
  return [...readFileSync(listing, 'utf8').matchAll(/^(?:ok |fmt) (.+)$/gm)].map((m) => m[1]);
}

function tree(dir, files) {
  return files.map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

/** Formats a copy of `dir` with each tool; the names of those whose result differs from kf's. */
function compare(dir, files) {
  const copy = (name) => {
    const to = path.join(work, `${name}-${path.basename(dir)}`);
    rmSync(to, { recursive: true, force: true });
    cpSync(dir, to, { recursive: true });
    return to;
  };
  const kfDir = copy('kf');
  run(kf, ['fmt', '--no-cache', '.'], kfDir); // the formatter itself, on every file
  const want = tree(kfDir, files);
  const others = [['jsonnetfmt', (d) => run(jsonnetfmt, ['-i', '--', ...files], d)]];
  if (tk) others.push(['tk', (d) => run(tk, ['fmt', '.'], d)]);
  const differing = [];
  for (const [name, format] of others) {
    const d = copy(name);
    format(d);
    const got = tree(d, files);
    if (got.some((text, i) => text !== want[i])) differing.push(name);
  }
  return differing;
}

/** Wall and CPU (user + system) milliseconds of one run, from GNU time. */
function measure(cmd, args, cwd) {
  const timeFile = path.join(work, 'time.txt');
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', cmd, ...args], {
    cwd,
    stdio: 'ignore',
    env: kfEnv,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (
    r.status !== 0 &&
    r.status !== 3 &&
    !(cmd === jsonnetfmt && r.status === 2) &&
    !(cmd === tk && r.status === 16)
  )
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpu: (user + sys) * 1000 };
}

const folders = [
  ['walkthrough app', walkthroughApp()],
  ...process.argv.slice(2).map((d) => [d, path.resolve(d)]),
];
const rows = [];
for (const [label, dir] of folders) {
  const files = jsonnetFiles(dir);
  const bytes = files.reduce((n, f) => n + readFileSync(path.join(dir, f)).length, 0);
  const differing = compare(dir, files);
  const tools = [
    [
      'kf',
      () => {
        emptyResultCache();
        return measure(kf, ['fmt', '--test', '.'], dir);
      },
    ],
    ['kf warm', () => measure(kf, ['fmt', '--test', '.'], dir)],
    ['jsonnetfmt', () => measure(jsonnetfmt, ['--test', '--', ...files], dir)],
  ];
  if (tk) tools.push(['tk', () => measure(tk, ['fmt', '--test', '.'], dir)]);
  const samples = Object.fromEntries(tools.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) for (const [name, fn] of tools) samples[name].push(fn());
  const med = (name, key) => median(samples[name].map((s) => s[key]));
  rows.push({ label, files: files.length, kb: Math.round(bytes / 1024), differing, med });
  log(`${label}: done`);
}

const fmt = (n) => String(Math.round(n));
const ratio = (a, b) => (a / b).toFixed(2);
console.log(
  `bench:fmt — ${runs} alternating runs each, medians; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log('');
console.log(
  'kf: cold (result cache emptied before each run) and warm (the cache the cold run left: files it found formatted are skipped)',
);
console.log('');
console.log(
  '| folder | files | KB | identical | kf ms | kf warm ms | jsonnetfmt ms | kf/jsonnetfmt | warm/jsonnetfmt | tk ms | kf/tk | kf CPU ms | kf warm CPU ms | jsonnetfmt CPU ms | tk CPU ms |',
);
console.log('|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const r of rows) {
  const t = tk ? [fmt(r.med('tk', 'ms')), ratio(r.med('kf', 'ms'), r.med('tk', 'ms'))] : ['-', '-'];
  console.log(
    `| ${r.label} | ${r.files} | ${r.kb} | ${r.differing.length === 0 ? 'yes' : `no: ${r.differing.join(', ')}`} | ${fmt(r.med('kf', 'ms'))} | ${fmt(r.med('kf warm', 'ms'))} | ${fmt(r.med('jsonnetfmt', 'ms'))} | ${ratio(r.med('kf', 'ms'), r.med('jsonnetfmt', 'ms'))} | ${ratio(r.med('kf warm', 'ms'), r.med('jsonnetfmt', 'ms'))} | ${t[0]} | ${t[1]} | ${fmt(r.med('kf', 'cpu'))} | ${fmt(r.med('kf warm', 'cpu'))} | ${fmt(r.med('jsonnetfmt', 'cpu'))} | ${tk ? fmt(r.med('tk', 'cpu')) : '-'} |`,
  );
}
if (rows.some((r) => r.differing.length > 0)) process.exitCode = 1;
