// What test/tanka/inline.test.ts and static.test.ts cannot compare with tk show: kf's own rules
// around inline environments (anything beside them is an error, not dropped as Tanka drops it;
// only tanka.dev/v1alpha1 Environments are environments; bad specs are named), and around static
// ones (when a component is one, spec.json read as Tanka reads it, a bad one named with its field,
// an Environment object in its value refused).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { Engine } from '../../src/jsonnet/index.js';
import {
  findStaticEnvironments,
  readTankaEnvironments,
} from '../../src/render/pipeline/tanka-environment.js';
import { tempDir } from '../helpers/run-kf.js';

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };
const environment = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'tanka.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name },
  spec: { namespace: name, ...spec },
  data: { web: deployment },
});
const choose = (value: unknown, env: { tankaEnvironment?: string; context?: string } = {}) =>
  readTankaEnvironments([{ component: 'envs', file: '/app/components/envs.jsonnet', value }], {
    statics: new Map(),
    root: '/app',
    engine: new Engine(),
    env: { name: 'dev', ...env },
  });
const failure = (f: () => unknown): UserError => {
  try {
    f();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('no error');
};

describe('readTankaEnvironments: inline environments', () => {
  it("replaces the value by the chosen environment's data and leaves other components alone", () => {
    const { values, environments } = choose(
      { envs: [environment('a'), environment('b')] },
      { tankaEnvironment: 'b' },
    );
    expect(values[0]!.value).toEqual({ web: deployment });
    expect(environments.get('envs')).toEqual({ name: 'b', namespace: 'b', labels: {}, annotations: {} });
    expect(choose([deployment]).environments.size).toBe(0);
  });

  it('keeps an Environment of another API group as an object of its own', () => {
    const other = { ...environment('x'), apiVersion: 'example.com/v1' };
    const { values, environments } = choose([other]);
    expect(environments.size).toBe(0);
    expect(values[0]!.value).toEqual([other]);
  });

  it('refuses anything beside the environments, naming its path', () => {
    const error = failure(() => choose({ env: environment('a'), extra: deployment }));
    expect(error.format()).toContain(
      "components/envs.jsonnet: component 'envs' returns Tanka Environment objects and, at extra, a Deployment 'web'",
    );
    expect(failure(() => choose([environment('a'), 'oops'])).message).toContain('at [1], the string "oops"');
  });

  it('names a bad spec and an invalid contextNames pattern', () => {
    expect(failure(() => choose(environment('a', { namespace: 3 }))).message).toContain(
      "the Tanka Environment 'a' has spec.namespace a number, not a string",
    );
    expect(
      failure(() => choose([environment('a', { contextNames: ['('] }), environment('b')], { context: 'c' }))
        .message,
    ).toContain('Tanka environment \'a\' has contextNames entry "(", not a valid regular expression');
  });

  it('refuses two environments the context matches alike', () => {
    const error = failure(() =>
      choose([environment('a', { contextNames: ['c'] }), environment('b', { contextNames: ['c|d'] })], {
        context: 'c',
      }),
    );
    expect(error.message).toContain("2 list context 'c' in spec.contextNames");
    expect(error.hint).toContain("NAME one of 'a', 'b'");
  });
});

// A Tanka project on disk: jsonnetfile.json at its root, an environment folder with main.jsonnet
// and spec.json, and a kf component importing it.
describe('readTankaEnvironments: static environments', () => {
  const project = (spec: string | undefined, main = '{ web: ' + JSON.stringify(deployment) + ' }') => {
    const root = tempDir('kf-tanka-static-unit-');
    mkdirSync(join(root, 'environments', 'prod'), { recursive: true });
    mkdirSync(join(root, 'components'));
    writeFileSync(join(root, 'jsonnetfile.json'), '{}');
    writeFileSync(join(root, 'environments', 'prod', 'main.jsonnet'), main);
    if (spec !== undefined) writeFileSync(join(root, 'environments', 'prod', 'spec.json'), spec);
    return root;
  };
  const read = (root: string, component = "import '../environments/prod/main.jsonnet'\n") => {
    const file = join(root, 'components', 'prod.jsonnet');
    writeFileSync(file, component);
    const engine = new Engine();
    const value = engine.evaluateFile(file);
    return readTankaEnvironments([{ component: 'prod', file, value }], {
      statics: findStaticEnvironments([{ name: 'prod', file }], { root, engine }),
      root,
      engine,
      env: { name: 'dev' },
    });
  };
  const spec = (s: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      apiVersion: 'tanka.dev/v1alpha1',
      kind: 'Environment',
      metadata: { name: 'x' },
      spec: s,
      ...extra,
    });
  const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 48);

  it("gives the component its spec.json's environment, named by its folder from Tanka's root", () => {
    const root = project(
      spec({
        namespace: 'monitoring',
        injectLabels: true,
        resourceDefaults: { labels: { team: 't' }, annotations: { a: 'b' } },
      }),
    );
    const { values, environments } = read(root);
    expect(values[0]!.value).toEqual({ web: deployment });
    expect(environments.get('prod')).toEqual({
      name: 'environments/prod',
      namespace: 'monitoring',
      environmentLabel: hash('environments/prod:environments/prod/main.jsonnet'),
      labels: { team: 't' },
      annotations: { a: 'b' },
    });
    // tkrc.yaml marks Tanka's root before jsonnetfile.json does
    writeFileSync(join(root, 'environments', 'tkrc.yaml'), '');
    expect(read(root).environments.get('prod')!.environmentLabel).toBe(hash('prod:prod/main.jsonnet'));
  });

  it('reads spec.json as encoding/json does: defaults, null, keys in any case, a deprecated field', () => {
    expect(read(project('{}')).environments.get('prod')).toEqual({
      name: 'environments/prod',
      namespace: 'default',
      labels: {},
      annotations: {},
    });
    const env = (s: string) => read(project(s)).environments.get('prod')!;
    expect(env(spec({ namespace: null, InjectLabels: true })).namespace).toBe('default');
    expect(env(spec({ NAMESPACE: 'n' })).namespace).toBe('n');
    // an empty spec.namespace: objects keep the kf environment's
    expect(env(spec({ namespace: '' })).namespace).toBe('');
    // the old top-level namespace only fills an empty spec.namespace, and Tanka's Parse then returns
    // before it sets metadata.namespace (so the label hashes an empty entrypoint)
    expect(env(spec({ namespace: 'n' }, { namespace: 'old' })).namespace).toBe('n');
    const old = env(spec({ namespace: '', injectLabels: true }, { namespace: 'old' }));
    expect(old.namespace).toBe('old');
    expect(old.environmentLabel).toBe(hash('environments/prod:'));
  });

  it('labels by tankaEnvLabelFromFields as Tanka looks them up in its Environment', () => {
    const label = (fields: string[], extra: Record<string, unknown> = {}) =>
      read(project(spec({ injectLabels: true, tankaEnvLabelFromFields: fields, ...extra }))).environments.get(
        'prod',
      )!.environmentLabel;
    expect(
      label(['.spec.namespace', '.spec.apiServer', 'spec.injectLabels'], { apiServer: '127.0.0.1:6443' }),
    ).toBe(hash('default:https://127.0.0.1:6443:true'));
    expect(label(['.metadata.labels.team'], {})).toBe(hash(''));
    expect(() => label(['.spec.cluster'])).toThrow(
      "component 'prod': Tanka environment 'environments/prod' labels by .spec.cluster (spec.tankaEnvLabelFromFields), a field Tanka's Environment does not have",
    );
    expect(() => label(['.spec.contextNames'], { contextNames: ['a'] })).toThrow(
      'which is not a string, number or boolean',
    );
  });

  it('names spec.json and the field when spec.json is bad', () => {
    const fails = (text: string) => failure(() => read(project(text))).format();
    expect(fails('{\n  "spec": {\n    "namespace": 3\n  }\n}')).toBe(
      'environments/prod/spec.json: Tanka environment environments/prod/spec.json has spec.namespace a number, not a string (see https://tanka.dev/config)',
    );
    expect(fails(spec({ resourceDefaults: { labels: { a: 1 } } }))).toContain(
      'has spec.resourceDefaults.labels.a a number, not a string',
    );
    expect(fails(spec({ contextNames: 'a' }))).toContain(
      'has spec.contextNames a string, not a list of strings',
    );
    expect(fails(spec({ injectLabels: 'true' }))).toContain('has spec.injectLabels a string, not a boolean');
    expect(fails(spec({}, { metadata: [] }))).toContain('has metadata a list, not an object');
    expect(fails(spec({ namespace: '' }, { server: 5 }))).toContain('has server a number, not a string');
    expect(fails('[]')).toContain('spec.json is a list, not an object');
    expect(fails('{\n  "spec": {\n    "namespace": "a",\n  }\n}')).toMatch(
      /^environments\/prod\/spec\.json:4:3: Tanka environment environments\/prod\/spec\.json is not valid JSON: [^(]*\(/,
    );
  });

  it('refuses an Environment object in what it returns, of any API group, as Tanka does', () => {
    const env = { apiVersion: 'example.com/v1', kind: 'environment', metadata: { name: 'e' } };
    const error = failure(() => read(project(spec({}), JSON.stringify({ a: [deployment, { b: env }] }))));
    expect(error.format()).toBe(
      "components/prod.jsonnet: component 'prod' is the Tanka static environment of environments/prod/spec.json and returns, at a[1].b, a example.com/v1 environment 'e' (Tanka refuses a spec.json and inline environments at once ('found a tanka Environment resource'): remove spec.json to make it an inline environment, or return only the Environment's data)",
    );
  });

  it('is a static environment only when the component is one import of a file with spec.json beside it', () => {
    const root = project(spec({ namespace: 'n' }));
    expect(read(root, "(import '../environments/prod/main.jsonnet')").environments.size).toBe(1);
    expect(
      read(root, "// comment\n/* c */ import '../environments/prod/main.jsonnet'").environments.size,
    ).toBe(1);
    expect(read(root, "(import '../environments/prod/main.jsonnet') + {}").environments.size).toBe(0);
    expect(read(root, "local m = import '../environments/prod/main.jsonnet'; m").environments.size).toBe(0);
    expect(read(project(undefined)).environments.size).toBe(0);
    // a component that is no import is no static environment, even beside a spec.json (a
    // component named spec.json is kf's JSON component 'spec')
    const inside = join(root, 'environments', 'prod', 'other.jsonnet');
    writeFileSync(inside, JSON.stringify([deployment]));
    const engine = new Engine();
    const { environments } = readTankaEnvironments(
      [{ component: 'other', file: inside, value: engine.evaluateFile(inside) }],
      {
        statics: findStaticEnvironments([{ name: 'other', file: inside }], { root, engine }),
        root,
        engine,
        env: { name: 'dev' },
      },
    );
    expect(environments.size).toBe(0);
  });

  it("gives the component's tanka.dev/environment as Tanka writes it: encoding/json's omitempty fields only when set, no data", () => {
    const extVar = (json: string) => {
      const root = project(json);
      const file = join(root, 'components', 'prod.jsonnet');
      writeFileSync(file, "import '../environments/prod/main.jsonnet'\n");
      return findStaticEnvironments([{ name: 'prod', file }], { root, engine: new Engine() }).get('prod')
        ?.extVar;
    };
    expect(extVar(spec({}, { data: { ignored: true } }))).toEqual({
      kind: 'json',
      value: {
        apiVersion: 'tanka.dev/v1alpha1',
        kind: 'Environment',
        metadata: { name: 'environments/prod', namespace: 'environments/prod/main.jsonnet' },
        spec: { namespace: 'default', resourceDefaults: {}, expectVersions: {} },
      },
    });
    const full = {
      apiServer: 'https://127.0.0.1:6443',
      contextNames: ['a'],
      namespace: '',
      diffStrategy: 'server',
      applyStrategy: 'server',
      injectLabels: true,
      tankaEnvLabelFromFields: ['.metadata.name'],
      resourceDefaults: { annotations: { a: 'b' }, labels: { c: 'd' } },
      expectVersions: { tanka: '>= 0.1' },
      exportJsonnetImplementation: 'go',
    };
    expect(extVar(spec(full, { metadata: { labels: { l: 'v' } } }))).toEqual({
      kind: 'json',
      value: {
        apiVersion: 'tanka.dev/v1alpha1',
        kind: 'Environment',
        metadata: {
          name: 'environments/prod',
          namespace: 'environments/prod/main.jsonnet',
          labels: { l: 'v' },
        },
        spec: full,
      },
    });
  });
});
