// Render benchmark: `kf export --all` against Tanka's `tk export` on the same 200 components ×
// 5 environments (see generate.ts), checking both produce the same objects; then kf alone at
// 50, 200 and 800 components to see how its time grows.
// Usage: npm run bench:render [-- --runs N --sizes 50,200,800 --compare 200]
// Tanka v0.38.0 is the tk the tests build from its Go module (test/tanka/go-eval, into ~/.cache/kf
// on first use); TK_BIN names another.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { listTree } from '../../src/render/export-tree.js';
import { toJson } from '../../src/render/output.js';
import { tankaBinary } from '../../test/tanka/harness.js';
import { ENVIRONMENTS, generateKfApp, generateTankaProject } from './generate.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const runs = Number(option('runs', '3'));
const sizes = option('sizes', '50,200,800').split(',').map(Number);
const compareSize = Number(option('compare', '200'));

const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kf');
const work = join(cache, 'bench-render');
const kfBin = process.env.KF_BIN ?? fileURLToPath(new URL('../../bin/run.js', import.meta.url));
const tkBin = process.env.TK_BIN ?? buildTanka();
/** tk as the tests build it; undefined (said why) when Go cannot build it here. */
function buildTanka(): string | undefined {
  try {
    return tankaBinary();
  } catch (error) {
    console.log(`could not build Tanka: ${(error as Error).message}`);
    return undefined;
  }
}
const TANKA_FORMAT = '{{env.spec.namespace}}/{{.apiVersion}}.{{.kind}}-{{.metadata.name}}';

interface Sample {
  /** wall-clock time */
  ms: number;
  /** user + system CPU time of the process and its threads */
  cpuMs: number;
  peakKb: number;
}

/** Runs a command under GNU time; returns wall time and the peak resident set size. */
function measure(command: string, args: string[], cwd: string): Sample {
  const timeFile = join(work, 'time.txt');
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%M %U %S', command, ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 << 20,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${String(result.stderr).slice(-3000)}`,
    );
  const [peakKb, user, system] = readFileSync(timeFile, 'utf8')
    .trim()
    .split('\n')
    .pop()!
    .split(' ')
    .map(Number);
  return { ms, cpuMs: (user + system) * 1000, peakKb };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function kfExport(app: string, out: string): Sample {
  rmSync(out, { recursive: true, force: true });
  // The file itself, through its /bin/sh line, as the installed `kf` runs (bin/run.js).
  return measure(kfBin, ['export', '--all', out], app);
}

function tkExport(tk: string, project: string, out: string): Sample {
  rmSync(out, { recursive: true, force: true });
  return measure(
    tk,
    ['export', out, ...ENVIRONMENTS.map((e) => `environments/${e}`), '-r', '--format', TANKA_FORMAT],
    project,
  );
}

/** Every object under an export folder as canonical JSON (sorted keys), sorted. */
function objectsIn(dir: string): string[] {
  const out: string[] = [];
  for (const path of listTree(dir)) {
    if (!/\.ya?ml$/.test(path)) continue;
    for (const doc of parseAllDocuments(readFileSync(join(dir, path), 'utf8'))) {
      const value = doc.toJS() as unknown;
      if (value !== null && value !== undefined) out.push(toJson(value));
    }
  }
  return out.sort();
}

function compareOutputs(
  kfOut: string,
  tkOut: string,
): { equal: boolean; kf: number; tk: number; detail: string } {
  const a = objectsIn(kfOut);
  const b = objectsIn(tkOut);
  const equal = a.length === b.length && a.every((x, i) => x === b[i]);
  if (equal) return { equal, kf: a.length, tk: b.length, detail: '' };
  const inA = new Set(a);
  const inB = new Set(b);
  const onlyKf = a.filter((x) => !inB.has(x));
  const onlyTk = b.filter((x) => !inA.has(x));
  const detail = `first object only in kf:\n${onlyKf[0] ?? '(none)'}\nfirst object only in tk:\n${onlyTk[0] ?? '(none)'}`;
  return { equal, kf: a.length, tk: b.length, detail };
}

const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

