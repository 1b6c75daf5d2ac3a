// What the Tanka comparisons share: Tanka v0.38's native functions evaluated by go-jsonnet in one
// batch process (test/tanka/go-eval), gopkg.in/yaml.v3 doing what those natives do with YAML, for
// large batches (test/tanka/go-yamlv3), gopkg.in/yaml.v2 writing manifests as tk show and tk export
// do (test/tanka/go-yamlv2), and the helm and kustomize commands both kf and Tanka run
// (test/tanka/go-helm, go-kustomize), each built by test/helpers/go-binary.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { toYamlV2, toYamlV2Stream } from '../../src/jsonnet/goyaml-v2.js';
import { goBinary } from '../helpers/go-binary.js';
import { runKf, tempDir } from '../helpers/run-kf.js';
import { REALWORLD_DIR } from '../../bench/jsonnet/realworld-assemble.js';

const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kf');

/** Tanka v0.38's tk command, built from test/tanka/go-eval (the module of the natives oracle). */
export function tankaBinary(): string {
  return goBinary('tanka/go-eval', 'tk', 'github.com/grafana/tanka/cmd/tk');
}

/** helm v4, built from test/tanka/go-helm. */
export function helmBinary(): string {
  return goBinary('tanka/go-helm', 'helm', 'helm.sh/helm/v4/cmd/helm');
}

export type OracleCase = { op: 'marshal'; json: string } | { op: 'parse'; yaml: string };
/** `out`: the YAML text (marshal) or the JSON text of the documents (parse); `error`: Go's error. */
export type OracleResult = { out: string; error?: undefined } | { out?: undefined; error: string };

/** Runs every case through the yaml.v3 oracle in one process; results are in the cases' order. */
export function runYamlV3Oracle(cases: OracleCase[]): OracleResult[] {
  return runOracle('go-yamlv3', 'yamlv3-oracle', 'yaml.v3', cases);
}

/** Tanka's manifest text (yaml.v2's Marshal) of each JSON text, in order, by test/tanka/go-yamlv2. */
export function runYamlV2Oracle(jsonTexts: string[]): OracleResult[] {
  return runOracle('go-yamlv2', 'yamlv2-oracle', 'yaml.v2', jsonTexts);
}

/** One batch through an oracle that reads a JSON array on stdin and writes one result per item. */
function runOracle(moduleDir: string, name: string, what: string, input: unknown[]): OracleResult[] {
  const r = spawnSync(goBinary(`tanka/${moduleDir}`, name, '.'), [], {
    input: JSON.stringify(input),
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`${what} oracle failed: ${r.error?.message ?? r.stderr.toString()}`);
  const results = JSON.parse(r.stdout.toString()) as OracleResult[];
  if (results.length !== input.length) throw new Error(`${what} oracle: wrong number of results`);
  return results;
}

export interface TankaJob {
  id: string;
  /** the file name std.thisFile gives and relative imports start from */
  file: string;
  snippet: string;
  /** library search directories (go-jsonnet's -J) */
  jpath?: string[];
}

/** kustomize v5, built from test/tanka/go-kustomize. */
export function kustomizeBinary(): string {
  return goBinary('tanka/go-kustomize', 'kustomize', 'sigs.k8s.io/kustomize/kustomize/v5');
}

/** Evaluates snippets with Tanka's natives, which run this `helm` and `kustomize`. Results by job id. */
export function tankaEval(
  jobs: TankaJob[],
  helm = helmBinary(),
  kustomize = kustomizeBinary(),
): Map<string, { value?: string; error?: string }> {
  const r = spawnSync(goBinary('tanka/go-eval', 'tanka-eval', '.'), [], {
    input: JSON.stringify(jobs),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, TANKA_HELM_PATH: helm, TANKA_KUSTOMIZE_PATH: kustomize },
  });
  if (r.status !== 0) throw new Error(`tanka-eval failed: ${r.stderr}`);
  const results = JSON.parse(r.stdout) as Array<{ id: string; value?: string; error?: string }>;
  return new Map(results.map((x) => [x.id, x]));
}

