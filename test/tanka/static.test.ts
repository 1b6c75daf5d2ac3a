// Tanka static environments (a folder with main.jsonnet and spec.json) as kf components, against
// Tanka v0.38's `tk show <folder>` (built from test/tanka/go-eval): Grafana Tempo's example
// environments with spec.json files written here, and a nested one that adds an object with empty
// annotations. spec.json's namespace instead of the kf environment's, injectLabels' hash of the
// folder and entrypoint from Tanka's root (spec.json's metadata.name ignored, as Tanka ignores it),
// tankaEnvLabelFromFields, resourceDefaults, Go's case-insensitive keys, a deprecated top-level
// field (which makes Tanka keep metadata.namespace empty for the hash); every object the same, kf's
// two labels aside, and byte for byte the same YAML stream in tk's order (harness.ts'
// expectTankaShow). And a static environment that returns an Environment object fails in both.
// Loopback only: every apiServer here is on 127.0.0.1, and neither tk show nor kf show connects.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKf } from '../helpers/run-kf.js';
import {
  expectTankaShow,
  tankaShow,
  tankaShowFailure,
  TEMPO,
  tempoProjectApp,
  type ShownObject,
} from './harness.js';

const environment = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    { apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', metadata: { name: 'default' }, spec, ...extra },
    null,
    2,
  );

/** folder → its spec.json, and the namespace its objects that name none get */
const ENVIRONMENTS: Record<string, { spec: string; namespace: string }> = {
  'tempo-microservices': {
    spec: environment(
      {
        apiServer: '127.0.0.1:6443', // no scheme: Tanka reads it as https://
        namespace: 'monitoring',
        injectLabels: true,
        resourceDefaults: {
          labels: { team: 'tracing', name: 'only-where-an-object-has-no-name-label' },
          annotations: { 'example.com/owner': 'tracing' },
        },
      },
      // Tanka names a static environment by its folder, whatever metadata.name says
      { metadata: { name: 'not-its-name' } },
    ),
    namespace: 'monitoring',
  },
  'clusters/eu': {
    spec: environment({
      contextNames: ['eu-.*'],
      namespace: 'tempo-eu',
      injectLabels: true,
      tankaEnvLabelFromFields: [
        '.metadata.name',
        '.metadata.namespace',
        '.spec.namespace',
        '.spec.injectLabels',
      ],
      resourceDefaults: { labels: { 'example.com/region': 'eu' } },
    }),
    namespace: 'tempo-eu',
  },
  'tempo-single-binary': {
    // `Namespace` and `InjectLabels`: Go's encoding/json matches keys case-insensitively; the
    // deprecated top-level `team` becomes metadata.labels.team, and makes Tanka's spec.Parse return
    // before it sets metadata.namespace (the hash is of 'tempo-single-binary:' and the team)
    spec: environment(
      {
        apiServer: 'https://127.0.0.1:6443',
        Namespace: 'observability',
        InjectLabels: true,
        tankaEnvLabelFromFields: ['.metadata.name', '.metadata.namespace', '.metadata.labels.team'],
      },
      { team: 'tempo' },
    ),
    namespace: 'observability',
  },
};
// clusters/eu: Tempo's single binary again, two folders down, with a ConfigMap whose empty
// annotations Tanka drops (its labels get the defaults)
const EU_MAIN = `(import '../../tempo-single-binary/main.jsonnet') + {
  empty: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty', annotations: {}, labels: {} } },
}
`;

if (!existsSync(join(TEMPO, 'vendor'))) {
  describe('Tanka static environments as kf components', () => {
    it.skip(`NOT RUN — ${TEMPO} is missing: the test setup (test/setup/realworld.ts) assembles it from the mirrors in /work/.mirror (KF_MIRROR): fetch them`, () =>
      undefined);
  });
} else {
  describe('Tanka static environments as kf components', () => {
    it("Tempo's environments with their spec.json namespace, injectLabels and resourceDefaults: what tk show renders, byte for byte", async () => {
      const project = await tempoProjectApp('kf-tanka-static-', ['--env', 'dev']);
      mkdirSync(join(project, 'clusters', 'eu'), { recursive: true });
      writeFileSync(join(project, 'clusters', 'eu', 'main.jsonnet'), EU_MAIN);
      const tankaText = new Map<string, string>();
      for (const [dir, { spec }] of Object.entries(ENVIRONMENTS)) {
        const component = dir.replace('/', '-');
        writeFileSync(
          join(project, 'components', `${component}.jsonnet`),
          `import '../${dir}/main.jsonnet'\n`,
        );
        writeFileSync(join(project, dir, 'spec.json'), spec);
        tankaText.set(component, tankaShow(project, [dir]));
      }
      const eu = tankaText.get('clusters-eu')!;
      expect(eu).toMatch(
        /^metadata:\n {2}labels:\n {4}example\.com\/region: eu\n {4}tanka\.dev\/environment: [0-9a-f]{48}\n {2}name: empty\n {2}namespace: tempo-eu\n---$/m,
      );
      expect(tankaText.get('tempo-microservices')).toMatch(/^ {4}team: tracing$/m);

      const shown = await runKf(['show', 'dev', '-o', 'json', '--allow-imports-outside-app'], {
        cwd: project,
      });
      expect(shown.exitCode).toBe(0);
      const items = (JSON.parse(shown.stdout) as { items: ShownObject[] }).items;
      const hashes = new Set<string>();
      for (const [dir, { namespace }] of Object.entries(ENVIRONMENTS)) {
        const component = dir.replace('/', '-');
        const ours = items.filter((o) => o.metadata.labels?.['kf.dev/component'] === component);
        expect(ours.length).toBeGreaterThan(20);
        // spec.json's namespace where an object names none (Tempo's name 'default' themselves)
        expect(ours.filter((o) => o.metadata.namespace === namespace).length).toBeGreaterThan(10);
        for (const o of ours) hashes.add(o.metadata.labels?.['tanka.dev/environment'] ?? 'none');
        expectTankaShow(tankaText.get(component)!, ours);
      }
      // each environment its own hash, on every object
      expect(hashes.size).toBe(3);
      expect([...hashes].every((h) => /^[0-9a-f]{48}$/.test(h))).toBe(true);
    }, 600_000);

    it('a static environment that returns an Environment object: Tanka refuses it, and so does kf', async () => {
      const project = await tempoProjectApp('kf-tanka-static-env-', ['--env', 'dev']);
      mkdirSync(join(project, 'both'));
      writeFileSync(
        join(project, 'both', 'main.jsonnet'),
        `{
  config: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
  nested: { env: { apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', metadata: { name: 'inner' }, spec: {}, data: {} } },
}
`,
      );
      writeFileSync(join(project, 'both', 'spec.json'), environment({ namespace: 'both' }));
      writeFileSync(join(project, 'components', 'both.jsonnet'), "import '../both/main.jsonnet'\n");
      expect(tankaShowFailure(project, ['both'])).toContain('found a tanka Environment resource');
      const shown = await runKf(['show', 'dev', '-c', 'both'], { cwd: project });
      expect(shown.exitCode).toBe(1);
      expect(shown.stdout).toBe('');
      expect(shown.stderr.trim()).toBe(
        "kf: components/both.jsonnet: component 'both' is the Tanka static environment of both/spec.json and returns, at nested.env, a tanka.dev/v1alpha1 Environment 'inner' (Tanka refuses a spec.json and inline environments at once ('found a tanka Environment resource'): remove spec.json to make it an inline environment, or return only the Environment's data)",
      );
    }, 600_000);
  });
}
