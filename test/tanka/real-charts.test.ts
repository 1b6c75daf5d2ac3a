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
import { assembleRealCharts, helmBinary, kustomizeBinary, realComponents, tankaEval } from './harness.js';

const artifacts = assembleRealCharts();

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
      for (const [file, text] of realComponents('../')) sources.set(file, text);
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
