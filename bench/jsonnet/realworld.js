#!/usr/bin/env node
// bench:realworld — the ecosystem's real libraries (assembled by realworld-assemble.js outside the
// repo) rendered by kf (`bin/run.js eval` started as the installed `kf` is, whole process) and go-jsonnet v0.22.0 side by
// side: byte-identical output (stdout, or every file of `-m`), median wall and CPU time (user + sys,
// the comparable figure on a shared machine) per program, with the machine load. The two engines
// alternate in one loop. kf's compile cache (src/jsonnet/compile-cache.ts) starts empty in a scratch
// folder: kf's first run of a program is reported apart ("cold": it compiles and writes the cache,
// unless an earlier program already cached the same library files), the median is over the runs
// after it ("warm"). Exit code 1 when any output differs.
//
// Env: KF_BENCH_RUNS (default 3; programs slower than 5 s run twice), KF_BENCH_ONLY (substring
// filter), KF_BENCH_TIMEOUT_S (per run, default 300), GO_JSONNET (binary; default: built into
// ~/.cache/kf/go-jsonnet-v0.22.0/bin like bench:jsonnet does).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureGoJsonnet, log, median } from './peers.js';
import { ensureRealworld, readTree, saveExpected } from './realworld-assemble.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const runs = Number(process.env.KF_BENCH_RUNS ?? 3);
const only = process.env.KF_BENCH_ONLY;
const timeoutS = Number(process.env.KF_BENCH_TIMEOUT_S ?? 300);

function sameTree(a, b) {
  if (a.size !== b.size) return `${a.size} vs ${b.size} files`;
  for (const [f, bytes] of a) {
    const other = b.get(f);
    if (!other) return `${f} missing`;
    if (!bytes.equals(other)) return `${f} differs`;
  }
  return undefined;
}

