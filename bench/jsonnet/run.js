#!/usr/bin/env node
// bench:jsonnet — runs every program in programs/ (plus a generated big object) with kf's engine,
// go-jsonnet and C++ jsonnet, checks the outputs are identical and prints time ratios and peak memory.
// go-jsonnet: `go install github.com/google/go-jsonnet/cmd/jsonnet@v0.22.0` into ~/.cache/kf/go/bin
// (or set GO_JSONNET); C++: Debian's `jsonnet` (or set CPP_JSONNET).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cache = process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache');
const goBin = process.env.GO_JSONNET ?? path.join(cache, 'kf', 'go', 'bin', 'jsonnet');
const cppBin = process.env.CPP_JSONNET ?? '/usr/bin/jsonnet';
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function generateBigObject() {
  const dir = mkdtempSync(path.join(tmpdir(), 'kf-bench-'));
  const lines = ['{'];
  for (let i = 0; i < 2000; i++) lines.push(`  local l${i} = ${i} * 2,`);
  for (let i = 0; i < 2000; i++) lines.push(`  f${i}: l${i} + ${i},`);
  lines.push('}');
  const file = path.join(dir, 'big_object.jsonnet');
  writeFileSync(file, lines.join('\n'));
  return file;
}

function run(cmd, args) {
  const full = timeBin ? [timeBin, ['-f', '%M', cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 120_000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let peakKb;
  let stderr = r.stderr ?? '';
  if (timeBin) {
    const lines = stderr.trimEnd().split('\n');
    peakKb = Number(lines.pop());
    stderr = lines.join('\n');
  }
  return { ms, peakKb, stdout: r.stdout, ok: r.status === 0, stderr };
}

const programs = readdirSync(path.join(here, 'programs'))
  .filter((f) => f.endsWith('.jsonnet'))
  .sort()
  .map((f) => path.join(here, 'programs', f));
programs.push(generateBigObject());

const engines = [['kf', process.execPath, [path.join(here, 'kf-jsonnet.js')]]];
if (existsSync(goBin)) engines.push(['go', goBin, []]);
if (existsSync(cppBin) && process.env.SKIP_CPP !== '1') engines.push(['cpp', cppBin, []]);

const rows = [];
for (const file of programs) {
  const results = {};
  for (const [name, cmd, pre] of engines) results[name] = run(cmd, [...pre, file]);
  const kf = results.kf;
  const same = Object.values(results).every((r) => r.ok && r.stdout === kf.stdout);
  rows.push({
    program: path.basename(file, '.jsonnet'),
    'kf ms': kf.ms.toFixed(0),
    'go ms': results.go?.ms.toFixed(0) ?? '-',
    'go/kf': results.go ? (results.go.ms / kf.ms).toFixed(2) : '-',
    'cpp ms': results.cpp?.ms.toFixed(0) ?? '-',
    'cpp/kf': results.cpp ? (results.cpp.ms / kf.ms).toFixed(2) : '-',
    'kf MB': kf.peakKb ? (kf.peakKb / 1024).toFixed(0) : '-',
    'go MB': results.go?.peakKb ? (results.go.peakKb / 1024).toFixed(0) : '-',
    'same output': same ? 'yes' : 'NO',
  });
  if (!kf.ok) process.stderr.write(`kf failed on ${file}: ${kf.stderr}\n`);
}
console.table(rows);
