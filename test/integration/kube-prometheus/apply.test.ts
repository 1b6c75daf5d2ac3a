// kube-prometheus, the ecosystem's canonical Jsonnet stack (130 objects: ten large CRDs, their
// custom resources, dashboards in ConfigMaps, Deployments, a DaemonSet, NetworkPolicies, PDBs, RBAC
// in three namespaces, an APIService), rendered by kf from the vendored library and applied to the
// test cluster, where its pods run on kwok nodes. No prometheus-operator reconciles the Prometheus
// and Alertmanager (their pods run nothing), and prometheus-adapter serves nothing behind
// v1beta1.metrics.k8s.io, so those three never become ready: `kf apply --wait` and `kf status` must
// say exactly that, and neither hang nor call them ready. The aggregator's probes of the adapter's
// pod go to the egress proxy, which refuses them without dialling (test/cluster/README.md).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readEgressLog } from '../../cluster/egress.js';
import { runKf, tempDir } from '../../helpers/run-kf.js';
import { connect, getJson } from '../cluster-ops/helpers.js';
import { kubePrometheusSource, writeKubePrometheusApp } from './app.js';

const source = kubePrometheusSource();

/** An object as kf export's manifest.json lists it. */
type Exported = { kind: string; name: string; component: string; namespace?: string };
/** `deployment.apps/grafana -n ns` / `clusterrole.rbac.authorization.k8s.io/x`: kf's (kubectl's) way of naming objects. */
const NOT_READY = [
  /^not ready: alertmanager\.monitoring\.coreos\.com\/main -n \S+: InProgress \(Alertmanager not yet reconciled by prometheus-operator \(no status for generation 1\)\)$/,
  /^not ready: prometheus\.monitoring\.coreos\.com\/k8s -n \S+: InProgress \(Prometheus not yet reconciled by prometheus-operator \(no status for generation 1\)\)$/,
  /^not ready: apiservice\.apiregistration\.k8s\.io\/v1beta1\.metrics\.k8s\.io: InProgress \(APIService is not (yet checked by the aggregator|Available: .+)\)$/,
];

