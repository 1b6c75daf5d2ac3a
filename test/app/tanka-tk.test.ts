// kf's own rules around Tanka's `import 'tk'` and std.extVar('tanka.dev/environment') that tk show
// cannot be compared on (test/tanka/tk-env.test.ts compares what it can): a kf component that is
// no Tanka environment gets Tanka's error and kf's rule; --ext-code cannot set the ext var (Tanka
// sets it over the user's too); one engine rendering two static environments and plain components
// gives each its own value through a shared library; a ksonnet app has no builtin 'tk'.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../src/app/app.js';
import { UserError } from '../../src/errors.js';
import { createAppEngine } from '../../src/app/jsonnet-engine.js';
import { evaluateEnvironment, renderEnvironment } from '../../src/render/render.js';
import { REPO_ROOT, tempDir } from '../helpers/run-kf.js';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'apps', 'render-basic');

function writeTree(root: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const configMap = (name: string, data: string) =>
  `{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${name}' }, data: ${data} }\n`;
const spec = (namespace: string) =>
  JSON.stringify({ apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', spec: { namespace } });

/** render-basic with two static environments (tk/a, tk/b) and a plain component, all reading lib/ns.libsonnet. */
function app(plain = "{ ns: 'none' }") {
  const root = join(tempDir(), 'app');
  cpSync(FIXTURE, root, { recursive: true });
  writeTree(root, {
    'jsonnetfile.json': '{}',
    'lib/ns.libsonnet': "{ ns: (import 'tk').env.spec.namespace }\n",
    'lib/tk': "{ env: { spec: { namespace: 'the app file' } } }\n",
    'tk/a/main.jsonnet': `{ cm: ${configMap('a', "import 'ns.libsonnet'")} }`,
    'tk/a/spec.json': spec('ns-a'),
    'tk/b/main.jsonnet': `{ cm: ${configMap('b', "import 'ns.libsonnet'")} }`,
    'tk/b/spec.json': spec('ns-b'),
    'components/a.jsonnet': "import '../tk/a/main.jsonnet'\n",
    'components/b.jsonnet': "import '../tk/b/main.jsonnet'\n",
    'components/plain.jsonnet': configMap('plain', plain),
  });
  return loadApp(root);
}

const data = (objects: ReturnType<typeof evaluateEnvironment>) =>
  Object.fromEntries(objects.map((o) => [o.object.metadata.name, (o.object as { data?: unknown }).data]));

describe("Tanka's import 'tk' in kf apps", () => {
  it('gives each static environment its own spec through a library the plain components share, with one engine', () => {
    const application = app();
    const engine = createAppEngine(application, { envName: 'dev' });
    const components = ['a', 'plain', 'b', 'web'];
    for (let i = 0; i < 2; i++) {
      const objects = evaluateEnvironment(application, 'dev', { engine, components });
      expect(data(objects)).toMatchObject({ a: { ns: 'ns-a' }, b: { ns: 'ns-b' }, plain: { ns: 'none' } });
    }
  });

  it("a component that is no static environment gets Tanka's inline-environment error and kf's rule, where an app file reads it", () => {
    const application = app("import 'ns.libsonnet'");
    let error: unknown;
    try {
      renderEnvironment(application, 'dev', { components: ['plain'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(
      "component 'plain': Using tk.env and std.extVar('tanka.dev/environment') is only supported for static environments. Directly access this data using standard Jsonnet instead. (kf sets it in a component that is one import of a Tanka environment's main.jsonnet with spec.json beside it)",
    );
    // not <extvar:tanka.dev/environment> or <internal>/tk.libsonnet: the library that read it
    expect((error as UserError).location).toMatchObject({ file: 'lib/ns.libsonnet', line: 1 });
  });

  it('--ext-code tanka.dev/environment does not reach a component: kf sets it, as Tanka does', () => {
    const application = app("{ env: std.extVar('tanka.dev/environment') }");
    const extCode = { 'tanka.dev/environment': "{ spec: { namespace: 'given' } }" };
    const objects = evaluateEnvironment(application, 'dev', { components: ['a'], extCode });
    expect(data(objects)).toEqual({ a: { ns: 'ns-a' } });
    expect(() => evaluateEnvironment(application, 'dev', { components: ['plain'], extCode })).toThrow(
      /only supported for static environments/,
    );
  });

  it("a ksonnet app has no builtin 'tk': its import finds the app's file", () => {
    const root = writeTree(join(tempDir(), 'ks001'), {
      'app.yaml': 'apiVersion: 0.0.1\nkind: ksonnet.io/app\nname: old\nregistries: {}\nversion: 0.0.1\n',
      'environments/prow/spec.json': '{"server": "https://127.0.0.1:1", "namespace": "tests"}',
      'environments/prow/main.jsonnet': 'local base = import "base.libsonnet";\nbase + {}\n',
      'environments/base.libsonnet': 'std.extVar("__ksonnet/components") + {}\n',
      'components/params.libsonnet': '{ global: {}, components: {} }\n',
      'components/web.jsonnet': configMap('web', "(import 'tk').env.spec"),
      'lib/tk': "{ env: { spec: { namespace: 'the app file' } } }\n",
    });
    const objects = evaluateEnvironment(loadApp(root), 'prow');
    expect(data(objects)).toEqual({ web: { namespace: 'the app file' } });
  });
});
