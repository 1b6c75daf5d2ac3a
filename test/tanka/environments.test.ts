// Tanka environments as kf components: Grafana Tempo's own example environments (example/tk, from
// the real-world set that `npm run bench:realworld` assembles outside the repo, with k8s-libsonnet
// generated from Kubernetes' OpenAPI spec) rendered by `kf show` in a kf app and by Tanka v0.38's
// `tk show` (built from test/tanka/go-eval). Every object must be the same, kf's two labels aside:
// nested objects are found as Tanka finds them, and Tanka's natives (ksonnet-util's ConfigMaps
// through manifestYamlFromJson) write what Tanka writes.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runKf, tempDir } from '../helpers/run-kf.js';
import { tankaBinary } from './harness.js';

const SET =
  process.env.KF_REALWORLD_DIR ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kf', 'realworld');
const TEMPO = join(SET, 'grafana+tempo', 'example', 'tk');
const ENVIRONMENTS = ['tempo-microservices', 'tempo-single-binary'];

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

if (!existsSync(join(TEMPO, 'vendor'))) {
  describe('Tanka environments as kf components', () => {
    it.skip(`NOT RUN — ${TEMPO} is missing: run \`npm run bench:realworld\` (it assembles the real-world set from the mirrors)`, () =>
      undefined);
  });
} else {
  describe('Tanka environments as kf components', () => {
    it("Grafana Tempo's example environments: the objects tk show renders", async () => {
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
    }, 600_000);
  });
}