if ('missing' in source) {
  describe('kube-prometheus on the test cluster', () => {
    it.skip(`NOT RUN — ${source.missing}`, () => undefined);
  });
} else {
  describe('kube-prometheus on the test cluster', () => {
    let app: string;
    const ns = `kf-kp-${randomBytes(3).toString('hex')}`;
    const plane = inject('clusters').controlPlanes[0]!; // context minikube
    let egressBefore = 0;
    let rendered: Exported[] = [];
    const kf = (...args: string[]) => runKf(args, { cwd: app, env: { KUBECONFIG: inject('kubeconfig') } });
    const lines = (text: string) => text.split('\n').filter((l) => l !== '');

    beforeAll(async () => {
      app = join(tempDir('kf-kube-prometheus-'), 'monitoring');
      const init = await runKf(
        ['init', app, '--env', 'minikube', '--context', 'minikube', '--namespace', ns],
        {
          env: { KUBECONFIG: inject('kubeconfig') },
        },
      );
      expect(init.stderr).toBe('');
      writeKubePrometheusApp(app, source.dir);
      // The charts test applies prometheus-operator's CRDs too (same names) and deletes them at its
      // end: a CRD still terminating from it cannot be applied again.
      const connection = await connect(ns);
      for (let i = 0; i < 120; i++) {
        const crds = await getJson<{ items: { metadata: { name: string; deletionTimestamp?: string } }[] }>(
          connection,
          '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        );
        const terminating = crds?.items.filter(
          (c) => c.metadata.name.endsWith('.monitoring.coreos.com') && c.metadata.deletionTimestamp,
        );
        if (!terminating?.length) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      egressBefore = readEgressLog(plane.egress).length;
    }, 300_000);

    let deletedAll = false;
    afterAll(async () => {
      // An unavailable APIService left behind would stall every namespace deletion of the files
      // after this one (the namespace controller needs the whole discovery), and the CRDs are shared.
      if (!deletedAll) await kf('delete', 'minikube', '--yes');
      rmSync(app, { recursive: true, force: true });
    }, 120_000);

    it('renders 130 objects, the same bytes on every run (show, export --check)', async () => {
      const first = await kf('show', 'minikube');
      const second = await kf('show', 'minikube');
      expect(first.exitCode).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      const out = join(app, '..', 'rendered');
      const exported = await kf('export', 'minikube', out);
      expect(exported.stderr).toBe(`exported 130 objects of minikube to ${out}\n`);
      const check = await kf('export', 'minikube', out, '--check');
      expect(check.exitCode).toBe(0);
      // <env>/<namespace or _cluster>/<file>
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<
        string,
        Exported
      >;
      rendered = Object.entries(manifest).map(([file, o]) => {
        const folder = file.split('/')[1]!;
        return { ...o, ...(folder === '_cluster' ? {} : { namespace: folder }) };
      });
      expect(rendered).toHaveLength(130);
      expect(readdirSync(join(out, 'minikube', ns))).toHaveLength(
        rendered.filter((o) => o.namespace === ns).length,
      );
      // the largest object, prometheuses.monitoring.coreos.com (~480 kB of JSON), as shown
      expect(
        readFileSync(
          join(
            out,
            'minikube',
            '_cluster',
            'apiextensions.k8s.io_v1_CustomResourceDefinition_prometheuses.monitoring.coreos.com.yaml',
          ),
          'utf8',
        ).length,
      ).toBeGreaterThan(300_000);
    }, 120_000);

    it('applies in waves, waits, and names exactly what cannot become ready, and why', async () => {
      // 30s: the three can never be ready, so the wait lasts that long; the other 127 need a few
      // seconds on a quiet machine, and a busy CI machine must not make them look stuck.
      const applied = await kf('apply', 'minikube', '--yes', '--wait', '--timeout', '30s');
      expect(applied.stdout).toMatch(/: 130 created, 0 configured, 0 unchanged, 0 failed\n$/);
      const err = lines(applied.stderr);
      // CRDs before their custom resources; the APIService last
      const at = (pattern: RegExp) => err.findIndex((l) => pattern.test(l));
      expect(
        at(/^created customresourcedefinition\S*\/servicemonitors\.monitoring\.coreos\.com$/),
      ).toBeGreaterThan(-1);
      expect(at(/^created customresourcedefinition\S*\/servicemonitors/)).toBeLessThan(
        at(/^created servicemonitor\S*\/grafana -n /),
      );
      expect(at(/^created servicemonitor\S*\/grafana -n /)).toBeLessThan(at(/^created apiservice/));
      // everything else is ready: pods of 5 Deployments and the node-exporter DaemonSet on kwok nodes
      expect(err.filter((l) => l.startsWith('not ready: '))).toEqual([
        expect.stringMatching(NOT_READY[0]!),
        expect.stringMatching(NOT_READY[1]!),
        expect.stringMatching(NOT_READY[2]!),
      ]);
      expect(err.at(-1)).toBe(
        'kf: 3 object(s) not ready after 30s (the objects were applied; see the lines above for what is not ready)',
      );
      expect(applied.exitCode).toBe(1);
    }, 120_000);

    it('status tells the same: 127 Current, the three that nothing reconciles InProgress', async () => {
      const status = await kf('status', 'minikube');
      expect(status.stdout).toContain(
        'environment minikube (context minikube): 130 object(s): 127 Current, 3 InProgress\n',
      );
      const inProgress = lines(status.stdout).filter((l) => / InProgress /.test(l));
      expect(inProgress.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
        `Alertmanager ${ns}/main`,
        `Prometheus ${ns}/k8s`,
        'APIService v1beta1.metrics.k8s.io',
      ]);
      expect(status.stdout).toMatch(new RegExp(`DaemonSet +${ns}/node-exporter .* Current `));
      expect(status.exitCode).toBe(1);
    }, 60_000);

    it('finds no drift, and a second apply changes nothing', async () => {
      const diff = await kf('diff', 'minikube');
      expect(diff.stdout).toBe('');
      expect(diff.exitCode).toBe(0);
      const again = await kf('apply', 'minikube', '--yes');
      expect(again.stdout).toMatch(/: 0 created, 0 configured, 130 unchanged, 0 failed\n$/);
      expect(again.exitCode).toBe(0);
    }, 60_000);

    it('validates against the server: schemas, and a server-side dry run of every object', async () => {
      const validated = await kf('validate', 'minikube', '--server');
      expect(validated.stderr).toBe('minikube: 130 objects, Kubernetes 1.37 + server dry-run: valid\n');
      expect(validated.exitCode).toBe(0);
    }, 120_000);

    it('prunes exactly the objects of a removed component', async () => {
      const blackbox = rendered
        .filter((o) => o.component === 'blackbox-exporter')
        .map((o) => `${o.kind} ${o.name}`)
        .sort();
      expect(blackbox).toHaveLength(8);
      rmSync(join(app, 'components', 'blackbox-exporter.jsonnet'));
      const pruned = await kf('apply', 'minikube', '--yes', '--prune');
      expect(pruned.stdout).toMatch(/: 0 created, 0 configured, 122 unchanged, 0 failed, 8 pruned\n$/);
      const kinds = new Map(rendered.map((o) => [o.kind.toLowerCase(), o.kind]));
      expect(
        lines(pruned.stderr)
          .filter((l) => l.startsWith('pruned '))
          .map((l) => {
            const [, kind, name] = /^pruned ([a-z]+)\S*\/(\S+)/.exec(l)!;
            return `${kinds.get(kind!)} ${name}`;
          })
          .sort(),
      ).toEqual(blackbox);
      expect(pruned.exitCode).toBe(0);
    }, 60_000);

    it('deletes the rest, the namespace and then the CRDs last', async () => {
      const deleted = await kf('delete', 'minikube', '--yes');
      expect(deleted.stdout).toMatch(/: 122 deleted, 0 already gone, 0 failed\n$/);
      const done = lines(deleted.stderr).filter((l) => l.startsWith('deleted '));
      expect(done).toHaveLength(122);
      expect(done.slice(-11)).toEqual([
        `deleted namespace/${ns}`,
        ...[
          'alertmanagerconfigs',
          'alertmanagers',
          'podmonitors',
          'probes',
          'prometheusagents',
          'prometheuses',
          'prometheusrules',
          'scrapeconfigs',
          'servicemonitors',
          'thanosrulers',
        ].map((crd) => `deleted customresourcedefinition.apiextensions.k8s.io/${crd}.monitoring.coreos.com`),
      ]);
      expect(deleted.exitCode).toBe(0);
      deletedAll = true;
      const connection = await connect(ns);
      expect(
        await getJson(connection, '/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io'),
      ).toBe(undefined);
    }, 120_000);

    it("sent nothing off the machine: the aggregator's probes of prometheus-adapter were refused undialled", () => {
      const entries = readEgressLog(plane.egress).slice(egressBefore);
      // prometheus-adapter's pod (10.244.0.0/16) on its port 6443: the kube-apiserver's aggregator asks
      // the egress proxy for it, and the proxy refuses it before dialling; the pattern only reads the
      // log. Nothing of kf or of the test connects to these addresses, which the last line asserts.
      const probes = entries.filter((e) => /^10\.244\.\d+\.\d+:6443$/.test(e.target));
      expect(probes.length).toBeGreaterThan(0);
      for (const e of probes) expect(e).toMatchObject({ decision: 'refused' });
      for (const e of entries) expect(e.dialed === undefined || /^127\.|^\[::1\]/.test(e.dialed)).toBe(true);
    });
  });
}
