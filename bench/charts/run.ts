// Helm charts and kustomize inside Jsonnet, kf against Tanka v0.38 in the same run: seven
// prometheus-community charts and kube-prometheus' kustomization rendered through grafana/jsonnet-libs'
// tanka-util (the inputs of test/tanka/real-charts.test.ts, from the mirrors at pinned commits), by
// `kf show` in a kf app and `tk show` in a Tanka project, both running the same helm and kustomize.
// Checks that both render the same objects (kf's own two labels aside), then times them alternately.
//
//   npm run bench:charts -- [--runs N]      (Tanka: $TK_BIN, else ~/.cache/kf/tanka/bin/tk; see bench/render)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { assembleRealCharts, helmBinary, kustomizeBinary, realComponents } from '../../test/tanka/harness.js';

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kf');
const work = join(cache, 'bench-charts');
const kfBin = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
const tkBin = process.env.TK_BIN ?? join(cache, 'tanka', 'bin', 'tk');

const artifacts = assembleRealCharts();
if ('missing' in artifacts) {
  process.stderr.write(`cannot run: ${artifacts.missing}\n`);
  process.exit(1);
}
const helm = helmBinary();
const kustomize = kustomizeBinary();
const env = {
  ...process.env,
  KF_HELM_PATH: helm,
  KF_KUSTOMIZE_PATH: kustomize,
  TANKA_HELM_PATH: helm,
  TANKA_KUSTOMIZE_PATH: kustomize,
};

// The kf app: one component per chart or kustomization.
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const app = join(work, 'kf-app');
run(kfBin, ['init', app, '--env', 'default', '--namespace', 'monitoring'], work);
cpSync(artifacts.dir, app, { recursive: true, filter: (f) => !f.endsWith('.complete') });
for (const [file, text] of realComponents('../')) writeFileSync(join(app, 'components', file), text);

// The Tanka project: the same files, imported by one environment.
const project = join(work, 'tanka');
const envDir = join(project, 'environments', 'default');
mkdirSync(join(envDir, 'components'), { recursive: true });
cpSync(artifacts.dir, project, { recursive: true, filter: (f) => !f.endsWith('.complete') });
writeFileSync(join(project, 'jsonnetfile.json'), '{}\n');
writeFileSync(
  join(envDir, 'spec.json'),
  JSON.stringify({
    apiVersion: 'tanka.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name: 'environments/default' },
    spec: { apiServer: 'https://127.0.0.1:6443', namespace: 'monitoring' },
  }),
);
const fields: string[] = [];
for (const [file, text] of realComponents('../../../')) {
  writeFileSync(join(envDir, 'components', file), text);
  fields.push(`  ${JSON.stringify(file.replace(/\.jsonnet$/, ''))}: import 'components/${file}',`);
}
writeFileSync(join(envDir, 'main.jsonnet'), `{\n${fields.join('\n')}\n}\n`);

const kfShow = ['show', 'default'];
const tkShow = ['show', 'environments/default', '--dangerous-allow-redirect'];

// Same objects? As multisets: the prometheus-adapter chart and kube-prometheus both hold a
// ServiceAccount prometheus-adapter, the CRD chart and kube-prometheus some CRDs.
type Obj = { metadata: { labels?: Record<string, string> } };
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(value);
/** kf's two labels replace tanka-util's managed-by label; both are left out of the comparison. */
const withoutOwnLabels = (o: Obj): string => {
  const labels = { ...o.metadata.labels };
  delete labels['app.kubernetes.io/managed-by'];
  delete labels['kf.dev/component'];
  const metadata: Obj['metadata'] = { ...o.metadata, labels };
  if (Object.keys(labels).length === 0) delete metadata.labels;
  return canonical({ ...o, metadata });
};
const objectsOf = (yaml: string) =>
  parseAllDocuments(yaml)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null)
    .map(withoutOwnLabels)
    .sort();
const kfObjects = objectsOf(run(kfBin, kfShow, app).stdout);
const tkObjects = objectsOf(run(tkBin, tkShow, project).stdout);
const same = isDeepStrictEqual(kfObjects, tkObjects);

interface Sample {
  ms: number;
  cpuMs: number;
}
const samples: Record<'kf' | 'tk', Sample[]> = { kf: [], tk: [] };
const load = loadavg().map((l) => l.toFixed(2));
for (let i = 0; i < runs; i++) {
  samples.kf.push(timed(kfBin, kfShow, app));
  samples.tk.push(timed(tkBin, tkShow, project));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const kfMs = median(samples.kf.map((s) => s.ms));
const tkMs = median(samples.tk.map((s) => s.ms));
const kfCpu = median(samples.kf.map((s) => s.cpuMs));
const tkCpu = median(samples.tk.map((s) => s.cpuMs));
console.log(
  `objects: kf ${kfObjects.length}, tk ${tkObjects.length}; identical (managed-by and kf's component label aside): ${same ? 'yes' : 'NO'}`,
);
console.log(`kf show   median ${kfMs.toFixed(0)} ms wall, ${kfCpu.toFixed(0)} ms CPU`);
console.log(`tk show   median ${tkMs.toFixed(0)} ms wall, ${tkCpu.toFixed(0)} ms CPU`);
console.log(`kf/tk     ${(kfMs / tkMs).toFixed(2)} wall, ${(kfCpu / tkCpu).toFixed(2)} CPU`);
console.log(`runs: ${runs} each, alternating; load average before: ${load.join(' ')}`);
if (!same) process.exitCode = 1;

function run(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r;
}

/** Wall and CPU time (user + system, children included) of one run, by GNU time. */
function timed(command: string, args: string[], cwd: string): Sample {
  const timeFile = join(work, 'time.txt');
  const started = process.hrtime.bigint();
  run('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', command, ...args], cwd);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const [user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { ms, cpuMs: ((user ?? 0) + (system ?? 0)) * 1000 };
}
