// kube-prometheus (prometheus-operator/kube-prometheus, the real-world set's pinned commit) as a
// kf app: its example.jsonnet split into three components, with vendor/ laid out as
// jsonnet-bundler installs `github.com/prometheus-operator/kube-prometheus/jsonnet/kube-prometheus`
// and its dependencies. Used by apply.test.ts and bench/apply/kube-prometheus.ts; nothing of it
// is committed: the sources come from the real-world set that realworld-assemble.js builds from
// the mirrors.
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRealworld, MIRROR, REALWORLD_DIR } from '../../../bench/jsonnet/realworld-assemble.js';

const PROJECT = 'prometheus-operator+kube-prometheus';
const LIBRARY = 'vendor/github.com/prometheus-operator/kube-prometheus/jsonnet/kube-prometheus';

/** The assembled kube-prometheus project (with its vendor/), or why there is none. */
export function kubePrometheusSource(): { dir: string } | { missing: string } {
  const dir = join(REALWORLD_DIR, PROJECT);
  const complete = () =>
    existsSync(join(dir, 'vendor', 'github.com')) && existsSync(join(dir, 'jsonnet', 'kube-prometheus'));
  // Assembles the set from the mirrors when it is missing or stale (a no-op when it is up to date).
  if (!complete()) ensureRealworld();
  if (!complete())
    return {
      missing: `${dir} is missing and could not be assembled from ${MIRROR} (bring github:prometheus-operator/kube-prometheus and its dependencies with the fetch tool, then run node bench/jsonnet/realworld-assemble.js)`,
    };
  return { dir };
}

/** The components: example.jsonnet's objects in the environment's namespace, in three parts. */
export const COMPONENTS: Record<string, string> = {
  // the namespace and prometheus-operator with its CRDs (example.jsonnet's setup/ folder)
  setup: `local kp = import 'kube-prometheus.libsonnet';
{ namespace: kp.kubePrometheus.namespace } +
{
  ['prometheus-operator-' + name]: kp.prometheusOperator[name]
  for name in std.objectFields(kp.prometheusOperator)
  if name != 'serviceMonitor' && name != 'prometheusRule'
}
`,
  'kube-prometheus': `local kp = import 'kube-prometheus.libsonnet';
{ 'prometheus-operator-serviceMonitor': kp.prometheusOperator.serviceMonitor } +
{ 'prometheus-operator-prometheusRule': kp.prometheusOperator.prometheusRule } +
{ 'kube-prometheus-prometheusRule': kp.kubePrometheus.prometheusRule } +
{ ['alertmanager-' + name]: kp.alertmanager[name] for name in std.objectFields(kp.alertmanager) } +
{ ['grafana-' + name]: kp.grafana[name] for name in std.objectFields(kp.grafana) } +
{ ['kube-state-metrics-' + name]: kp.kubeStateMetrics[name] for name in std.objectFields(kp.kubeStateMetrics) } +
{ ['kubernetes-' + name]: kp.kubernetesControlPlane[name] for name in std.objectFields(kp.kubernetesControlPlane) } +
{ ['node-exporter-' + name]: kp.nodeExporter[name] for name in std.objectFields(kp.nodeExporter) } +
{ ['prometheus-' + name]: kp.prometheus[name] for name in std.objectFields(kp.prometheus) } +
{ ['prometheus-adapter-' + name]: kp.prometheusAdapter[name] for name in std.objectFields(kp.prometheusAdapter) }
`,
  'blackbox-exporter': `local kp = import 'kube-prometheus.libsonnet';
{ ['blackbox-exporter-' + name]: kp.blackboxExporter[name] for name in std.objectFields(kp.blackboxExporter) }
`,
};

/** Vendors kube-prometheus into the kf app at `app` (made by kf init) and writes its components. */
export function writeKubePrometheusApp(app: string, source: string): void {
  const vendor = join(app, 'vendor');
  rmSync(vendor, { recursive: true, force: true });
  // jb's layout: packages under vendor/github.com/..., relative legacy links vendor/<name>
  cpSync(join(source, 'vendor'), vendor, { recursive: true, verbatimSymlinks: true });
  // In its own repository kube-prometheus is a local package (vendor/kube-prometheus ->
  // ../jsonnet/kube-prometheus); a user vendors it from GitHub like every other package.
  rmSync(join(vendor, 'kube-prometheus'), { force: true });
  mkdirSync(join(app, LIBRARY, '..'), { recursive: true });
  cpSync(join(source, 'jsonnet', 'kube-prometheus'), join(app, LIBRARY), { recursive: true });
  symlinkSync(
    'github.com/prometheus-operator/kube-prometheus/jsonnet/kube-prometheus',
    join(vendor, 'kube-prometheus'),
  );
  writeFileSync(
    join(app, 'lib', 'kube-prometheus.libsonnet'),
    `// kube-prometheus' example (example.jsonnet) in this environment's namespace.
local env = std.extVar('__ksonnet/environments');
(import 'kube-prometheus/main.libsonnet') + {
  values+:: { common+: { namespace: env.namespace } },
}
`,
  );
  for (const [name, text] of Object.entries(COMPONENTS))
    writeFileSync(join(app, 'components', `${name}.jsonnet`), text);
}
