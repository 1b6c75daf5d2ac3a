// Tanka inline environments (tanka.dev/v1alpha1 Environment objects) as kf components, against
// Tanka v0.38's `tk show --name` (built from test/tanka/go-eval): Grafana Tempo's own
// example/tk/inline (one environment, injectLabels on), and the same main.jsonnet over two
// clusters (different namespaces, contextNames and apiServer, resourceDefaults, a label hashed from
// other fields) that each kf environment must choose from as app.yaml's tankaEnvironment, its
// context or its server says. Every object must be the same, kf's two labels aside, and byte for
// byte the same YAML stream in tk's order (harness.ts' expectTankaShow). Loopback only: every
// apiServer and kubeconfig server here is on 127.0.0.1, and neither tk show nor kf show connects.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runKf, writeTestKubeconfig } from '../helpers/run-kf.js';
import { expectTankaShow, tankaShow, TEMPO, tempoProjectApp, type ShownObject } from './harness.js';

// Tempo's environments over two clusters: main.jsonnet is Tempo's inline/main.jsonnet unchanged
// (reading this clusters.libsonnet beside it), each environment given its cluster's `spec` on top.
const TWO_CLUSTERS = `[
  {
    name: 'east',
    apiServer: 'https://127.0.0.1:5443',
    namespace: 'tempo-east',
    data: import '../tempo-microservices/main.jsonnet',
    dataOverride: {},
    spec: {
      contextNames: ['mini.*'],
      resourceDefaults: {
        labels: { team: 'tracing', name: 'only-where-an-object-has-no-name-label' },
        annotations: { 'example.com/owner': 'east' },
      },
    },
  },
  {
    name: 'west',
    apiServer: '127.0.0.1:7443',  // no scheme: Tanka reads it as https://
    namespace: 'tempo-west',
    data: import '../tempo-single-binary/main.jsonnet',
    // an empty annotations map, which Tanka drops
    dataOverride: {
      empty: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty', annotations: {}, labels: {} } },
    },
    spec: {
      tankaEnvLabelFromFields: ['.metadata.name', '.spec.namespace'],
      resourceDefaults: { labels: { 'example.com/owner': 'west' } },
    },
  },
]
`;
const TWO_MAIN = `// Tempo's inline/main.jsonnet (tempo-main.jsonnet), each cluster's spec added to its environment
(import 'tempo-main.jsonnet') {
  environment(cluster):: super.environment(cluster) + { spec+: cluster.spec },
}
`;

