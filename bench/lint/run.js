#!/usr/bin/env node
// bench:lint — `kf lint` against Tanka v0.38's `tk lint` (go-jsonnet v0.22's linter), whole
// processes, on folders of a Tanka project: Grafana Tempo's example environments (from the
// real-world set `npm run bench:realworld` assembles) and any `PROJECT:FOLDER` given (FOLDER
// relative to the project root, the folder holding jsonnetfile.json).
//
// For each folder: checks that `kf lint` prints what `tk lint -n 1` prints, byte for byte; then
// times, alternating, `kf lint FOLDER` and `tk lint FOLDER` (its default 4 workers) and prints
// median wall and CPU times and kf's ratio.
//
// tk is built from test/tanka/go-eval into ~/.cache/kf (as the tests build it) when missing.
// Env: KF_BENCH_RUNS (default 3).
import { mkdtempSync, rmSync } from 'node:fs';
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

const work = mkdtempSync(path.join(tmpdir(), 'kf-bench-lint-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const measure = (cmd, args, cwd) => measureIn(cmd, args, cwd, work, [0, 1]);

const folders = [];
const project = copyTempo(work);
if (project !== undefined) {
  for (const folder of ['tempo-single-binary', 'tempo-microservices', 'lib', '.'])
    folders.push([`tempo example/tk ${folder}`, project, folder]);
} else log(`${tempo} is missing: run npm run bench:realworld to assemble the real-world set`);
for (const arg of process.argv.slice(2)) {
  const [project, folder = '.'] = arg.split(':');
  folders.push([arg, path.resolve(project), folder]);
}

const tk = tankaBinary(repo);
const rows = [];
const before = loadAverage();
for (const [label, project, folder] of folders) {
  const absolute = path.join(project, folder);
  // tk names files by absolute path; kf by the path given. tk needs a relative one: its default
  // exclude **/.* would match a hidden folder anywhere in an absolute path.
  const kfOut = measure('node', [kf, 'lint', absolute], project).stdout;
  const tkOut = measure(tk, ['lint', '-n', '1', folder], project).stdout;
  const identical = kfOut === tkOut;
  const problems = (tkOut.match(/^\/.*:\d+:\d+(-\d+)? /gm) ?? []).length;
  const { cells } = alternate(
    () => measure('node', [kf, 'lint', folder], project),
    () => measure(tk, ['lint', folder], project),
  );
  rows.push([label, problems, identical ? 'yes' : 'NO', ...cells]);
}
printTable(
  'bench:lint',
  before,
  [
    ['folder', '---'],
    ['problems (tk)', '--:'],
    ['identical', '---'],
  ],
  rows,
);
