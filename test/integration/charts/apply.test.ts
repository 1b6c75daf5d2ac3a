// Real Helm charts, rendered through tanka-util's helm.template in a kf app, applied to the test
// cluster and run there: prometheus-operator-crds (ten large CRDs) and kube-state-metrics with its
// ServiceMonitor (a custom resource of one of those CRDs, so it can only be applied after they are
// established), plus prometheus-node-exporter (a DaemonSet on every kwok node). kf apply --wait
// must bring all of it up (20 objects), kf diff must then find nothing, kf delete must remove it.
import { randomBytes } from 'node:crypto';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runKf, tempDir } from '../../helpers/run-kf.js';
import { assembleRealCharts, helmBinary } from '../../tanka/harness.js';

const artifacts = assembleRealCharts();

const component = (
  release: string,
  chart: string,
  values: string,
) => `local tanka = import 'github.com/grafana/jsonnet-libs/tanka-util/main.libsonnet';
local helm = tanka.helm.new(std.thisFile);
local env = std.extVar('__ksonnet/environments');

helm.template('${release}', '../charts/${chart}', {
  namespace: env.namespace,
  apiVersions: ['monitoring.coreos.com/v1'],
  values: ${values},
})
`;

if ('missing' in artifacts) {
  describe('real Helm charts on the test cluster', () => {
    it.skip(`NOT RUN — ${artifacts.missing}`, () => undefined);
  });
} else {
  describe('real Helm charts on the test cluster', () => {
    let app: string;
    const suffix = randomBytes(3).toString('hex');
    const ns = `kf-charts-${suffix}`;
    const kf = (...args: string[]) =>
      runKf(args, { cwd: app, env: { KUBECONFIG: inject('kubeconfig'), KF_HELM_PATH: helmBinary() } });

    beforeAll(async () => {
      app = join(tempDir('kf-charts-cluster-'), 'monitoring');
      const init = await runKf(
        ['init', app, '--env', 'minikube', '--context', 'minikube', '--namespace', ns],
        {
          env: { KUBECONFIG: inject('kubeconfig') },
        },
      );
      expect(init.stderr).toBe('');
      cpSync(artifacts.dir, app, { recursive: true, filter: (f) => !f.endsWith('.complete') });
      writeFileSync(
        join(app, 'components', 'namespace.yaml'),
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`,
      );
      writeFileSync(
        join(app, 'components', 'crds.jsonnet'),
        component(`crds-${suffix}`, 'prometheus-operator-crds', '{}'),
      );
      writeFileSync(
        join(app, 'components', 'ksm.jsonnet'),
        component(`ksm-${suffix}`, 'kube-state-metrics', '{ prometheus: { monitor: { enabled: true } } }'),
      );
      writeFileSync(
        join(app, 'components', 'node-exporter.jsonnet'),
        component(`ne-${suffix}`, 'prometheus-node-exporter', '{}'),
      );
    }, 600_000);

    afterAll(() => rmSync(app, { recursive: true, force: true }));

    it('applies the charts, waits until they run, and finds no drift', async () => {
      const applied = await kf('apply', 'minikube', '--yes', '--wait', '--timeout', '3m');
      expect(applied.exitCode).toBe(0);
      expect(applied.stdout).toMatch(
        /: (\d+) created, 0 configured, 0 unchanged, 0 failed\nall \1 object\(s\) ready\n$/,
      );
      // every CRD of the chart, and the ServiceMonitor that needs one of them
      expect(applied.stderr).toMatch(
        /created customresourcedefinition\S*\/servicemonitors\.monitoring\.coreos\.com/,
      );
      expect(applied.stderr).toMatch(/created servicemonitor\S*\/ksm-\w+-kube-state-metrics -n kf-charts-/);
      expect(applied.stderr).toMatch(/created daemonset\S*\/ne-\w+-prometheus-node-exporter -n kf-charts-/);
      const status = await kf('status', 'minikube');
      expect(status.exitCode).toBe(0);
      const diff = await kf('diff', 'minikube');
      expect(diff.stdout).toBe('');
      expect(diff.exitCode).toBe(0);
    }, 300_000);

    it('deletes everything it applied', async () => {
      const deleted = await kf('delete', 'minikube', '--yes');
      expect(deleted.exitCode).toBe(0);
      expect(deleted.stdout).toContain('20 deleted, 0 already gone, 0 failed');
      expect(deleted.stderr).toMatch(
        /deleted customresourcedefinition\S*\/servicemonitors\.monitoring\.coreos\.com/,
      );
    }, 300_000);
  });
}