if (!existsSync(join(TEMPO, 'vendor'))) {
  describe('Tanka inline environments as kf components', () => {
    it.skip(`NOT RUN — ${TEMPO} is missing: the test setup (test/setup/realworld.ts) assembles it from the mirrors in /work/.mirror (KF_MIRROR): fetch them`, () =>
      undefined);
  });
} else {
  describe('Tanka inline environments as kf components', () => {
    it("Tempo's example/tk/inline, and two clusters of it chosen by tankaEnvironment, context or server: what tk show --name renders, byte for byte", async () => {
      // kubeconfig: context minikube → https://127.0.0.1:6443, gke → https://127.0.0.1:7443
      const project = await tempoProjectApp('kf-tanka-inline-', ['--env', 'dev']);
      const kubeconfig = writeTestKubeconfig(project);
      const env = { KUBECONFIG: kubeconfig };
      const kf = (args: string[]) => runKf(args, { cwd: project, env });
      const kfShow = (args: string[]) => kf(['show', ...args, '--allow-imports-outside-app']);
      const kfObjects = async (args: string[]) => {
        const shown = await kfShow([...args, '-o', 'json']);
        expect(shown.exitCode).toBe(0);
        return (JSON.parse(shown.stdout) as { items: ShownObject[] }).items;
      };
      // Tempo's cluster is at 0.0.0.0: the copy names loopback instead (it is never contacted)
      const tempoClusters = join(project, 'inline', 'clusters.libsonnet');
      writeFileSync(
        tempoClusters,
        readFileSync(tempoClusters, 'utf8').replace('https://0.0.0.0:6443', 'https://127.0.0.1:6443'),
      );
      mkdirSync(join(project, 'inline-two'));
      copyFileSync(
        join(project, 'inline', 'main.jsonnet'),
        join(project, 'inline-two', 'tempo-main.jsonnet'),
      );
      writeFileSync(join(project, 'inline-two', 'clusters.libsonnet'), TWO_CLUSTERS);
      writeFileSync(join(project, 'inline-two', 'main.jsonnet'), TWO_MAIN);
      for (const dir of ['inline', 'inline-two'])
        writeFileSync(join(project, 'components', `${dir}.jsonnet`), `import '../${dir}/main.jsonnet'\n`);

      // Tempo's one environment: injectLabels' tanka.dev/environment hash of its name and
      // entrypoint, namespace 'namespace' instead of the kf environment's 'default'
      const single = tankaShow(project, ['inline', '--name', 'grafana/cluster name']);
      const items = await kfObjects(['dev', '-c', 'inline']);
      expect(items.length).toBeGreaterThan(50);
      expect(items.some((o) => o.kind === 'Environment')).toBe(false);
      expect(new Set(items.map((o) => o.metadata.namespace))).toEqual(new Set([undefined, 'namespace']));
      expectTankaShow(single, items);
      const yaml = await kfShow(['dev', '-c', 'inline']);
      expect(yaml.exitCode).toBe(0);
      expect(yaml.stdout).toMatch(/^ {4}tanka\.dev\/environment: [0-9a-f]{48}$/m);

      const tanka = {
        east: tankaShow(project, ['inline-two', '--name', 'grafana/east']),
        west: tankaShow(project, ['inline-two', '--name', 'grafana/west']),
      };
      expect(tanka.east).toMatch(/^ {4}team: tracing$/m);
      expect(tanka.west).toMatch(/^ {4}example\.com\/owner: west$/m);
      expect(tanka.west).toContain('  labels:\n    example.com/owner: west\n    tanka.dev/environment:');
      expect(tanka.west).toMatch(/^ {2}name: empty\n {2}namespace: tempo-west\n---$/m);
      // by context (minikube is in east's contextNames, as the regular expression mini.*); by
      // server (gke's https://127.0.0.1:7443 is west's apiServer); by name, over the context
      const add = async (name: string, ...args: string[]) =>
        expect((await kf(['env', 'add', name, ...args])).exitCode).toBe(0);
      await add('by-context', '--context', 'minikube');
      await add('by-server', '--context', 'gke');
      await add('by-name', '--context', 'minikube', '--tanka-environment', 'grafana/west');
      for (const [kfEnv, tankaEnv] of [
        ['by-context', 'east'],
        ['by-server', 'west'],
        ['by-name', 'west'],
      ] as const) {
        const objects = await kfObjects([kfEnv, '-c', 'inline-two']);
        expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(
          new Set([undefined, `tempo-${tankaEnv}`]),
        );
        expectTankaShow(tanka[tankaEnv], objects);
      }

      // a kf environment that names none of them: one error line naming the component file, the
      // candidates and the fix; then the fix, recorded as one line in app.yaml
      await add('unbound', '--context', 'gke', '--server', 'https://127.0.0.1:9443', '--force-context');
      const ambiguous = await kfShow(['unbound', '-c', 'inline-two']);
      expect(ambiguous.exitCode).toBe(1);
      expect(ambiguous.stdout).toBe('');
      // (Tempo's Grafana config std.traces a deprecation as it evaluates)
      const lines = ambiguous.stderr.trim().split('\n');
      expect(lines.filter((l) => !l.startsWith('TRACE: '))).toEqual([lines.at(-1)]);
      expect(ambiguous.stderr).toContain('components/inline-two.jsonnet: ');
      expect(ambiguous.stderr).toContain("2 Tanka environments ('grafana/east', 'grafana/west')");
      expect(ambiguous.stderr).toContain(
        "kf env set unbound --tanka-environment NAME', NAME one of 'grafana/east', 'grafana/west'",
      );
      const before = readFileSync(join(project, 'app.yaml'), 'utf8');
      expect((await kf(['env', 'set', 'unbound', '--tanka-environment', 'grafana/east'])).exitCode).toBe(0);
      const after = readFileSync(join(project, 'app.yaml'), 'utf8');
      expect(parse(after).environments.unbound.tankaEnvironment).toBe('grafana/east');
      expect(after.replace(/^ {4}tankaEnvironment: grafana\/east\n/m, '')).toBe(before);
      expectTankaShow(tanka.east, await kfObjects(['unbound', '-c', 'inline-two']));
      // a name that is none of them is an error too; '' removes the field again
      expect((await kf(['env', 'set', 'unbound', '--tanka-environment', 'grafana/north'])).exitCode).toBe(0);
      const unknown = await kfShow(['unbound', '-c', 'inline-two']);
      expect(unknown.exitCode).toBe(1);
      expect(unknown.stderr).toContain(
        "none is named 'grafana/north' (the tankaEnvironment of environment 'unbound')",
      );
      expect((await kf(['env', 'set', 'unbound', '--tanka-environment', ''])).exitCode).toBe(0);
      expect(readFileSync(join(project, 'app.yaml'), 'utf8')).toBe(before);
    }, 600_000);
  });
}
