#!/usr/bin/env node
// bench:lint-engine — kf's linter (src/jsonnet/lint, built into dist/) against go-jsonnet v0.22's
// jsonnet-lint, whole processes, on every .jsonnet/.libsonnet file of a folder:
//
//   npm run bench:lint-engine -- DIR [-J LIBDIR]... [--under SUBDIR]
//
// (-J as jsonnet-lint takes them: the right-most wins; relative to DIR; --under lints only the
// files below DIR/SUBDIR, vendor/ folders included.) Both lint all the files in one process, as a CI
// job runs `jsonnet-lint FILE...`; their outputs must be identical. Runs alternate; medians of wall
// times are printed. jsonnet-lint is built into ~/.cache/kf/go-jsonnet-v0.22.0/bin when
// missing (peers.js). Env: KF_BENCH_RUNS (default 3).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureGoJsonnet, log, median } from './peers.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.env.KF_BENCH_RUNS ?? 3);

const args = process.argv.slice(2);
const dir = path.resolve(args[0] ?? '.');
const jflags = [];
let under = '';
for (let i = 1; i < args.length; i++) {
  if (args[i] === '-J') jflags.push(args[++i]);
  else if (args[i] === '--under') under = args[++i];
  else throw new Error(`unknown argument ${args[i]}`);
}
const files = readdirSync(path.join(dir, under), { recursive: true })
  .map(String)
  .filter((f) => /\.(jsonnet|libsonnet)$/.test(f))
  .sort()
  .map((f) => path.join(under, f));
const jsonnetLint = ensureGoJsonnet('jsonnet-lint');
if (jsonnetLint === undefined) throw new Error("could not build go-jsonnet's jsonnet-lint");

// kf's side: the built library in a fresh process, printing what jsonnet-lint prints.
const kfScript = `
import { readFileSync } from 'node:fs';
const { lintSnippets, jpathImporter } = await import(${JSON.stringify(path.join(repo, 'dist', 'jsonnet', 'lint', 'index.js'))});
const { files, jpath } = JSON.parse(process.argv[1]);
const r = lintSnippets(files.map((f) => ({ fileName: f, code: readFileSync(f, 'utf8') })), jpathImporter(jpath));
process.stderr.write(r.output + (r.failed ? 'Problems found!\\n' : ''));
process.exitCode = r.failed ? 2 : 0;
`;

function timed(cmd, cmdArgs) {
  const start = performance.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = performance.now() - start;
  if (r.status !== 0 && r.status !== 2)
    throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return { wall, out: r.stderr };
}

const goArgs = [...jflags.flatMap((d) => ['-J', d]), '--', ...files];
const kfArgs = [
  '--input-type=module',
  '-e',
  kfScript,
  JSON.stringify({ files, jpath: [...jflags].reverse() }),
];
log(
  `${dir}${under ? '/' + under : ''}: ${files.length} files, -J ${jflags.join(' -J ') || '(none)'}; load ${loadavg()[0].toFixed(1)}`,
);
const go = [];
const kf = [];
for (let i = 0; i < runs; i++) {
  const g = timed(jsonnetLint, goArgs);
  const k = timed(process.execPath, kfArgs);
  if (k.out !== g.out)
    throw new Error(
      `outputs differ (run ${i + 1}):\n--- jsonnet-lint\n${g.out.slice(0, 3000)}\n--- kf\n${k.out.slice(0, 3000)}`,
    );
  go.push(g.wall);
  kf.push(k.wall);
  log(
    `run ${i + 1}: jsonnet-lint ${g.wall.toFixed(0)} ms, kf ${k.wall.toFixed(0)} ms (${g.out.split('\n\n\n').length - 1} problems, identical)`,
  );
}
const gm = median(go);
const km = median(kf);
console.log(
  `median of ${runs}: jsonnet-lint ${gm.toFixed(0)} ms, kf ${km.toFixed(0)} ms (kf/jsonnet-lint ${(km / gm).toFixed(2)})`,
);
