import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../src/app/app.js';
import { createAppEngine } from '../../src/app/jsonnet-engine.js';
import { renderEnvironment } from '../../src/render/render.js';
import { REPO_ROOT, tempDir } from '../helpers/run-kf.js';
import { userErrorOf } from '../helpers/user-error.js';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'apps', 'render-basic');

/** A copy of the fixture app, with these files written into its components/. */
function fixtureCopy(components: Record<string, string> = {}): string {
  const root = join(tempDir(), 'app');
  cpSync(FIXTURE, root, { recursive: true });
  for (const [file, text] of Object.entries(components)) writeFileSync(join(root, 'components', file), text);
  return root;
}

describe('renderEnvironment', () => {
  it('returns ordered, labelled objects with their component, from any directory inside the app', () => {
    const app = loadApp(join(FIXTURE, 'components'));
    const objects = renderEnvironment(app, 'prod/eu');
    expect(
      objects.map(
        (o) =>
          `${o.component} ${o.object.kind} ${o.object.metadata.namespace ?? '-'} ${o.object.metadata.name}`,
      ),
    ).toEqual(['team-ns Namespace - team', 'settings ConfigMap prod settings', 'web Deployment prod web']);
    const web = objects[2].object;
    expect(web.metadata.labels).toMatchObject({
      'kf.dev/component': 'web',
      'app.kubernetes.io/managed-by': 'kf',
      owner: 'prod-oncall',
    });
    expect(web.spec).toMatchObject({ replicas: 3 });
  });

  it('renders only the requested components, with a shared engine', () => {
    const root = fixtureCopy();
    const app = loadApp(root);
    const engine = createAppEngine(app, { envName: 'dev' });
    const objects = renderEnvironment(app, 'dev', { components: ['web'], engine, extVars: { unused: 'x' } });
    expect(objects).toHaveLength(1);
    expect(objects[0].object.metadata).toMatchObject({ name: 'web', namespace: 'dev-ns' });
    expect(() => renderEnvironment(app, 'dev', { components: ['wbe'] })).toThrow(/unknown component 'wbe'/);
    expect(() => renderEnvironment(app, 'stage')).toThrow(/unknown environment 'stage'/);
  });

  it('reads YAML components as kubectl does (YAML 1.1): octal modes, yes/no, merge keys; an alias bomb is a clear error', () => {
    const root = fixtureCopy();
    writeFileSync(
      join(root, 'components', 'scripts.yaml'),
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: &meta',
        '  name: scripts',
        '  annotations: {example.com/enabled: "yes", example.com/mode: "0644"}',
        'data: {}',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: runner}',
        'spec:',
        '  automountServiceAccountToken: no',
        '  containers: [{name: c, image: busybox}]',
        '  volumes:',
        '  - name: scripts',
        '    configMap: {name: scripts, defaultMode: 0755, items: [{key: run.sh, path: run.sh, mode: 0644}]}',
        '',
      ].join('\n'),
    );
    const objects = renderEnvironment(loadApp(root), 'dev', { components: ['scripts'] });
    const pod = objects.find((o) => o.object.kind === 'Pod')!.object as unknown as {
      spec: {
        automountServiceAccountToken: unknown;
        volumes: { configMap: { defaultMode: number; items: { mode: number }[] } }[];
      };
    };
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.volumes[0].configMap.defaultMode).toBe(0o755);
    expect(pod.spec.volumes[0].configMap.items[0].mode).toBe(0o644);
    expect(objects.find((o) => o.object.kind === 'ConfigMap')!.object.metadata.annotations).toEqual({
      'example.com/enabled': 'yes',
      'example.com/mode': '0644',
    });
    writeFileSync(
      join(root, 'components', 'scripts.yaml'),
      'a: &a [x, x, x, x, x, x, x, x, x, x]\n' +
        'bcdefghij'
          .split('')
          .map((l, i) => `${l}: &${l} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`)
          .join('\n'),
    );
    expect(() => renderEnvironment(loadApp(root), 'dev', { components: ['scripts'] })).toThrow(
      "component 'scripts' is not valid YAML: document contains excessive aliasing",
    );
  });
});

describe('a component nested deeper than the host stack', () => {
  it("names the component's file (the stack ran out in the static pass, before any frame had a place)", () => {
    const root = fixtureCopy();
    // 200000 additions: as many levels of the tree, which the static pass recurses through.
    writeFileSync(
      join(root, 'components', 'deep.jsonnet'),
      `{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep' }, data: { n: std.toString(${Array(200_000).fill('1').join(' + ')}) } }\n`,
    );
    const message = userErrorOf(() => renderEnvironment(loadApp(root), 'dev', { components: ['deep'] }));
    expect(message).toBe("components/deep.jsonnet:1:1: component 'deep': max stack frames exceeded.");
  });
});