const MIRROR = process.env.KF_MIRROR ?? '/work/.mirror';
/** Public inputs at pinned commits: the mirrors the `fetch` tool brings, and what is taken from each. */
const SOURCES = [
  {
    repo: 'prometheus-community/helm-charts',
    commit: 'cf408a290aec489277a94450bb3511432477a53a',
    paths: [
      'kube-state-metrics',
      'prometheus-node-exporter',
      'alertmanager',
      'prometheus-pushgateway',
      'prometheus-blackbox-exporter',
      'prometheus-adapter',
      'prometheus-operator-crds',
    ].map((c) => [`charts/${c}`, `charts/${c}`]),
  },
  {
    repo: 'grafana/jsonnet-libs',
    commit: '6da2b4b82e73d1918023586430e00c7ab56976fd',
    paths: [['tanka-util', 'vendor/github.com/grafana/jsonnet-libs/tanka-util']],
  },
  {
    // kube-prometheus' own kustomization of its manifests
    repo: 'prometheus-operator/kube-prometheus',
    commit: '4d719f1dea8853540b3823ab1fbe6be74a9953b3',
    paths: [
      ['kustomization.yaml', 'kustomize/kube-prometheus', '0'],
      ['manifests', 'kustomize/kube-prometheus/manifests'],
    ],
  },
  {
    repo: 'jsonnet-libs/docsonnet',
    commit: 'bf6f08ae02a51c48bdcec4629b1c1a5a62c6f803',
    paths: [['doc-util', 'vendor/github.com/jsonnet-libs/docsonnet/doc-util']],
  },
];
export const REAL_CHARTS = SOURCES[0]!.paths.map(([from]) => from!.slice('charts/'.length));
/** Real kustomizations, folders under kustomize/ of the assembled artifacts. */
export const REAL_KUSTOMIZATIONS = ['kube-prometheus'];

/**
 * Real charts and Tanka's helm library, from the mirrors at pinned commits, assembled into
 * ~/.cache/kf/tanka-artifacts/ as an app would hold them (charts/, vendor/ as jsonnet-bundler lays
 * it out). Returns that folder, or why it cannot be assembled. Nothing is copied into the repo.
 */
export function assembleRealCharts(): { dir: string } | { missing: string } {
  const dir = join(CACHE, 'tanka-artifacts-v2');
  const stamp = join(dir, '.complete');
  if (existsSync(stamp)) return { dir };
  for (const source of SOURCES) {
    const gitDir = join(MIRROR, source.repo.replace('/', '+'), 'repo');
    if (!existsSync(gitDir))
      return { missing: `mirror ${gitDir} is missing (bring it with the fetch tool: github:${source.repo})` };
    // [path in the repository, folder it goes to, leading path components dropped (default: all of `path`)]
    for (const [from, to, strip] of source.paths) {
      const target = join(dir, to!);
      mkdirSync(target, { recursive: true });
      const r = spawnSync(
        'bash',
        [
          '-c',
          `git --git-dir="$0" archive "$1" "$2" | tar -x -C "$3" --strip-components="$4"`,
          gitDir,
          source.commit,
          from!,
          target,
          strip ?? String(from!.split('/').length),
        ],
        { encoding: 'utf8' },
      );
      if (r.status !== 0)
        return { missing: `cannot take ${from} from ${gitDir} at ${source.commit}: ${r.stderr}` };
    }
  }
  writeFileSync(stamp, JSON.stringify(SOURCES, null, 2));
  return { dir };
}

/** Values that take each chart off its defaults (monitors need the monitoring API). */
const VALUES: Record<string, string> = {
  'kube-state-metrics':
    '{ replicas: 2, prometheus: { monitor: { enabled: true } }, rbac: { useClusterRole: false } }',
  'prometheus-node-exporter': '{ prometheus: { monitor: { enabled: true } }, hostNetwork: false }',
  alertmanager: "{ replicaCount: 3, config: { route: { receiver: 'null' }, receivers: [{ name: 'null' }] } }",
  'prometheus-pushgateway': '{ persistentVolume: { enabled: true }, serviceMonitor: { enabled: true } }',
  'prometheus-blackbox-exporter':
    "{ serviceMonitor: { enabled: true, targets: [{ name: 'example', url: 'http://127.0.0.1' }] } }",
  'prometheus-adapter': '{}',
  'prometheus-operator-crds': '{}',
};

function kustomizeComponent(name: string, up: string): string {
  return `local tanka = import 'github.com/grafana/jsonnet-libs/tanka-util/main.libsonnet';
local kustomize = tanka.kustomize.new(std.thisFile);

// a Role of one name in several namespaces: the namespace goes into the key (Tanka's own advice)
kustomize.build('${up}kustomize/${name}', {
  nameFormat: '{{ print .metadata.namespace "_" .kind "_" .metadata.name | snakecase }}',
})
`;
}

function chartComponent(chart: string, up: string): string {
  return `local tanka = import 'github.com/grafana/jsonnet-libs/tanka-util/main.libsonnet';
local helm = tanka.helm.new(std.thisFile);

helm.template('${chart}', '${up}charts/${chart}', {
  namespace: 'monitoring',
  apiVersions: ['monitoring.coreos.com/v1'],
  kubeVersion: 'v1.33.0',
  values: ${VALUES[chart]},
})
`;
}

/**
 * Jsonnet files (name → text) that render every real chart and kustomization through tanka-util,
 * for a file `up` below the folder holding charts/, kustomize/ and vendor/ (`../` for a kf
 * component).
 */
export function realComponents(up: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const chart of REAL_CHARTS) files.set(`${chart}.jsonnet`, chartComponent(chart, up));
  for (const name of REAL_KUSTOMIZATIONS)
    files.set(`kustomize-${name}.jsonnet`, kustomizeComponent(name, up));
  return files;
}

