#!/usr/bin/env node
// bench:jsonnet — runs every program in programs/ (plus a generated object with thousands of
// locals and fields) with kf (`node bin/run.js eval`, whole process), go-jsonnet v0.22.0 and C++
// jsonnet, checks that the outputs are identical and prints median wall times, ratios and peak RSS.
//
// go-jsonnet is built into ${XDG_CACHE_HOME:-~/.cache}/kf/go-jsonnet-v0.22.0/bin when missing
// (override with GO_JSONNET); C++ jsonnet is Debian's package, installed with apt-get when missing
// (override with CPP_JSONNET, skip with SKIP_CPP=1). Env: KF_BENCH_RUNS (default 3),
// KF_BENCH_ONLY (substring filter), KF_BENCH_TIMEOUT_S (per run, default 300).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureGoJsonnet, log, median } from './peers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const runs = Number(process.env.KF_BENCH_RUNS ?? 3);
const only = process.env.KF_BENCH_ONLY;
const timeoutMs = Number(process.env.KF_BENCH_TIMEOUT_S ?? 300) * 1000;
// A C++ run slower than this is not repeated (it can take minutes per program).
const slowMs = 20_000;

function aptInstall(pkg) {
  const prefix = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const run = (args) => {
    const all = [...prefix, ...args];
    return spawnSync(all[0], all.slice(1), { stdio: 'inherit' });
  };
  log(`installing ${pkg} with apt-get`);
  run(['apt-get', 'update']);
  return run(['apt-get', 'install', '-y', pkg]).status === 0;
}

function ensureCppJsonnet() {
  if (process.env.SKIP_CPP === '1') return undefined;
  if (process.env.CPP_JSONNET) return process.env.CPP_JSONNET;
  const bin = '/usr/bin/jsonnet';
  if (!existsSync(bin)) aptInstall('jsonnet');
  return existsSync(bin) ? bin : undefined;
}

function ensureTime() {
  if (!existsSync('/usr/bin/time')) aptInstall('time');
  return existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
}

function version(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return (r.stdout || r.stderr || '').trim().split('\n')[0];
}

/** A generated object with 2,000 locals and 2,000 fields (parser and object construction). */
function generateBigObject(dir) {
  const lines = ['{'];
  for (let i = 0; i < 2000; i++) lines.push(`  local l${i} = ${i} * 2 + ${i % 7},`);
  for (let i = 0; i < 2000; i++) lines.push(`  f${i}: l${i} + l${(i * 7) % 2000},`);
  lines.push('}');
  const file = path.join(dir, 'big_object.jsonnet');
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** Runs once; wall time via hrtime, peak RSS (KB) via /usr/bin/time when available. */
function runOnce(timeBin, cmd, args, scratch) {
  const rssFile = path.join(scratch, 'rss');
  rmSync(rssFile, { force: true });
  const timed = timeBin ? [timeBin, '-f', '%M', '-o', rssFile, cmd, ...args] : [cmd, ...args];
  // GNU timeout signals its whole process group, so a slow engine under /usr/bin/time is killed too.
  const argv = ['-k', '5', String(timeoutMs / 1000), ...timed];
  const start = process.hrtime.bigint();
  const r = spawnSync('timeout', argv, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let peakKb;
  if (timeBin && existsSync(rssFile)) peakKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  const timedOut = r.status === 124 || r.status === 137;
  return { ms, peakKb, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ok: r.status === 0, timedOut };
}

function measure(timeBin, cmd, args, scratch, isSlowEngine) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = runOnce(timeBin, cmd, args, scratch);
    samples.push(r);
    if (!r.ok || (isSlowEngine && r.ms > slowMs)) break;
  }
  const ok = samples.every((s) => s.ok);
  return {
    ok,
    timedOut: samples.some((s) => s.timedOut),
    ms: median(samples.map((s) => s.ms)),
    peakKb: Math.max(...samples.map((s) => s.peakKb ?? 0)) || undefined,
    stdout: samples[0].stdout,
    stderr: samples[0].stderr,
    n: samples.length,
  };
}

const kfBin = path.join(repo, 'bin', 'run.js');
if (!existsSync(path.join(repo, 'dist', 'commands', 'eval.js'))) {
  log('dist/ is missing: run `npm run build` first (npm run bench:jsonnet does)');
  process.exit(1);
}
const goBin = ensureGoJsonnet();
const cppBin = ensureCppJsonnet();
const timeBin = ensureTime();

const scratch = mkdtempSync(path.join(tmpdir(), 'kf-bench-'));
const programs = readdirSync(path.join(here, 'programs'))
  .filter((f) => f.endsWith('.jsonnet'))
  .sort()
  .map((f) => path.join(here, 'programs', f));
programs.push(generateBigObject(scratch));

const engines = [{ name: 'kf', cmd: process.execPath, pre: [kfBin, 'eval'] }];
if (goBin) engines.push({ name: 'go', cmd: goBin, pre: [] });
if (cppBin) engines.push({ name: 'cpp', cmd: cppBin, pre: [] });
log(`kf: node ${process.version} ${path.relative(process.cwd(), kfBin)} eval`);
if (goBin) log(`go-jsonnet: ${goBin} (${version(goBin)})`);
if (cppBin) log(`C++ jsonnet: ${cppBin} (${version(cppBin)})`);
log(
  `median of ${runs} runs (a C++ run over ${slowMs / 1000} s is not repeated); peak RSS ${timeBin ? 'from /usr/bin/time' : 'unavailable'}`,
);

const fmtMs = (r) => (!r ? '-' : r.timedOut ? 'timeout' : !r.ok ? 'error' : r.ms.toFixed(0));
const fmtMb = (r) => (r?.peakKb ? (r.peakKb / 1024).toFixed(0) : '-');
const ratio = (a, b) => (a?.ok && b?.ok ? (a.ms / b.ms).toFixed(2) : '-');

const rows = [];
let failures = 0;
for (const file of programs) {
  const name = path.basename(file, '.jsonnet');
  if (only && !name.includes(only)) continue;
  const results = {};
  for (const e of engines) {
    results[e.name] = measure(timeBin, e.cmd, [...e.pre, file], scratch, e.name === 'cpp');
  }
  const { kf, go, cpp } = results;
  if (!kf.ok) {
    failures++;
    log(`kf failed on ${name}: ${kf.stderr.split('\n')[0]}`);
  }
  const same = (other) =>
    !other ? '-' : !other.ok || !kf.ok ? 'n/a' : other.stdout === kf.stdout ? 'yes' : 'NO';
  if (go && go.ok && kf.ok && go.stdout !== kf.stdout) failures++;
  rows.push({
    program: name,
    'kf ms': fmtMs(kf),
    'go ms': fmtMs(go),
    'C++ ms': fmtMs(cpp),
    'kf/go': ratio(kf, go),
    'kf/C++': ratio(kf, cpp),
    'kf MB': fmtMb(kf),
    'go MB': fmtMb(go),
    'C++ MB': fmtMb(cpp),
    '=go': same(go),
    '=C++': same(cpp),
  });
  log(`${name}: kf ${fmtMs(kf)} ms, go ${fmtMs(go)} ms, C++ ${fmtMs(cpp)} ms`);
}
rmSync(scratch, { recursive: true, force: true });

const columns = Object.keys(rows[0] ?? {});
const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
const line = (cells) =>
  '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
console.log(line(columns));
console.log(
  '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|',
);
for (const r of rows) console.log(line(columns.map((c) => String(r[c]))));
console.log('\nkf/go < 1 means kf is faster; =go/=C++: identical stdout.');
process.exitCode = failures > 0 ? 1 : 0;