describe('an import of an installed package that the environment cannot read', () => {
  /** The fixture app with package r/p installed (`envs`: for those environments only) and a component importing it. */
  function appWithPackage(envs = ''): string {
    const root = fixtureCopy();
    const appYaml = join(root, 'app.yaml');
    writeFileSync(
      appYaml,
      readFileSync(appYaml, 'utf8').replace(
        'registries: {}\nlibraries: {}',
        `registries:\n  r:\n    uri: ./registry\nlibraries:\n  r/p:\n    registry: r\n    name: p\n    version: 1.0.0${envs}`,
      ),
    );
    mkdirSync(join(root, 'vendor/r/p@1.0.0'), { recursive: true });
    writeFileSync(join(root, 'vendor/r/p@1.0.0/x.libsonnet'), "{ name: 'from-p' }\n");
    writeFileSync(
      join(root, 'components/uses-p.jsonnet'),
      "local p = import 'r/p/x.libsonnet';\n{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: p.name } }\n",
    );
    return root;
  }
  const failed = `components/uses-p.jsonnet:1:11: component 'uses-p': couldn't open import "r/p/x.libsonnet": no match locally or in the Jsonnet library paths`;

  it("missing from vendor/: says to run kf pkg install, after the import error's place", () => {
    const root = appWithPackage();
    const render = () => renderEnvironment(loadApp(root), 'dev', { components: ['uses-p'] });
    expect(render()[0].object.metadata.name).toBe('from-p');
    rmSync(join(root, 'vendor'), { recursive: true });
    expect(userErrorOf(render)).toBe(
      `${failed} (r/p is installed in app.yaml but vendor/ lacks it: run 'kf pkg install' to restore it from kf.lock)`,
    );
  });

  it('installed for other environments only: says which, and how to leave the component out of this one or add it', () => {
    const root = appWithPackage('\n    envs: [prod/eu]');
    expect(
      renderEnvironment(loadApp(root), 'prod/eu', { components: ['uses-p'] })[0].object.metadata.name,
    ).toBe('from-p');
    expect(userErrorOf(() => renderEnvironment(loadApp(root), 'dev', { components: ['uses-p'] }))).toBe(
      `${failed} (r/p is installed for prod/eu only: leave component uses-p out of dev with "kf env set dev --components '!uses-p'", or make the package available to dev with 'kf pkg install r/p --env dev')`,
    );
  });

  it('installed for other environments only, in an environment that lists its components: the list without the component', () => {
    const root = appWithPackage('\n    envs: [prod/eu]');
    const appYaml = join(root, 'app.yaml');
    const listing = (list: string) =>
      writeFileSync(
        appYaml,
        readFileSync(appYaml, 'utf8').replace(
          / {2}dev:\n {4}namespace: dev-ns\n( {4}components: .*\n)?/,
          `  dev:\n    namespace: dev-ns\n    components: ${list}\n`,
        ),
      );
    const render = () => userErrorOf(() => renderEnvironment(loadApp(root), 'dev'));
    listing("['!web']");
    expect(render()).toContain(
      `leave component uses-p out of dev with "kf env set dev --components '!web,!uses-p'"`,
    );
    listing('[web, uses-p]');
    expect(render()).toContain('leave component uses-p out of dev with "kf env set dev --components web",');
    // only the component itself: no list leaves it out (an empty one renders every component)
    listing('[uses-p]');
    expect(render()).toBe(
      `${failed} (r/p is installed for prod/eu only: make it available to dev with 'kf pkg install r/p --env dev')`,
    );
  });
});

describe('a YAML component whose name YAML 1.1 reads as another type', () => {
  it('says what the name became and to quote it (was: has no metadata.name)', () => {
    const root = fixtureCopy({ 'flag.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n' });
    const message = userErrorOf(() => renderEnvironment(loadApp(root), 'dev', { components: ['flag'] }));
    expect(message).toBe(
      `${join(root, 'components', 'flag.yaml')}: component 'flag' at [0] ConfigMap's metadata.name is the boolean true, not a string (quote it in the YAML: as kubectl reads it, y, n, yes, no, on, off, true, false and numbers are not strings; a component must evaluate to an object with apiVersion, kind and metadata.name, an array or List of them, or objects of them nested at any depth)`,
    );
    writeFileSync(
      join(root, 'components', 'flag.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "y"\n',
    );
    expect(renderEnvironment(loadApp(root), 'dev', { components: ['flag'] })[0].object.metadata.name).toBe(
      'y',
    );
  });
});

describe('YAML and JSON components that do not parse', () => {
  function renderError(file: string, text: string): string {
    const root = fixtureCopy({ [file]: text });
    return userErrorOf(() =>
      renderEnvironment(loadApp(root), 'dev', { components: [file.replace(/\.[a-z]+$/, '')] }),
    );
  }

  it("YAML: the line and column once (was: the yaml package's ' at line 4, column 1:' after them)", () => {
    expect(renderError('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\ndata: [\n')).toBe(
      "components/bad.yaml:4:1: component 'bad' is not valid YAML: Flow map in block collection must be sufficiently indented and end with a } (fix the YAML syntax)",
    );
  });

  it('JSON: a line and column instead of an offset', () => {
    expect(renderError('bad.json', '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n}\n')).toMatch(
      /^components\/bad\.json:4:1: component 'bad' is not valid JSON: [^(]*\(fix the JSON syntax\)$/,
    );
  });
});

describe('a component that is a function, rendered without its parameter', () => {
  it('names its file and says to give the parameter with --tla-str or --tla-code (was: neither)', () => {
    const root = fixtureCopy({
      'fn.jsonnet':
        "function(replicas) { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { r: std.toString(replicas) } }\n",
    });
    const message = userErrorOf(() => renderEnvironment(loadApp(root), 'dev', { components: ['fn'] }));
    expect(message).toBe(
      "components/fn.jsonnet: component 'fn': Missing argument: replicas (the file is a function: give its parameter with --tla-str replicas=<value> or --tla-code replicas=<code>)",
    );
    const objects = renderEnvironment(loadApp(root), 'dev', {
      components: ['fn'],
      tlaCode: { replicas: '3' },
    });
    expect(objects[0].object.data).toEqual({ r: '3' });
  });
});
