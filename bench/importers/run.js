#!/usr/bin/env node
// bench:importers — `kf tool importers` against Tanka v0.38's `tk tool importers`, whole processes,
// on Grafana Tempo's example/tk (from the real-world set `npm run bench:realworld` assembles), made
// a kf app whose components are its three Tanka environments (as test/tanka/importers.test.ts
// makes it). Cases: every Jsonnet file of lib/ and vendor/ in one call, and single files.
//
// For each case: the Tanka environments each names (tk's, without the examples inside vendor/;
// kf's components), then times, alternating, and prints median wall and CPU times and kf's ratio.
// kf names more where an import chain passes through Tempo's operations/, outside the Tanka root
// tk reads (test/tanka/importers.test.ts shows it on vendor/memcached).
//
// tk is built from test/tanka/go-eval into ~/.cache/kf (as the tests build it) when missing.
// Env: KF_BENCH_RUNS (default 3).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { log } from '../jsonnet/peers.js';
import {
  alternate,
  copyTempo,
  kf,
  loadAverage,
  measure as measureIn,
  printTable,
  repo,
  tankaBinary,
  tempo,
} from '../tanka-peer.js';
const ENVIRONMENTS = ['inline', 'tempo-microservices', 'tempo-single-binary'];

const work = mkdtempSync(path.join(tmpdir(), 'kf-bench-importers-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
// The project (links resolved, as the tests copy it), made a kf app with a component per environment.
const project = copyTempo(work);
if (project === undefined) {
  log(`${tempo} is missing: run npm run bench:realworld to assemble the real-world set`);
  process.exit(1);
}

const measure = (cmd, args, cwd) => measureIn(cmd, args, cwd, work);

function jsonnetFiles(dir, root, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) jsonnetFiles(file, root, out);
    else if (/\.(jsonnet|libsonnet)$/.test(entry.name)) out.push(path.relative(root, file));
  }
  return out.sort();
}

const init = path.join(work, 'init');
const made = spawnSync('node', [kf, 'init', init, '--env', 'dev'], { encoding: 'utf8' });
if (made.status !== 0) throw new Error(`kf init: ${made.stderr}`);
for (const entry of ['app.yaml', 'components', 'environments'])
  renameSync(path.join(init, entry), path.join(project, entry));
for (const env of ENVIRONMENTS)
  writeFileSync(path.join(project, 'components', `${env}.jsonnet`), `import '../${env}/main.jsonnet'\n`);

const all = [
  ...jsonnetFiles(path.join(project, 'lib'), project),
  ...jsonnetFiles(path.join(project, 'vendor'), project),
];
const cases = [
  [`all lib/ and vendor/ files (${all.length})`, all],
  ['lib/k.libsonnet', ['lib/k.libsonnet']],
  ['vendor/ksonnet-util/kausal.libsonnet', ['vendor/ksonnet-util/kausal.libsonnet']],
  ['vendor/memcached/memcached.libsonnet', ['vendor/memcached/memcached.libsonnet']],
];

const tk = tankaBinary(repo);
const names = {
  kf: (stdout) => JSON.parse(stdout).environments.flatMap((e) => e.components),
  tk: (stdout) =>
    stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((main) => path.relative(project, path.dirname(main)))
      .filter((env) => !env.startsWith('vendor/')),
};
const rows = [];
const before = loadAverage();
for (const [label, files] of cases) {
  const { samples, cells } = alternate(
    () => measure('node', [kf, 'tool', 'importers', '-o', 'json', ...files], project),
    () => measure(tk, ['tool', 'importers', ...files], project),
  );
  const named = (name) => names[name](samples[name][0].stdout).sort().join(' ') || '-';
  rows.push([label, named('kf'), named('tk'), ...cells]);
}
printTable(
  'bench:importers',
  before,
  [
    ['files', '---'],
    ['kf names', '---'],
    ['tk names', '---'],
  ],
  rows,
);
