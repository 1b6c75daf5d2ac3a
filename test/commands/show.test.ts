import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ensureBuilt, REPO_ROOT, runKf, tempDir } from '../helpers/run-kf.js';

// The first run may build kf (see test/helpers/build-if-stale.mjs): give it the hook timeout.
beforeAll(() => void ensureBuilt(), 600_000);

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'apps', 'render-basic');

function copyFixture(): string {
  const root = join(tempDir(), 'app');
  cpSync(FIXTURE, root, { recursive: true });
  return root;
}

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [k: string]: unknown;
}

describe('kf show', () => {
  let root: string;
  beforeAll(() => {
    root = copyFixture();
  });

  it('prints the environment as sorted YAML documents, labelled, namespaced, with ksonnet precedence', async () => {
    const result = await runKf(['show', 'dev'], { cwd: root });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    // as tk show writes a stream: `---` between documents, not before the first
    expect(result.stdout.startsWith('apiVersion: v1\nkind: Namespace\n')).toBe(true);
    expect(result.stdout.match(/^---$/gm)).toHaveLength(2);
    const objects = parseAllDocuments(result.stdout).map((d) => d.toJS() as Obj);
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace//team',
      'ConfigMap/dev-ns/settings',
      'Deployment/dev-ns/web',
    ]);
    for (const o of objects) {
      expect(o.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('kf');
    }
    const [, settings, web] = objects;
    expect(settings.metadata.labels?.['kf.dev/component']).toBe('settings');
    // YAML component: params merge-patched, globals not turned into fields
    expect(settings.data).toEqual({ level: 'info', keep: 'yes' });
    expect(settings).not.toHaveProperty('owner');
    // global overrides the component's own value (ksonnet: mergePatch(component, global))
    expect(web.metadata.labels).toMatchObject({ owner: 'ml-team', env: 'dev', 'kf.dev/component': 'web' });
    expect(web.spec).toMatchObject({
      replicas: 1,
      template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    });
  });

  it('applies environment params, environment globals and main.jsonnet patches in a nested environment', async () => {
    const result = await runKf(['show', 'prod/eu', '-c', 'web', '-o', 'json'], { cwd: root });
    expect(result.exitCode).toBe(0);
    const list = JSON.parse(result.stdout);
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    expect(list.items).toHaveLength(1);
    const web = list.items[0] as Obj;
    expect(web.metadata).toMatchObject({
      namespace: 'prod',
      annotations: { region: 'eu' },
      labels: { owner: 'prod-oncall', env: 'prod/eu' },
    });
    expect(web.spec).toMatchObject({ replicas: 3 });
  });

  it('is byte-identical on every run', async () => {
    const first = await runKf(['show', 'prod/eu'], { cwd: root });
    const second = await runKf(['show', 'prod/eu'], { cwd: root });
    expect(first.exitCode).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const json1 = await runKf(['show', 'prod/eu', '-o', 'json'], { cwd: root });
    const json2 = await runKf(['show', 'prod/eu', '-o', 'json'], { cwd: root });
    expect(json2.stdout).toBe(json1.stdout);
  });

  it('uses the current environment when none is given', async () => {
    const app = copyFixture();
    expect((await runKf(['show'], { cwd: app })).stderr).toMatch(
      /no environment given and no current environment set/,
    );
    await runKf(['env', 'current', '--set', 'dev'], { cwd: app });
    const result = await runKf(['show', '-c', 'team-ns'], { cwd: app });
    expect(result.stdout).toContain('name: team');
  });

  it('takes -J library directories and --ext-str variables', async () => {
    const app = copyFixture();
    const extra = join(tempDir(), 'jlib');
    mkdirSync(extra);
    writeFileSync(join(extra, 'extra.libsonnet'), "{ name: 'from-jpath' }\n");
    writeFileSync(
      join(app, 'components', 'probe.jsonnet'),
      "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: (import 'extra.libsonnet').name }, data: { who: std.extVar('who') } }\n",
    );
    const result = await runKf(
      ['show', 'dev', '-c', 'probe', '-J', extra, '--ext-str', 'who=me', '-o', 'json'],
      { cwd: app },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).items[0]).toMatchObject({
      metadata: { name: 'from-jpath' },
      data: { who: 'me' },
    });
  });

  it('evaluates only the selected components, so a broken one does not block the others', async () => {
    const app = copyFixture();
    writeFileSync(
      join(app, 'components', 'broken.jsonnet'),
      "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: error 'boom' } }\n",
    );
    const ok = await runKf(['show', 'dev', '-c', 'web'], { cwd: app });
    expect(ok.exitCode).toBe(0);
    const bad = await runKf(['show', 'dev'], { cwd: app });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe(`kf: components/broken.jsonnet:1:58: component 'broken': boom\n`);
  });

  it('reports unknown environments and components with a suggestion', async () => {
    const env = await runKf(['show', 'deb'], { cwd: root });
    expect(env.exitCode).toBe(1);
    expect(env.stderr).toBe("kf: unknown environment 'deb' (did you mean 'dev'?)\n");
    const component = await runKf(['show', 'dev', '-c', 'wbe'], { cwd: root });
    expect(component.exitCode).toBe(1);
    expect(component.stderr).toBe("kf: unknown component 'wbe' (did you mean 'web'?)\n");
  });

  it('reports an error in components/params.libsonnet once, with line and column', async () => {
    const app = copyFixture();
    const file = join(app, 'components', 'params.libsonnet');
    writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 1,', 'replicas: undefinedVar,'));
    const result = await runKf(['show', 'dev'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('kf: components/params.libsonnet:8:17: Unknown variable: undefinedVar\n');
  });

  it('reports a component that is not a Kubernetes object', async () => {
    const app = copyFixture();
    writeFileSync(
      join(app, 'components', 'odd.jsonnet'),
      "[{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }]\n",
    );
    const result = await runKf(['show', 'dev', '-c', 'odd'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /components\/odd\.jsonnet: component 'odd' at \[0\] ConfigMap has no metadata\.name/,
    );
  });

  it('reports a malformed YAML component with line and column', async () => {
    const app = copyFixture();
    writeFileSync(
      join(app, 'components', 'settings.yaml'),
      readFileSync(join(FIXTURE, 'components', 'settings.yaml'), 'utf8') + '  bad: [\n',
    );
    const result = await runKf(['show', 'dev', '-c', 'settings'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^kf: components\/settings\.yaml:\d+:\d+: component 'settings' is not valid YAML/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
