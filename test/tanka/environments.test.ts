// Tanka environments as kf components: Grafana Tempo's own example environments (example/tk, from
// the real-world set that `npm run bench:realworld` assembles outside the repo, with k8s-libsonnet
// generated from Kubernetes' OpenAPI spec) rendered by `kf show` in a kf app and by Tanka v0.38's
// `tk show` (built from test/tanka/go-eval). Every object must be the same, kf's two labels aside:
// nested objects are found as Tanka finds them, and Tanka's natives (ksonnet-util's ConfigMaps
// through manifestYamlFromJson) write what Tanka writes. And byte for byte: kf's YAML of each
// object (yaml.v2's, as Tanka writes it) without kf's labels is tk's document, and the stream of
// them in tk's order is tk show's output.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { toYamlV2, toYamlV2Stream } from '../../src/jsonnet/goyaml-v2.js';
import { runKf, tempDir } from '../helpers/run-kf.js';
import { tankaBinary } from './harness.js';

const SET =
  process.env.KF_REALWORLD_DIR ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kf', 'realworld');
const TEMPO = join(SET, 'grafana+tempo', 'example', 'tk');
const ENVIRONMENTS = ['tempo-microservices', 'tempo-single-binary'];
// Tempo's committed `tk export` of operations/jsonnet-compiled/microservices (its Makefile's gen)
const COMPILED = join(SET, 'grafana+tempo', 'operations', 'jsonnet-compiled');
const GEN = join(COMPILED, 'microservices', 'gen');

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

