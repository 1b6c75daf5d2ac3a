import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runKf, snapshotTree } from '../helpers/run-kf.js';
import { fixtureApp } from './fixture.js';

beforeAll(() => ensureBuilt(), 600_000);

const broken = `{
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'broken' },
  spec: {
    replicas: '2',
    template: {
      metadata: { labels: { app: 'broken' } },
      spec: { containers: [{ image: 'busybox', imagePullPolcy: 'Always' }] },
    },
  },
}
`;

describe('kf validate', () => {
  it('passes a valid app, naming each environment and its Kubernetes version', async () => {
    const app = fixtureApp();
    const result = await runKf(['validate'], { cwd: app });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'dev: 6 objects, Kubernetes 1.36: valid\nprod: 6 objects, Kubernetes 1.37: valid\n',
    );
    expect(result.exitCode).toBe(0);
  });

  it('lists every problem with the line that writes it, environment, component, object and field path, and exits 1', async () => {
    const app = fixtureApp({
      'components/broken.jsonnet': broken,
      'components/params.libsonnet': `{ global: {}, components: { web: { name: 'web', replicas: 1, image: 'nginx:1.27', port: 8080 }, foo: { size: 0 } } }\n`,
    });
    const before = snapshotTree(app);
    const result = await runKf(['validate', 'prod'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      // the value's expression; for a missing field, the object that lacks it
      'components/broken.jsonnet:6:15: prod/broken: Deployment ml-prod/broken: spec.replicas: must be an integer (got string "2")',
      'components/broken.jsonnet:5:9: prod/broken: Deployment ml-prod/broken: spec.selector: required field is missing',
      'components/broken.jsonnet:9:64: prod/broken: Deployment ml-prod/broken: spec.template.spec.containers[0].imagePullPolcy: unknown field "imagePullPolcy" (did you mean \'imagePullPolicy\'?)',
      'components/broken.jsonnet:9:27: prod/broken: Deployment ml-prod/broken: spec.template.spec.containers[0].name: required field is missing',
      'components/foo.jsonnet:2:90: prod/foo: Foo ml-prod/my-foo: spec.size: must be >= 1 (got integer 0)',
    ]);
    expect(result.stderr).toContain('prod: 7 objects, Kubernetes 1.37: 5 problems\n');
    expect(result.stderr).toContain('kf: 5 problems found');
    expect(snapshotTree(app)).toEqual(before);
  });

  it("prints a component's std.trace once, although it renders each environment twice", async () => {
    const app = fixtureApp({
      'components/traced.jsonnet': `std.trace('rendering traced', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'traced' } })\n`,
    });
    const result = await runKf(['validate', 'prod'], { cwd: app });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(
      'TRACE: components/traced.jsonnet:1 rendering traced\nprod: 7 objects, Kubernetes 1.37: valid\n',
    );
  });

  it('reports an object two components render (kf apply would refuse it)', async () => {
    const settings = (level: string) =>
      `{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { level: '${level}' } }\n`;
    const app = fixtureApp({
      'components/settings.jsonnet': settings('info'),
      'components/settings-copy.jsonnet': settings('debug'),
    });
    const result = await runKf(['validate', 'prod'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      'components/settings-copy.jsonnet:1:58: prod/settings-copy: ConfigMap ml-prod/settings: rendered twice (also by component settings): one would overwrite the other, and kf apply refuses it\n',
    );
  });

  it('checks custom resources against CRDs vendored under vendor/', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: bars.example.org}
spec:
  group: example.org
  scope: Namespaced
  names: {kind: Bar, plural: bars}
  versions:
    - name: v1alpha1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, properties: {color: {type: string, enum: [red, blue]}}}
`;
    const bar = (color: string) =>
      `{ apiVersion: 'example.org/v1alpha1', kind: 'Bar', metadata: { name: 'b' }, spec: { color: '${color}' } }\n`;
    const app = fixtureApp({ 'vendor/example/bar/crds.yaml': crd, 'components/bar.jsonnet': bar('red') });
    const ok = await runKf(['validate', 'dev'], { cwd: app });
    expect(ok.stdout).toBe('');
    expect(ok.exitCode).toBe(0);

    const bad = fixtureApp({ 'vendor/example/bar/crds.yaml': crd, 'components/bar.jsonnet': bar('green') });
    const result = await runKf(['validate', 'dev'], { cwd: bad });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      'components/bar.jsonnet:1:92: dev/bar: Bar ml-dev/b: spec.color: must be one of "red", "blue" (got string "green")\n',
    );

    const missing = fixtureApp({ 'components/bar.jsonnet': bar('red') });
    const unknown = await runKf(['validate', 'dev'], { cwd: missing });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stdout).toMatch(
      /^components\/bar.jsonnet:1:15: dev\/bar: Bar ml-dev\/b: no schema for example.org\/v1alpha1 Bar/,
    );
    expect((await runKf(['validate', 'dev', '--ignore-missing-schemas'], { cwd: missing })).exitCode).toBe(0);
  });

  it('a vendored YAML file built to explode (a billion laughs) is skipped, and refused in one line with --crds', async () => {
    const levels = 'abcdefghij';
    const bomb =
      '# kind: CustomResourceDefinition\n' +
      'a: &a [x, x, x, x, x, x, x, x, x, x]\n' +
      levels
        .slice(1)
        .split('')
        .map((l, i) => `${l}: &${l} [${Array(10).fill(`*${levels[i]}`).join(', ')}]`)
        .join('\n') +
      '\n';
    const app = fixtureApp({ 'vendor/evil/crds.yaml': bomb });
    const started = Date.now();
    const skipped = await runKf(['validate', 'dev'], { cwd: app });
    expect(skipped.exitCode).toBe(0);
    const refused = await runKf(['validate', 'dev', '--crds', 'vendor/evil/crds.yaml'], { cwd: app });
    expect(refused).toMatchObject({
      exitCode: 1,
      stderr: 'kf: vendor/evil/crds.yaml: not valid YAML: document contains excessive aliasing\n',
    });
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('with -c or -t, checks custom resources against the CRD a component or target left out renders', async () => {
    const app = fixtureApp();
    const ok = await runKf(['validate', 'prod', '-c', 'foo'], { cwd: app });
    expect(ok.stdout).toBe('');
    expect(ok.stderr).toBe('prod: 1 object, Kubernetes 1.37: valid\n');
    expect(ok.exitCode).toBe(0);
    const targeted = await runKf(['validate', 'prod', '-t', 'foo/.*'], { cwd: app });
    expect(targeted.stdout).toBe('');
    expect(targeted.exitCode).toBe(0);
    const bad = fixtureApp({
      'components/params.libsonnet': `{ global: {}, components: { web: { name: 'web', replicas: 1, image: 'nginx:1.27', port: 8080 }, foo: { size: 0 } } }\n`,
    });
    const result = await runKf(['validate', 'prod', '-c', 'foo'], { cwd: bad });
    expect(result.stdout).toBe(
      'components/foo.jsonnet:2:90: prod/foo: Foo ml-prod/my-foo: spec.size: must be >= 1 (got integer 0)\n',
    );
    expect(result.exitCode).toBe(1);
  });

  it('uses the Kubernetes version of each environment', async () => {
    // resource.k8s.io/v1 is served from 1.34 on
    const claim = `{ apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaimTemplate', metadata: { name: 'gpu' }, spec: { spec: {} } }\n`;
    const app = fixtureApp({ 'components/claim.jsonnet': claim });
    const text = (await import('node:fs'))
      .readFileSync(`${app}/app.yaml`, 'utf8')
      .replace('k8sVersion: "1.36"', 'k8sVersion: "1.33"');
    (await import('node:fs')).writeFileSync(`${app}/app.yaml`, text);
    const result = await runKf(['validate'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^components\/claim.jsonnet:1:15: dev\/claim: ResourceClaimTemplate ml-dev\/gpu: apiVersion resource.k8s.io\/v1 of ResourceClaimTemplate is not served by Kubernetes 1.33/,
    );
    expect(result.stdout).not.toContain('prod/');
  });

  it('reports an unbundled Kubernetes version in one line', async () => {
    const app = fixtureApp();
    const fs = await import('node:fs');
    fs.writeFileSync(
      `${app}/app.yaml`,
      fs.readFileSync(`${app}/app.yaml`, 'utf8').replace('k8sVersion: "1.36"', 'k8sVersion: "1.19"'),
    );
    const result = await runKf(['validate', 'dev'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /kf: no bundled Kubernetes schemas for version "1.19" \(set k8sVersion in app.yaml to one of 1.33, .*1.37\)/,
    );
  });
});

