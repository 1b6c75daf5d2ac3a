// `-t` / `--target` as Grafana Tanka reads it: for each list of expressions, `kf show -t …` must
// select exactly the objects `tk show -t …` (Tanka v0.38, built from test/tanka/go-eval) selects
// from the same Jsonnet, case-insensitive matching and Tanka's unparenthesised `^expr$` anchoring
// included. The one deliberate difference — inclusions combined with a `!` exclusion, which Tanka
// ignores — is asserted as such.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runKf, tempDir } from '../helpers/run-kf.js';
import { tankaBinary } from './harness.js';

const OBJECTS: Array<[kind: string, name: string]> = [
  ['Deployment', 'grafana'],
  ['Deployment', 'grafana-agent'],
  ['Deployment', 'prometheus'],
  ['Service', 'grafana'],
  ['Service', 'prometheus'],
  ['ServiceAccount', 'tempo'],
  ['ConfigMap', 'grafana-dashboards'],
  ['Secret', 'grafana-admin'],
  ['StatefulSet', 'ingester'],
  ['ClusterRole', 'tempo-reader'],
];

const ALL = OBJECTS.map(([kind, name]) => `${kind}/${name}`).sort();

const JSONNET = `{
${OBJECTS.map(
  ([kind, name], i) =>
    `  o${i}: { apiVersion: '${kind === 'ClusterRole' ? 'rbac.authorization.k8s.io/v1' : kind.endsWith('Set') || kind === 'Deployment' ? 'apps/v1' : 'v1'}', kind: '${kind}', metadata: { name: '${name}' } },`,
).join('\n')}
}
`;

let project: string;
let app: string;

beforeAll(async () => {
  const root = tempDir('kf-targets-');
  project = join(root, 'tanka');
  mkdirSync(join(project, 'environments', 'default'), { recursive: true });
  writeFileSync(join(project, 'jsonnetfile.json'), '{"version": 1, "dependencies": []}\n');
  writeFileSync(join(project, 'environments', 'default', 'main.jsonnet'), JSONNET);
  writeFileSync(
    join(project, 'environments', 'default', 'spec.json'),
    JSON.stringify({
      apiVersion: 'tanka.dev/v1alpha1',
      kind: 'Environment',
      metadata: { name: 'default' },
      spec: { apiServer: 'https://127.0.0.1:6443', namespace: 'default' },
    }),
  );
  app = join(root, 'app');
  expect((await runKf(['init', app, '--env', 'dev'])).exitCode).toBe(0);
  writeFileSync(join(app, 'components', 'objects.jsonnet'), JSONNET);
}, 600_000);

function tk(targets: string[]): string[] {
  const yaml = execFileSync(
    tankaBinary(),
    ['show', 'environments/default', '--dangerous-allow-redirect', ...targets.flatMap((t) => ['-t', t])],
    { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return names(parseAllDocuments(yaml).map((d) => d.toJS() as { kind: string; metadata: { name: string } }));
}

async function kf(targets: string[]): Promise<string[]> {
  const shown = await runKf(['show', 'dev', '-o', 'json', ...targets.flatMap((t) => ['-t', t])], {
    cwd: app,
  });
  expect(shown.stderr).toBe('');
  expect(shown.exitCode).toBe(0);
  return names(
    (JSON.parse(shown.stdout) as { items: Array<{ kind: string; metadata: { name: string } }> }).items,
  );
}

function names(objects: Array<{ kind: string; metadata: { name: string } } | null>): string[] {
  return objects
    .filter((o) => o !== null)
    .map((o) => `${o.kind}/${o.metadata.name}`)
    .sort();
}

describe('--target selects what tk show -t selects', () => {
  const cases: Array<{ targets: string[]; expected: string[] }> = [
    {
      targets: ['deployment/.*'],
      expected: ['Deployment/grafana', 'Deployment/grafana-agent', 'Deployment/prometheus'],
    },
    { targets: ['Service/.*'], expected: ['Service/grafana', 'Service/prometheus'] },
    { targets: ['.*/GRAFANA'], expected: ['Deployment/grafana', 'Service/grafana'] },
    // ^deployment/grafana|service/prometheus$: a prefix, or a suffix, as Go's regexp reads it.
    {
      targets: ['deployment/grafana|service/prometheus'],
      expected: ['Deployment/grafana', 'Deployment/grafana-agent', 'Service/prometheus'],
    },
    {
      targets: ['service/.*', 'statefulset/ingester'],
      expected: ['Service/grafana', 'Service/prometheus', 'StatefulSet/ingester'],
    },
    {
      targets: ['!secret/.*', '!configmap/.*'],
      expected: ALL.filter((o) => !o.startsWith('Secret/') && !o.startsWith('ConfigMap/')),
    },
    { targets: ['nothing/here'], expected: [] },
  ];
  for (const { targets, expected } of cases) {
    it(
      targets.map((t) => `-t ${t}`).join(' '),
      async () => {
        expect(tk(targets)).toEqual(expected);
        expect(await kf(targets)).toEqual(expected);
      },
      120_000,
    );
  }

  it('inclusions with an exclusion: kf keeps the included objects but the excluded; Tanka drops the inclusions', async () => {
    const targets = ['deployment/.*', '!deployment/grafana'];
    expect(await kf(targets)).toEqual(['Deployment/grafana-agent', 'Deployment/prometheus']);
    expect(tk(targets)).toEqual(ALL.filter((o) => o !== 'Deployment/grafana'));
  }, 120_000);

  it('a bad expression is a usage error naming it', async () => {
    const shown = await runKf(['show', 'dev', '-t', 'deployment/('], { cwd: app });
    expect(shown.exitCode).toBe(2);
    expect(shown.stderr).toMatch(
      /^kf: --target 'deployment\/\(' is not a valid regular expression: .*\(it is matched against '<kind>\/<name>'/,
    );
    expect(shown.stdout).toBe('');
  });
});