const key = (o: Obj) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''} ${o.metadata.name}`;
const sorted = (objects: Obj[]) => [...objects].sort((a, b) => key(a).localeCompare(key(b)));

/** Without the labels kf adds (managed-by, component); an empty `labels: {}` (which some of Tempo's objects have) as none. */
function withoutKfLabels(o: Obj): Obj {
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
function withoutKfLabelsLike(o: Obj, tanka: Obj): Obj {
  const copy = structuredClone(o);
  const labels = copy.metadata.labels ?? {};
  delete labels['app.kubernetes.io/managed-by'];
  delete labels['kf.dev/component'];
  if (Object.keys(labels).length === 0 && tanka.metadata.labels === undefined) delete copy.metadata.labels;
  return copy;
}

if (!existsSync(join(TEMPO, 'vendor'))) {
  describe('Tanka environments as kf components', () => {
    it.skip(`NOT RUN — ${TEMPO} is missing: run \`npm run bench:realworld\` (it assembles the real-world set from the mirrors)`, () =>
      undefined);
  });
} else {
  describe('Tanka environments as kf components', () => {
    it("Grafana Tempo's example environments: the objects tk show renders, and its text byte for byte", async () => {
      // Tempo's example/tk and the operations/ it imports from, links resolved: relative imports
      // climb out of lib/ into operations/, which go-jsonnet resolves by path, not through links.
      // That folder is the Tanka project, and the kf app too (app.yaml beside its jsonnetfile.json).
      const repo = join(tempDir('kf-tanka-envs-'), 'tempo');
      for (const dir of ['example', 'operations'])
        cpSync(join(TEMPO, '..', '..', dir), join(repo, dir), { recursive: true, dereference: true });
      const project = join(repo, 'example', 'tk');
      const app = project;
      const init = join(repo, 'init');
      expect((await runKf(['init', init, '--env', 'dev'])).exitCode).toBe(0);
      for (const entry of ['app.yaml', 'components', 'environments'])
        renameSync(join(init, entry), join(app, entry));
      const expected = new Map<string, Obj[]>();
      const tankaText = new Map<string, string>();
      for (const env of ENVIRONMENTS) {
        writeFileSync(join(app, 'components', `${env}.jsonnet`), `import '../${env}/main.jsonnet'\n`);
        writeFileSync(
          join(project, env, 'spec.json'),
          JSON.stringify({
            apiVersion: 'tanka.dev/v1alpha1',
            kind: 'Environment',
            metadata: { name: env },
            spec: { apiServer: 'https://127.0.0.1:6443', namespace: 'default' },
          }),
        );
        const yaml = execFileSync(tankaBinary(), ['show', env, '--dangerous-allow-redirect'], {
          cwd: project,
          encoding: 'utf8',
          maxBuffer: 1 << 28,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        expected.set(env, sorted(parseAllDocuments(yaml).map((d) => withoutKfLabels(d.toJS() as Obj))));
        tankaText.set(env, yaml);
      }

      const shown = await runKf(['show', 'dev', '-o', 'json', '--allow-imports-outside-app'], { cwd: app });
      expect(shown.exitCode).toBe(0);
      const items = (JSON.parse(shown.stdout) as { items: Obj[] }).items;
      for (const env of ENVIRONMENTS) {
        const ours = sorted(
          items.filter((o) => o.metadata.labels?.['kf.dev/component'] === env).map(withoutKfLabels),
        );
        expect(ours.length).toBeGreaterThan(20);
        expect(ours).toEqual(expected.get(env));
      }

      // kf show's YAML is its writer's text of these objects
      const shownYaml = await runKf(['show', 'dev', '--allow-imports-outside-app'], { cwd: app });
      expect(shownYaml.exitCode).toBe(0);
      expect(shownYaml.stdout).toBe(toYamlV2Stream(items));
      for (const env of ENVIRONMENTS) {
        const text = tankaText.get(env) as string;
        const theirs = parseAllDocuments(text).map((d) => d.toJS() as Obj);
        const ours = new Map(
          items.filter((o) => o.metadata.labels?.['kf.dev/component'] === env).map((o) => [key(o), o]),
        );
        const inTankaOrder = theirs.map((t) => withoutKfLabelsLike(ours.get(key(t)) as Obj, t));
        // each document (tk's separated at its `---` lines), then the whole stream, separators included
        const documents = text.split(/^---\n/m);
        expect(documents.length).toBe(theirs.length);
        expect(inTankaOrder.map(toYamlV2)).toEqual(documents);
        expect(toYamlV2Stream(inTankaOrder)).toBe(text);
      }
    }, 600_000);

    it.skipIf(!existsSync(GEN))(
      "kf export of Tempo's jsonnet-compiled/microservices writes its committed tk export files, kf's labels aside",
      async () => {
        // the Tanka project (the app too) as Tempo's Makefile exports it: namespace tracing, files
        // named {{.kind}}-{{.metadata.name}}
        const repo = join(tempDir('kf-tanka-gen-'), 'tempo');
        cpSync(join(COMPILED, '..'), join(repo, 'operations'), { recursive: true, dereference: true });
        const app = join(repo, 'operations', 'jsonnet-compiled');
        const init = join(repo, 'init');
        expect((await runKf(['init', init, '--env', 'dev', '--namespace', 'tracing'])).exitCode).toBe(0);
        for (const entry of ['app.yaml', 'components', 'environments'])
          renameSync(join(init, entry), join(app, entry));
        writeFileSync(join(app, 'components', 'tempo.jsonnet'), "import '../microservices/main.jsonnet'\n");
        const exported = await runKf(['export', 'dev', 'out', '--format', '{kind}-{name}'], { cwd: app });
        expect(exported.exitCode).toBe(0);
        const files = readdirSync(GEN).sort();
        expect(files.length).toBe(52);
        expect(
          readdirSync(join(app, 'out'))
            .filter((f) => f !== 'manifest.json')
            .sort(),
        ).toEqual(files);
        const differing = files.filter((file) => {
          const theirs = readFileSync(join(GEN, file), 'utf8');
          // kf's two label lines out; a labels map left empty goes as in withoutKfLabelsLike
          const ours = readFileSync(join(app, 'out', file), 'utf8')
            .replace(/^ {4}app\.kubernetes\.io\/managed-by: kf\n/m, '')
            .replace(/^ {4}kf\.dev\/component: tempo\n/m, '')
            .replace(/^ {2}labels:\n(?! {4})/m, /^ {2}labels: \{\}$/m.test(theirs) ? '  labels: {}\n' : '');
          return ours !== theirs;
        });
        expect(differing).toEqual([]);
      },
      600_000,
    );
  });
}