describe('kf argocd generate (Config Management Plugin)', () => {
  it('prints only objects on stdout, logs on stderr, environment from ARGOCD_ENV_KF_ENV', async () => {
    const app = fixtureApp();
    const { parseAllDocuments } = await import('yaml');
    const result = await runKf(['argocd', 'generate'], { cwd: app, env: { ARGOCD_ENV_KF_ENV: 'prod' } });
    expect(result.exitCode).toBe(0);
    const docs = parseAllDocuments(result.stdout).map((d) => d.toJS());
    expect(docs).toHaveLength(6);
    for (const doc of docs) {
      expect(typeof doc.apiVersion).toBe('string');
      expect(typeof doc.kind).toBe('string');
      expect(typeof doc.metadata.name).toBe('string');
    }
    expect(docs.find((d) => d.kind === 'Deployment').spec.replicas).toBe(3);
    expect(result.stderr).toMatch(/^kf: rendered 6 objects of environment prod in \d+ ms\n$/);
  });

  it('takes the environment and components from the Application parameters', async () => {
    const app = fixtureApp();
    const parameters = JSON.stringify([
      { name: 'env', string: 'dev' },
      { name: 'components', array: ['web'] },
    ]);
    const result = await runKf(['argocd', 'generate'], {
      cwd: app,
      env: { ARGOCD_APP_PARAMETERS: parameters },
    });
    expect(result.exitCode).toBe(0);
    const { parseAllDocuments } = await import('yaml');
    const docs = parseAllDocuments(result.stdout).map((d) => d.toJS());
    expect(docs.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual([
      'ConfigMap/ml-dev/web-config',
      'Deployment/ml-dev/web',
      'Service/ml-dev/web',
    ]);
  });

  it('counts a single object as one (was: rendered 1 objects)', async () => {
    const app = fixtureApp();
    const parameters = JSON.stringify([
      { name: 'env', string: 'prod' },
      { name: 'components', array: ['foo'] },
    ]);
    const result = await runKf(['argocd', 'generate'], {
      cwd: app,
      env: { ARGOCD_APP_PARAMETERS: parameters },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/^kf: rendered 1 object of environment prod in \d+ ms\n$/);
  });

  it('fails with one line on stderr and nothing on stdout when no environment is given', async () => {
    const app = fixtureApp();
    const result = await runKf(['argocd', 'generate'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^kf: no environment given to the Argo CD plugin \(set KF_ENV/);
    const unknown = await runKf(['argocd', 'generate'], { cwd: app, env: { ARGOCD_ENV_KF_ENV: 'staging' } });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/unknown environment 'staging'/);
  });
});
