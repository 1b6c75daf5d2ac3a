// What the Tanka comparisons share: Tanka v0.38's native functions evaluated by go-jsonnet in one
// batch process (test/tanka/go-eval), gopkg.in/yaml.v3 doing what those natives do with YAML, for
// large batches (test/tanka/go-yamlv3), gopkg.in/yaml.v2 writing manifests as tk show and tk export
// do (test/tanka/go-yamlv2), and the helm and kustomize commands both kf and Tanka run
// (test/tanka/go-helm, go-kustomize), each built by test/helpers/go-binary.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { goBinary } from '../helpers/go-binary.js';

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
