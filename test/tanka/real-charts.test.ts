// Real Helm charts (prometheus-community/helm-charts) and a real kustomization (kube-prometheus')
// rendered through Tanka's own library (grafana/jsonnet-libs' tanka-util, with docsonnet), in a kf
// app: kf's value of each component must be byte-identical to Tanka v0.38's (go-jsonnet with
// Tanka's natives, the same helm and kustomize), and `kf show` must render every object. The
// inputs come from the mirrors at pinned commits (harness.ts).
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadApp } from '../../src/app/app.js';
import { createAppEngine } from '../../src/app/jsonnet-engine.js';
import { runKf, tempDir } from '../helpers/run-kf.js';
import {
  assembleRealCharts,
  helmBinary,
  kustomizeBinary,
  REAL_CHARTS,
  REAL_KUSTOMIZATIONS,
  tankaEval,
} from './harness.js';

const artifacts = assembleRealCharts();

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

function kustomizeComponent(name: string): string {
  return `local tanka = import 'github.com/grafana/jsonnet-libs/tanka-util/main.libsonnet';
local kustomize = tanka.kustomize.new(std.thisFile);

// a Role of one name in several namespaces: the namespace goes into the key (Tanka's own advice)
kustomize.build('../kustomize/${name}', {
  nameFormat: '{{ print .metadata.namespace "_" .kind "_" .metadata.name | snakecase }}',
})
`;
}

function component(chart: string): string {
  return `local tanka = import 'github.com/grafana/jsonnet-libs/tanka-util/main.libsonnet';
local helm = tanka.helm.new(std.thisFile);

helm.template('${chart}', '../charts/${chart}', {
  namespace: 'monitoring',
  apiVersions: ['monitoring.coreos.com/v1'],
  kubeVersion: 'v1.33.0',
  values: ${VALUES[chart]},
})
`;
}

if ('missing' in artifacts) {
  describe('real Helm charts and kustomizations through tanka-util', () => {
    it.skip(`NOT RUN — ${artifacts.missing}`, () => undefined);
  });
} else {
  describe('real Helm charts and kustomizations through tanka-util', () => {
    let app: string;
    let helm: string;
    let kustomize: string;
    const sources = new Map<string, string>();

    beforeAll(async () => {
      helm = helmBinary();
      kustomize = kustomizeBinary();
      process.env.KF_HELM_PATH = helm;
      process.env.KF_KUSTOMIZE_PATH = kustomize;
      app = join(tempDir('kf-charts-'), 'charts-app');
      const init = await runKf(['init', app, '--env', 'dev']);
      expect(init.stderr).toBe('');
      cpSync(artifacts.dir, app, { recursive: true, filter: (f) => !f.endsWith('.complete') });
      for (const chart of REAL_CHARTS) sources.set(`${chart}.jsonnet`, component(chart));
      for (const name of REAL_KUSTOMIZATIONS)
        sources.set(`kustomize-${name}.jsonnet`, kustomizeComponent(name));
      for (const [file, text] of sources) writeFileSync(join(app, 'components', file), text);
    }, 600_000);

    it('gives each chart and kustomization the value Tanka gives it, byte for byte', () => {
      const files = [...sources.keys()].map((file) => join(app, 'components', file));
      const tanka = tankaEval(
        [...sources].map(([file, snippet]) => ({
          id: join(app, 'components', file),
          file: join(app, 'components', file),
          snippet,
          jpath: [join(app, 'vendor')],
        })),
        helm,
        kustomize,
      );
      const engine = createAppEngine(loadApp(app), { envName: 'dev' });
      let objects = 0;
      for (const file of files) {
        const expected = tanka.get(file);
        expect(expected?.error).toBeUndefined();
        const kf = engine.evaluateFileToString(file, 'json');
        expect(kf).toBe(expected?.value);
        objects += Object.keys(JSON.parse(kf) as object).length;
      }
      // every chart contributed objects (a chart rendering nothing would compare equal, too)
      expect(objects).toBeGreaterThan(120);
    });

    it('kf show renders every object of every chart', async () => {
      const shown = await runKf(['show', 'dev', '-o', 'json'], {
        cwd: app,
        env: { KF_HELM_PATH: helm, KF_KUSTOMIZE_PATH: kustomize },
      });
      expect(shown.stderr).toBe('');
      const list = JSON.parse(shown.stdout) as {
        items: Array<{ kind: string; metadata: { labels: Record<string, string> } }>;
      };
      const kinds = new Set(list.items.map((o) => o.kind));
      for (const kind of [
        'Deployment',
        'DaemonSet',
        'StatefulSet',
        'ServiceMonitor',
        'CustomResourceDefinition',
      ])
        expect(kinds).toContain(kind);
      // tanka-util's label patch is there, next to kf's own
      const deployment = list.items.find((o) => o.kind === 'Deployment')!;
      expect(deployment.metadata.labels['app.kubernetes.io/managed-by']).toBe('kf');
    });
  });
}