// --- comparing kf show with tk show -----------------------------------------------------------

/** An object as kf show -o json and tk show print it. */
export type ShownObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

export const objectKey = (o: ShownObject) =>
  `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''} ${o.metadata.name}`;
export const sortedObjects = (objects: ShownObject[]) =>
  [...objects].sort((a, b) => objectKey(a).localeCompare(objectKey(b)));

/** Without the labels kf adds (managed-by, component); an empty `labels: {}` (which some of Tempo's objects have) as none. */
export function withoutKfLabels(o: ShownObject): ShownObject {
  const copy = structuredClone(o);
  const labels = copy.metadata.labels ?? {};
  delete labels['app.kubernetes.io/managed-by'];
  delete labels['kf.dev/component'];
  if (copy.metadata.labels !== undefined && Object.keys(labels).length === 0) delete copy.metadata.labels;
  return copy;
}

/**
 * `o` without kf's two labels, nothing else changed; a labels map left empty is dropped unless
 * Tanka's object has one (kf's object cannot tell an empty map it was given from none).
 */
export function withoutKfLabelsLike(o: ShownObject, tanka: ShownObject): ShownObject {
  const copy = structuredClone(o);
  const labels = copy.metadata.labels ?? {};
  delete labels['app.kubernetes.io/managed-by'];
  delete labels['kf.dev/component'];
  if (Object.keys(labels).length === 0 && tanka.metadata.labels === undefined) delete copy.metadata.labels;
  return copy;
}

/** The real-world set that test/setup/realworld.ts assembles outside the repo. */
export const REALWORLD = REALWORLD_DIR;
/** Grafana Tempo's example Tanka project (k8s-libsonnet generated from Kubernetes' OpenAPI spec). */
export const TEMPO = join(REALWORLD, 'grafana+tempo', 'example', 'tk');

/**
 * A copy of Tempo's example/tk (a Tanka project) and the operations/ its lib/ links climb into,
 * links resolved: relative imports climb out of lib/ into operations/, which go-jsonnet resolves by
 * path, not through links. Returns the project's folder.
 */
export function tempoProject(prefix: string): string {
  const repo = join(tempDir(prefix), 'tempo');
  for (const dir of ['example', 'operations'])
    cpSync(join(TEMPO, '..', '..', dir), join(repo, dir), { recursive: true, dereference: true });
  return join(repo, 'example', 'tk');
}

/**
 * tempoProject's copy, made a kf app too (`kf init` with `initArgs`; app.yaml beside its
 * jsonnetfile.json). Returns the project's folder.
 */
export async function tempoProjectApp(prefix: string, initArgs: string[]): Promise<string> {
  const project = tempoProject(prefix);
  const init = join(project, '..', '..', 'init');
  const created = await runKf(['init', init, ...initArgs]);
  if (created.exitCode !== 0) throw new Error(`kf init failed: ${created.stderr}`);
  for (const entry of ['app.yaml', 'components', 'environments'])
    renameSync(join(init, entry), join(project, entry));
  return project;
}

/** `tk show ARGS` in the Tanka project `project`: its YAML stream. */
export function tankaShow(project: string, args: string[]): string {
  return execFileSync(tankaBinary(), ['show', ...args, '--dangerous-allow-redirect'], {
    cwd: project,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `tk show ARGS` in `project` when it must fail: its standard error (an error if it succeeds). */
export function tankaShowFailure(project: string, args: string[]): string {
  const r = spawnSync(tankaBinary(), ['show', ...args, '--dangerous-allow-redirect'], {
    cwd: project,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status === 0) throw new Error(`tk show ${args.join(' ')} succeeded`);
  return r.stderr;
}

/**
 * kf show's objects (`-o json` items) are tk show's `text`: the same objects, kf's two labels
 * aside, and byte for byte: kf's YAML of each (yaml.v2's, as Tanka writes it) without kf's labels
 * is tk's document, and the stream of them in tk's order is tk show's output.
 */
export function expectTankaShow(text: string, items: ShownObject[]): void {
  const theirs = parseAllDocuments(text).map((d) => d.toJS() as ShownObject);
  expect(sortedObjects(items.map(withoutKfLabels))).toEqual(sortedObjects(theirs.map(withoutKfLabels)));
  const ours = new Map(items.map((o) => [objectKey(o), o]));
  const inTankaOrder = theirs.map((t) => withoutKfLabelsLike(ours.get(objectKey(t)) as ShownObject, t));
  // each document (tk's separated at its `---` lines), then the whole stream, separators included
  const documents = text.split(/^---\n/m);
  expect(documents.length).toBe(theirs.length);
  expect(inTankaOrder.map(toYamlV2)).toEqual(documents);
  expect(toYamlV2Stream(inTankaOrder)).toBe(text);
}