function main(): void {
  mkdirSync(work, { recursive: true });
  if (!existsSync(kfBin) || !existsSync(join(fileURLToPath(new URL('../../dist', import.meta.url)))))
    throw new Error('build kf first: npm run build');
  const tk = tkBin !== undefined && existsSync(tkBin) ? tkBin : undefined;
  console.log(
    `render bench: ${compareSize} components × ${ENVIRONMENTS.length} environments (Deployment + Service + ConfigMap each), ${runs} runs per tool`,
  );

  const kfApp = join(work, `kf-${compareSize}`);
  const tkProject = join(work, `tanka-${compareSize}`);
  generateKfApp(kfApp, compareSize);
  generateTankaProject(tkProject, compareSize);
  const kfOut = join(work, 'out-kf');
  const tkOut = join(work, 'out-tk');

  const kfSamples: Sample[] = [];
  const tkSamples: Sample[] = [];
  kfExport(kfApp, kfOut); // warm the file cache
  if (tk) tkExport(tk, tkProject, tkOut);
  for (let i = 0; i < runs; i++) {
    kfSamples.push(kfExport(kfApp, kfOut));
    if (tk) tkSamples.push(tkExport(tk, tkProject, tkOut));
  }
  const kfMs = median(kfSamples.map((s) => s.ms));
  const kfCpu = median(kfSamples.map((s) => s.cpuMs));
  const kfPeak = Math.max(...kfSamples.map((s) => s.peakKb));
  console.log(
    `kf export --all        median ${kfMs.toFixed(0)} ms wall, ${kfCpu.toFixed(0)} ms CPU  (wall runs: ${kfSamples.map((s) => s.ms.toFixed(0)).join(', ')})  peak RSS ${mb(kfPeak)}`,
  );
  if (tk) {
    const tkMs = median(tkSamples.map((s) => s.ms));
    const tkCpu = median(tkSamples.map((s) => s.cpuMs));
    const tkPeak = Math.max(...tkSamples.map((s) => s.peakKb));
    console.log(
      `tk export (Tanka)      median ${tkMs.toFixed(0)} ms wall, ${tkCpu.toFixed(0)} ms CPU  (wall runs: ${tkSamples.map((s) => s.ms.toFixed(0)).join(', ')})  peak RSS ${mb(tkPeak)}`,
    );
    const same = compareOutputs(kfOut, tkOut);
    console.log(
      `object sets equal: ${same.equal ? 'yes' : 'NO'} (kf ${same.kf} objects, tk ${same.tk} objects)`,
    );
    if (!same.equal) console.log(same.detail);
    const ratio = kfMs / tkMs;
    console.log(
      `time ratio kf/tk: ${ratio.toFixed(3)} wall (target <= 0.15, issue 18) ${ratio <= 0.15 ? 'OK' : 'ABOVE TARGET'}; ${(kfCpu / tkCpu).toFixed(2)} CPU`,
    );
  } else {
    console.log(`Tanka not found at ${tkBin ?? '(not built)'}: comparison skipped`);
  }

  console.log(`\nkf export --all growth (${ENVIRONMENTS.length} environments, median of ${runs}):`);
  const growth: Array<[number, number, number]> = [];
  for (const size of sizes) {
    const app = join(work, `kf-${size}`);
    if (size !== compareSize) generateKfApp(app, size);
    const samples = Array.from({ length: runs }, () => kfExport(app, join(work, `out-kf-${size}`)));
    const ms = median(samples.map((s) => s.ms));
    const cpu = median(samples.map((s) => s.cpuMs));
    growth.push([size, ms, cpu]);
    console.log(
      `  ${String(size).padStart(4)} components  ${(size * 3 * ENVIRONMENTS.length).toString().padStart(6)} objects  ${ms.toFixed(0).padStart(7)} ms wall  ${cpu.toFixed(0).padStart(7)} ms CPU  ${(cpu / size).toFixed(1)} CPU ms/component  peak RSS ${mb(Math.max(...samples.map((s) => s.peakKb)))}`,
    );
  }
  if (growth.length >= 2) {
    const [firstSize, firstMs, firstCpu] = growth[0];
    const [lastSize, lastMs, lastCpu] = growth[growth.length - 1];
    console.log(
      `  ${lastSize / firstSize}x components → ${(lastMs / firstMs).toFixed(1)}x wall time, ${(lastCpu / firstCpu).toFixed(1)}x CPU time (linear: about ${lastSize / firstSize}x, less with a fixed start-up cost)`,
    );
  }
}

main();