/** CPU time (user + sys, ms) of this process's waited-for children (Linux: /proc/self/stat). */
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from the state (field 3) here.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function runOnce(cmd, args, cwd, env) {
  const start = process.hrtime.bigint();
  const cpuStart = childrenCpuMs();
  const r = spawnSync('timeout', ['-k', '5', String(timeoutS), cmd, ...args], {
    cwd,
    env,
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = childrenCpuMs() - cpuStart;
  return {
    ms,
    cpu,
    status: r.status,
    stdout: r.stdout ?? Buffer.alloc(0),
    stderr: r.stderr?.toString() ?? '',
  };
}

/** One run of one engine on one program; `-m OUT` goes to a fresh folder. */
function runProgram(engine, program, cwd, scratch) {
  let out;
  let args = program.args;
  if (program.multi) {
    out = mkdtempSync(path.join(scratch, engine.name + '-'));
    for (const d of program.outDirs ?? []) mkdirSync(path.join(out, d), { recursive: true });
    args = [...(engine.multiArgs ?? []), ...args.map((a) => (a === 'OUT' ? out : a))];
  }
  const r = runOnce(engine.cmd, [...engine.pre, ...args], cwd, engine.env);
  if (program.multi) {
    r.tree = readTree(out);
    rmSync(out, { recursive: true, force: true });
  }
  return r;
}

/**
 * Runs the engines alternately on one program: per engine the first run's result, the median
 * wall and CPU times (of the runs after the first when there are several: warm) and the first
 * run's CPU time (cold).
 */
function measure(program, cwd, scratch) {
  const results = engines.map(() => ({ samples: [], first: undefined }));
  for (let i = 0; i < runs; i++) {
    let stop = false;
    engines.forEach((engine, e) => {
      const r = runProgram(engine, program, cwd, scratch);
      results[e].samples.push(r);
      results[e].first ??= r;
      // A failure stops the runs, unless the program is expected to fail (Loki's test): then it
      // is measured like the others, warm, and not by its first (cold) run alone.
      if ((r.status !== 0 && !program.expectError && !program.followGo) || (r.ms > 5000 && i >= 1))
        stop = true;
    });
    if (stop) break;
  }
  return results.map(({ samples, first }) => {
    const warm = samples.length > 1 ? samples.slice(1) : samples;
    return {
      ...first,
      ms: median(warm.map((r) => r.ms)),
      cpu: median(warm.map((r) => r.cpu)),
      coldCpu: first.cpu,
      n: samples.length,
    };
  });
}

if (!existsSync(path.join(repo, 'dist', 'commands', 'eval.js'))) {
  log('dist/ is missing: run `npm run build` first (npm run bench:realworld does)');
  process.exit(1);
}
const manifest = ensureRealworld();
if (!manifest) {
  log('the real-world set could not be assembled (see above)');
  process.exit(1);
}
const goBin = ensureGoJsonnet();
if (!goBin) {
  log('go-jsonnet v0.22.0 is not available (go install failed): nothing to compare against');
  process.exit(1);
}
const scratch = mkdtempSync(path.join(tmpdir(), 'kf-realworld-'));
const engines = [
  {
    name: 'kf',
    // The file itself, through its /bin/sh line, as the installed `kf` runs (bin/run.js).
    cmd: path.join(repo, 'bin', 'run.js'),
    pre: ['eval'],
    env: { ...process.env, XDG_CACHE_HOME: path.join(scratch, 'cache') },
  },
  // -c: go-jsonnet creates no folders for `-m` files unless asked (kf always does).
  { name: 'go', cmd: goBin, pre: [], multiArgs: ['-c'] },
];
for (const n of manifest.notes) log(`note: ${n}`);
const loadBefore = loadavg();
const rows = [];
let differ = 0;
for (const program of manifest.programs) {
  if (only && !program.name.includes(only)) continue;
  const cwd = path.join(manifest.root, program.cwd);
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    log(`${program.name}: ${cwd} is missing (re-run realworld-assemble.js --force)`);
    differ++;
    continue;
  }
  const [kf, go] = measure(program, cwd, scratch);
  saveExpected(manifest.root, program, go);
  let identical;
  let why = '';
  // another engine's test input (followGo) fails or not as go-jsonnet does
  if (program.expectError || (program.followGo && go.status !== 0)) {
    // Both fail, with the same error output (kf prints go-jsonnet's error layout and texts).
    identical = kf.status !== 0 && go.status !== 0 && kf.stderr === go.stderr;
    if (kf.status === 0 || go.status === 0) why = `expected both to fail: kf ${kf.status}, go ${go.status}`;
    else if (!identical) {
      const [k, g] = [kf.stderr.split('\n'), go.stderr.split('\n')];
      const line = k.findIndex((l, i) => l !== g[i]);
      why = `stderr differs at line ${line + 1}: kf ${JSON.stringify(k[line])}, go ${JSON.stringify(g[line])}`;
    }
  } else if (kf.status !== 0 || go.status !== 0) {
    identical = false;
    why = `exit kf ${kf.status}, go ${go.status}: ${(kf.status !== 0 ? kf.stderr : go.stderr).split('\n')[0]}`;
  } else if (program.multi) {
    const d = sameTree(kf.tree, go.tree);
    identical = d === undefined;
    if (d) why = d;
  } else {
    identical = kf.stdout.equals(go.stdout);
    if (!identical) why = `stdout differs (${kf.stdout.length} vs ${go.stdout.length} bytes)`;
  }
  if (!identical) differ++;
  const row = {
    name: program.name,
    identical,
    kf: kf.ms,
    go: go.ms,
    kfCpu: kf.cpu,
    kfColdCpu: kf.coldCpu,
    goCpu: go.cpu,
    why,
    note: program.note,
  };
  rows.push(row);
  log(
    `${identical ? 'same' : 'DIFF'}  ${program.name}  kf ${kf.ms.toFixed(0)} ms (CPU ${kf.cpu.toFixed(0)}, cold ${kf.coldCpu.toFixed(0)}), go ${go.ms.toFixed(0)} ms (CPU ${go.cpu.toFixed(0)})${why ? '  ' + why : ''}`,
  );
}
rmSync(scratch, { recursive: true, force: true });
const loadAfter = loadavg();

const width = Math.max(...rows.map((r) => r.name.length), 7);
const num = (x, w) => (Number.isFinite(x) ? x.toFixed(0) : '-').padStart(w);
const ratio = (a, b) => (Number.isFinite(a / b) ? (a / b).toFixed(2) : '-').padStart(6);
const lines = [
  `| ${'program'.padEnd(width)} | identical | kf ms | go ms | kf/go | kf CPU ms | go CPU ms | CPU kf/go | kf cold CPU ms | cold kf/go |`,
  `|${'-'.repeat(width + 2)}|-----------|------:|------:|------:|----------:|----------:|----------:|---------------:|-----------:|`,
];
for (const r of rows) {
  lines.push(
    `| ${r.name.padEnd(width)} | ${(r.identical ? 'yes' : 'NO').padEnd(9)} | ${num(r.kf, 5)} | ${num(r.go, 5)} | ${ratio(
      r.kf,
      r.go,
    ).slice(1)} | ${num(r.kfCpu, 9)} | ${num(r.goCpu, 9)} | ${ratio(r.kfCpu, r.goCpu).padStart(9)} | ${num(
      r.kfColdCpu,
      14,
    )} | ${ratio(r.kfColdCpu, r.goCpu).padStart(10)} |`,
  );
}
const fmt = (l) => l.map((x) => x.toFixed(2)).join(' ');
process.stdout.write(lines.join('\n') + '\n');
process.stdout.write(
  `\n${rows.filter((r) => r.identical).length}/${rows.length} identical; ${cpus().length} CPUs; load average before ${fmt(loadBefore)}, after ${fmt(loadAfter)}; runs per program: ${runs} (2 when > 5 s; warm = median of the runs after the first); NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? 'set (kf, started as a program, reads it only for a TLS connection)' : 'not set'}\n`,
);
for (const n of manifest.notes) process.stdout.write(`note: ${n}\n`);
process.exit(differ > 0 ? 1 : 0);
