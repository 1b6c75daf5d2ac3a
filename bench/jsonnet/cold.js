#!/usr/bin/env node
// bench:cold — kf's first run of a real-world program on an empty compile cache ("cold": it lexes,
// parses, compiles and writes a cache entry for every file it imports) and the run after it
// ("warm"), for one or more builds of kf alternately, so that a change is measured against the
// build before it on a shared machine: `node bench/jsonnet/cold.js [ROOT...]`, where a ROOT is a
// folder with bin/run.js, bin/package.json, package.json and a built dist/ (default: this
// repository; another build is e.g. a copy of those made before the change, with node_modules
// linked). Every pair of runs has a fresh XDG_CACHE_HOME that holds only the build's V8 code cache
// (made once before), so the cold run compiles every Jsonnet file but not the bundle. CPU is user +
// sys of the whole process (Linux: /proc/self/stat, 10 ms resolution); medians over the runs. The
// outputs (stdout and exit status) of all builds and runs must be the same: exit code 1 otherwise.
//
// Env: KF_BENCH_RUNS (default 7), KF_BENCH_ONLY (a regular expression on program names; default
// the library-heavy programs of the cold-run work: Tempo, Loki, rollout-operator, ksonnet-lib,
// grafonnet).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, median } from './peers.js';
import { ensureRealworld } from './realworld-assemble.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const roots = process.argv.length > 2 ? process.argv.slice(2).map((r) => path.resolve(r)) : [repo];
const runs = Number(process.env.KF_BENCH_RUNS ?? 7);
const only = new RegExp(
  process.env.KF_BENCH_ONLY ??
    '^(tempo jsonnet-compiled/microservices|tempo microservices test/environments/default|loki enterprise-logs test/eval|rollout-operator test-rollout-operator-enabled-default|ksonnet-lib hello \\(beta\\.3\\)|grafonnet test/smoke_test)$',
);

/** CPU time (user + sys, ms) of this process's waited-for children. */
function childrenCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

function run(root, program, cacheHome) {
  const cpu = childrenCpuMs();
  const start = process.hrtime.bigint();
  const r = spawnSync(path.join(root, 'bin', 'run.js'), ['eval', ...program.args], {
    cwd: path.join(manifest.root, program.cwd),
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
    maxBuffer: 1 << 30,
  });
  const output = `${r.status} ${createHash('sha256')
    .update(r.stdout ?? '')
    .digest('hex')}`;
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpu: childrenCpuMs() - cpu, output };
}

for (const root of roots) {
  if (!existsSync(path.join(root, 'dist', 'cli', 'eval.bundle.cjs'))) {
    log(`${root}: no dist/cli/eval.bundle.cjs (run npm run build there)`);
    process.exit(1);
  }
}
const manifest = ensureRealworld();
if (!manifest) {
  log('the real-world set could not be assembled (see above)');
  process.exit(1);
}
const programs = manifest.programs.filter((p) => only.test(p.name));
const scratch = mkdtempSync(path.join(tmpdir(), 'kf-cold-'));
// Each build's V8 code cache, made by two runs of the first program; its compile cache removed.
const codeCaches = roots.map((root, i) => {
  const home = path.join(scratch, `code-${i}`);
  run(root, programs[0], home);
  run(root, programs[0], home);
  rmSync(path.join(home, 'kf', 'jsonnet-compiled'), { recursive: true, force: true });
  return home;
});
const loadBefore = loadavg();
let differ = 0;
const rows = [];
for (const program of programs) {
  const samples = roots.map(() => ({ cold: [], coldMs: [], warm: [], warmMs: [] }));
  const outputs = new Set();
  for (let i = 0; i < runs; i++) {
    roots.forEach((root, j) => {
      const home = mkdtempSync(path.join(scratch, 'home-'));
      cpSync(codeCaches[j], home, { recursive: true });
      const cold = run(root, program, home);
      const warm = run(root, program, home);
      rmSync(home, { recursive: true, force: true });
      samples[j].cold.push(cold.cpu);
      samples[j].coldMs.push(cold.ms);
      samples[j].warm.push(warm.cpu);
      samples[j].warmMs.push(warm.ms);
      outputs.add(cold.output).add(warm.output);
    });
  }
  if (outputs.size !== 1) differ++;
  roots.forEach((root, j) => {
    const s = samples[j];
    rows.push(
      `| ${program.name} | ${path.basename(root)} | ${outputs.size === 1 ? 'yes' : 'NO'} | ${median(s.cold)} | ${median(
        s.coldMs,
      ).toFixed(0)} | ${median(s.warm)} | ${median(s.warmMs).toFixed(0)} |`,
    );
    log(rows.at(-1));
  });
}
rmSync(scratch, { recursive: true, force: true });
const fmt = (l) => l.map((x) => x.toFixed(2)).join(' ');
process.stdout.write(
  [
    '| program | build | same output | cold CPU ms | cold wall ms | warm CPU ms | warm wall ms |',
    '|---|---|---|--:|--:|--:|--:|',
    ...rows,
    '',
    `${runs} runs per build and program (alternating); ${cpus().length} CPUs; load average before ${fmt(loadBefore)}, after ${fmt(loadavg())}`,
    '',
  ].join('\n'),
);
process.exit(differ > 0 ? 1 : 0);
