// Opening ksonnet apps as they are: app.yaml 0.0.1–0.3.0, environments in app.yaml or
// environments/<env>/spec.json, vendor/ with and without @version, ksonnet-lib on the import path,
// and ksonnet 0.13's ext-var contract. The apps are written here in ksonnet's own layout.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../src/app/app.js';
import { addEnvironment, updateEnvironment } from '../../src/app/environments.js';
import { paramContract, resolveParamValues } from '../../src/app/generate.js';
import { parsePrototype } from '../../src/app/prototype.js';
import { listPrototypes } from '../../src/app/prototypes.js';
import { setParameter } from '../../src/app/parameters.js';
import { applyUpgrade, planUpgrade } from '../../src/app/upgrade.js';
import { docsFile } from '../../src/util/package-root.js';
import { connectEnvironment } from '../../src/cluster/kubeconfig.js';
import { UserError } from '../../src/errors.js';
import { evaluateEnvironment, renderEnvironment } from '../../src/render/render.js';
import { tempDir } from '../helpers/run-kf.js';
import { userErrorOf } from '../helpers/user-error.js';

function writeTree(root: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const ENV_BASE = `local components = std.extVar("__ksonnet/components");\ncomponents + {}\n`;
const ENV_MAIN = `local base = import "base.libsonnet";\nbase + {}\n`;
const ENV_PARAMS = `local params = std.extVar("__ksonnet/params");
local globals = import "globals.libsonnet";
local envParams = params + { components+: { web+: { replicas: 3 } } };
{ components: { [x]: envParams.components[x] + globals for x in std.objectFields(envParams.components) } }
`;
// The shape of a ksonnet-generated component, reading ksonnet-lib and the env like Kubeflow 0.4.
const WEB = `local env = std.extVar("__ksonnet/environments");
local params = std.extVar("__ksonnet/params").components.web;
local k = import "k.libsonnet";
local merged = params + env;
k.core.v1.configMap.new(merged.name, { env: std.toString(env), keys: std.join(",", std.objectFields(merged)),
  components: std.join(",", std.objectFields(std.extVar("__ksonnet/components"))),
  kf: std.extVar("__kf/environment").name, replicas: std.toString(params.replicas) })
`;
const FAKE_K = `{ core:: { v1:: { configMap:: { new(name, data):: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: name }, data: data } } } } }\n`;

function ksonnet030App(): string {
  return writeTree(join(tempDir(), 'ks030'), {
    'app.yaml': `apiVersion: 0.3.0
kind: ksonnet.io/app
name: demo   # a comment ks wrote by hand
environments:
  default:
    destination:
      namespace: kubeflow
      server: https://127.0.0.1:6443
    k8sVersion: v1.10.9
    path: default
    libraries:
      kubeflow/tf-serving:
        name: tf-serving
        registry: kubeflow
        version: ""
libraries:
  kubeflow/core:
    name: core
    registry: kubeflow
    version: 5fbeb8e6aa6f3c0b45e21bd6498cff3bfd4d6223
registries:
  kubeflow:
    protocol: github
    uri: github.com/kubeflow/kubeflow/tree/v0.4.1/kubeflow
  incubator:
    protocol: github
    uri: github.com/ksonnet/parts/tree/master/incubator
version: 0.0.1
`,
    'components/params.libsonnet': `{ global: {}, components: { web: { name: "web", replicas: 1 } } }\n`,
    'components/web.jsonnet': WEB,
    'components/extra.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra\n',
    'environments/base.libsonnet': ENV_BASE,
    'environments/default/main.jsonnet': ENV_MAIN,
    'environments/default/params.libsonnet': ENV_PARAMS,
    'environments/default/globals.libsonnet': '{}\n',
    'lib/ksonnet-lib/v1.10.9/k.libsonnet': FAKE_K,
    'vendor/kubeflow/core@5fbeb8e6aa6f3c0b45e21bd6498cff3bfd4d6223/util.libsonnet':
      '{ where: "versioned" }\n',
    'vendor/kubeflow/core@5fbeb8e6aa6f3c0b45e21bd6498cff3bfd4d6223/prototypes/core.jsonnet':
      '// @apiVersion 0.1\n// @name io.ksonnet.pkg.kubeflow-core\n// @description core\n// @shortDescription core\n// @param name string Name\n// @optionalParam namespace string null Namespace\n// @optionalParam extra object null Extra\n{}\n',
    'vendor/kubeflow/tf-serving/prototypes/tf-serving.jsonnet':
      '// @apiVersion 0.1\n// @name io.ksonnet.pkg.tf-serving\n// @description s\n// @shortDescription s\n// @param name string Name\n{}\n',
  });
}

describe('ksonnet apps open as they are', () => {
  it('reads an apiVersion 0.3.0 app.yaml: environments, registries, libraries with and without @version', () => {
    const app = loadApp(ksonnet030App());
    expect(app.spec.ksonnet?.apiVersion).toBe('0.3.0');
    expect(app.spec.environments).toEqual({
      default: { namespace: 'kubeflow', server: 'https://127.0.0.1:6443' },
    });
    expect(app.spec.ksonnet?.environments.default).toMatchObject({ k8sVersion: 'v1.10.9', path: 'default' });
    expect(app.spec.registries.kubeflow.uri).toBe('github.com/kubeflow/kubeflow/tree/v0.4.1/kubeflow');
    expect(app.spec.libraries['kubeflow/core']).toMatchObject({ registry: 'kubeflow', name: 'core' });
    expect(app.spec.libraries['kubeflow/tf-serving']).toMatchObject({ envs: ['default'], version: '' });
    expect(app.components.map((c) => c.name)).toEqual(['extra', 'web']);
    // Prototypes of both vendor layouts are found.
    const names = listPrototypes(app).map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['io.ksonnet.pkg.kubeflow-core', 'io.ksonnet.pkg.tf-serving']),
    );
  });

  it("renders with ksonnet 0.13's contract: env exactly {server, namespace}, components defined, ksonnet-lib found", () => {
    const app = loadApp(ksonnet030App());
    const objects = evaluateEnvironment(app, 'default');
    const web = objects.find((o) => o.component === 'web')?.object as unknown as {
      data: Record<string, string>;
    };
    expect(JSON.parse(web.data.env)).toEqual({ namespace: 'kubeflow', server: 'https://127.0.0.1:6443' });
    // `params + env` adds exactly ksonnet's two fields, no `name` that would rename the object.
    expect(web.data.keys).toBe('name,namespace,replicas,server');
    expect((objects.find((o) => o.component === 'web')?.object.metadata as { name: string }).name).toBe(
      'web',
    );
    expect(web.data.components).toBe('extra,web');
    expect(web.data.kf).toBe('default');
    expect(web.data.replicas).toBe('3');
    const rendered = renderEnvironment(app, 'default');
    expect(rendered.map((o) => `${o.object.kind}/${o.object.metadata.name}`)).toEqual([
      'Namespace/extra',
      'ConfigMap/web',
    ]);
  });

  it('reads environments/<env>/spec.json (ksonnet 0.8) and ksonnet-lib from lib/<k8sVersion>/ or .metadata/', () => {
    const root = writeTree(join(tempDir(), 'ks001'), {
      'app.yaml':
        'apiVersion: 0.0.1\nkind: ksonnet.io/app\nname: old\nregistries:\n  incubator:\n    protocol: github\n    uri: github.com/ksonnet/parts/tree/master/incubator\nversion: 0.0.1\n',
      'environments/prow/spec.json': '{"server": "https://127.0.0.1:1", "namespace": "tests"}',
      'environments/prow/.metadata/k.libsonnet': FAKE_K,
      'environments/prow/main.jsonnet': ENV_MAIN,
      'environments/base.libsonnet': ENV_BASE,
      'components/params.libsonnet': '{ global: {}, components: { web: { name: "w", replicas: 2 } } }\n',
      'components/web.jsonnet': WEB,
    });
    const app = loadApp(root);
    expect(app.spec.environments).toEqual({ prow: { namespace: 'tests', server: 'https://127.0.0.1:1' } });
    const objects = evaluateEnvironment(app, 'prow');
    expect(objects.map((o) => o.object.metadata.name)).toEqual(['w']);
  });

  it('names the line and column of a spec.json syntax error once', () => {
    const root = writeTree(join(tempDir(), 'ks001-bad'), {
      'app.yaml': 'apiVersion: 0.0.1\nkind: ksonnet.io/app\nname: old\nversion: 0.0.1\n',
      'environments/prow/spec.json': '{\n  "server": "https://127.0.0.1:1",\n}\n',
    });
    const spec = join(root, 'environments/prow/spec.json');
    expect(userErrorOf(() => loadApp(root))).toMatch(
      new RegExp(`^${spec.replace(/[.]/g, '\\.')}:3:1: not valid JSON: [^/]*$`),
    );
  });

  it('says what k.libsonnet is and where ksonnet kept it when the app lacks it', () => {
    const root = ksonnet030App();
    rmSync(join(root, 'lib/ksonnet-lib'), { recursive: true });
    let error: unknown;
    try {
      renderEnvironment(loadApp(root), 'default', { components: ['web'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const line = (error as UserError).format();
    expect(line).toContain('k.libsonnet is ksonnet-lib');
    expect(line).toContain('lib/ksonnet-lib/v1.10.9/');
    expect(line).toContain('-J <dir>');
    expect(line.split('\n')).toHaveLength(1);
  });

  it("in a kf app, says that code importing ksonnet-lib needs ksonnet's conventions and a ksonnetLib folder", () => {
    // kf init + kf registry add of a 2018 registry + kf pkg install + kf generate: a component whose
    // library imports k.libsonnet, in an app with kf's conventions.
    const root = writeTree(join(tempDir(), 'kf-app'), {
      'app.yaml':
        'apiVersion: kf.dev/v1alpha1\nkind: App\nname: kfapp\nenvironments:\n  default:\n    namespace: ml\nregistries: {}\nlibraries: {}\n',
      'components/echo.jsonnet': "local k = import 'k.libsonnet';\nk.core.v1.service.new('echo', {}, [])\n",
    });
    let error: unknown;
    try {
      renderEnvironment(loadApp(root), 'default', { components: ['echo'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).format()).toBe(
      `components/echo.jsonnet:1:11: k.libsonnet is ksonnet-lib, the Kubernetes library ksonnet generated per Kubernetes version, and code that imports it was written for ksonnet (this app follows kf's conventions) (add 'conventions: ksonnet' to app.yaml and give each environment its ksonnet-lib folder with 'kf env set <env> --ksonnet-lib <folder with k.libsonnet and k8s.libsonnet>', as kf upgrade writes them (see ${docsFile('ksonnet.md')}); -J <dir> finds the files but keeps kf's conventions, which such code misreads)`,
    );
  });

  it('kf env set --ksonnet-lib gives an environment the folder the hint asks for; then it renders', () => {
    const root = writeTree(join(tempDir(), 'kf-app'), {
      'app.yaml':
        'apiVersion: kf.dev/v1alpha1\nkind: App\nname: kfapp\nconventions: ksonnet\nenvironments:\n  default:\n    namespace: ml # the team namespace\nregistries: {}\nlibraries: {}\n',
      'components/echo.jsonnet':
        "local k = import 'k.libsonnet';\nk.core.v1.configMap.new('echo', { a: '1' })\n",
      'lib/kl/k.libsonnet': FAKE_K,
      'lib/kl/k8s.libsonnet': '{}\n',
      'lib/empty/README': 'no ksonnet-lib here\n',
    });
    expect(userErrorOf(() => updateEnvironment(loadApp(root), 'default', { ksonnetLib: 'lib/empty' }))).toBe(
      'lib/empty has no k.libsonnet or k8s.libsonnet (give the folder holding ksonnet-lib (k.libsonnet and k8s.libsonnet), relative to the app, e.g. lib/ksonnet-lib/v1.9.7)',
    );
    expect(
      userErrorOf(() => updateEnvironment(loadApp(root), 'default', { ksonnetLib: join(root, 'lib/kl') })),
    ).toBe(`--ksonnet-lib ${join(root, 'lib/kl')}: give the folder relative to the app (${root})`);
    updateEnvironment(loadApp(root), 'default', { ksonnetLib: 'lib/kl' });
    const yaml = readFileSync(join(root, 'app.yaml'), 'utf8');
    expect(yaml).toContain('    namespace: ml # the team namespace\n    ksonnetLib: lib/kl\n');
    const objects = renderEnvironment(loadApp(root), 'default', { components: ['echo'] });
    expect(objects.map((o) => `${o.object.kind} ${o.object.metadata.name}`)).toEqual(['ConfigMap echo']);
    updateEnvironment(loadApp(root), 'default', { ksonnetLib: '' });
    expect(readFileSync(join(root, 'app.yaml'), 'utf8')).toBe(yaml.replace('    ksonnetLib: lib/kl\n', ''));
  });

  it('never rewrites a ksonnet app.yaml; kf upgrade is the way to kf format', () => {
    const root = ksonnet030App();
    const before = readFileSync(join(root, 'app.yaml'), 'utf8');
    let error: unknown;
    try {
      addEnvironment(loadApp(root), 'prod', { namespace: 'x' });
    } catch (e) {
      error = e;
    }
    expect((error as UserError).format()).toMatch(
      /is a ksonnet app \(apiVersion 0\.3\.0\).*run 'kf upgrade'/,
    );
    expect(readFileSync(join(root, 'app.yaml'), 'utf8')).toBe(before);
    expect(existsSync(join(root, 'environments/prod'))).toBe(false);
  });

  it('writes optional null defaults as ksonnet did in ksonnet apps, as real nulls in kf apps', () => {
    const prototype = parsePrototype(
      '// @name io.ksonnet.pkg.p\n// @param name string N\n// @optionalParam namespace string null NS\n// @optionalParam port numberOrString null P\n// @optionalParam extra object null E\n{}\n',
      'p.jsonnet',
      { kind: 'builtin' },
    );
    const ks = resolveParamValues(prototype, 'c', [], {}, paramContract(loadApp(ksonnet030App())));
    expect(ks).toEqual({ name: 'c', namespace: 'null', port: 'null', extra: null });
    expect(resolveParamValues(prototype, 'c', [], {}, 'kf')).toEqual({
      name: 'c',
      namespace: null,
      port: null,
      extra: null,
    });
    expect(paramContract(undefined)).toBe('kf');
  });

  it('kf upgrade converts app.yaml in place, keeps comments, and the app renders exactly as before', () => {
    const root = ksonnet030App();
    const before = evaluateEnvironment(loadApp(root), 'default');
    const componentText = readFileSync(join(root, 'components/web.jsonnet'), 'utf8');
    const plan = planUpgrade(loadApp(root));
    expect(plan.after).toContain('# a comment ks wrote by hand');
    expect(plan.after).toMatch(
      /^apiVersion: kf.dev\/v1alpha1\nkind: App\nname: demo +# a comment ks wrote by hand\nconventions: ksonnet\n/,
    );
    expect(plan.after).toContain('ksonnetLib: lib/ksonnet-lib/v1.10.9');
    applyUpgrade(plan);
    const upgraded = loadApp(root);
    expect(upgraded.spec.apiVersion).toBe('kf.dev/v1alpha1');
    expect(upgraded.spec.ksonnet?.ksonnetFormat).toBe(false);
    expect(upgraded.spec.libraries['kubeflow/tf-serving']).toMatchObject({ envs: ['default'] });
    expect(upgraded.spec.registries.kubeflow.uri).toBe('github.com/kubeflow/kubeflow/tree/v0.4.1/kubeflow');
    expect(evaluateEnvironment(upgraded, 'default')).toEqual(before);
    expect(readFileSync(join(root, 'components/web.jsonnet'), 'utf8')).toBe(componentText);
    expect(paramContract(upgraded)).toBe('ksonnet');
    // Now kf may edit it, and a second upgrade has nothing to do.
    addEnvironment(upgraded, 'prod', { namespace: 'prod' });
    expect(() => planUpgrade(loadApp(root))).toThrow(/already in kf's format/);
  });

  it('kf upgrade of an app without its ksonnet-lib names the folder its note points at, so copying the files there afterwards works', () => {
    const root = ksonnet030App();
    rmSync(join(root, 'lib/ksonnet-lib'), { recursive: true });
    const plan = planUpgrade(loadApp(root));
    expect(plan.notes).toContain(
      'environment default: no ksonnet-lib found (lib/ksonnet-lib/v1.10.9/); components importing k.libsonnet need it',
    );
    applyUpgrade(plan);
    expect(readFileSync(join(root, 'app.yaml'), 'utf8')).toContain('ksonnetLib: lib/ksonnet-lib/v1.10.9\n');
    // the error after the upgrade still names that folder, and the files copied there are found
    expect(() => evaluateEnvironment(loadApp(root), 'default', { components: ['web'] })).toThrow(
      /ksonnet kept it in lib\/ksonnet-lib\/v1\.10\.9\//,
    );
    writeTree(root, { 'lib/ksonnet-lib/v1.10.9/k.libsonnet': FAKE_K });
    const web = evaluateEnvironment(loadApp(root), 'default', { components: ['web'] })[0].object;
    expect(web.metadata).toEqual({ name: 'web' });
  });

  it('an environment added after kf upgrade gets the ksonnet-lib the others name, so its components render', () => {
    const root = ksonnet030App();
    applyUpgrade(planUpgrade(loadApp(root)));
    const entry = addEnvironment(loadApp(root), 'staging', { namespace: 'stg' });
    expect(entry).toEqual({ namespace: 'stg', ksonnetLib: 'lib/ksonnet-lib/v1.10.9' });
    expect(readFileSync(join(root, 'app.yaml'), 'utf8')).toContain(
      '  staging:\n    namespace: stg\n    ksonnetLib: lib/ksonnet-lib/v1.10.9\n',
    );
    const web = evaluateEnvironment(loadApp(root), 'staging', { components: ['web'] })[0].object;
    expect(web.metadata).toEqual({ name: 'web' });
    expect((web as unknown as { data: { env: string } }).data.env).toBe('{"namespace": "stg", "server": ""}');
  });

  it("kf param set edits a ksonnet app's params files in place (app.yaml untouched) and the render follows", () => {
    const root = ksonnet030App();
    const appYaml = readFileSync(join(root, 'app.yaml'), 'utf8');
    const app = loadApp(root);
    setParameter(app, { component: 'web', env: 'default' }, 'replicas', 7);
    setParameter(app, { component: 'web' }, 'name', 'web2');
    expect(readFileSync(join(root, 'environments/default/params.libsonnet'), 'utf8')).toContain(
      'replicas: 7',
    );
    expect(readFileSync(join(root, 'app.yaml'), 'utf8')).toBe(appYaml);
    const web = evaluateEnvironment(loadApp(root), 'default', { components: ['web'] })[0].object;
    expect(web.metadata.name).toBe('web2');
    expect((web as unknown as { data: { replicas: string } }).data.replicas).toBe('7');
  });

  it('kf param set takes a parameter one letter from a set one when the component names it (gpuImage beside cpuImage)', () => {
    // tensor2tensor in kubeflow/examples' github_issue_summarization app: defaults in the component, `+ params`.
    const root = writeTree(ksonnet030App(), {
      'components/params.libsonnet': `{ global: {}, components: { web: { name: "web", replicas: 1 }, t2t: { cpuImage: "cpu:2", image: "ui:1" } } }\n`,
      'components/t2t.jsonnet': `local params = std.extVar("__ksonnet/params").components.t2t;
local p = { gpuImage: null, cpuImage: "cpu:1", workerGpu: 0 } + params;
{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "t2t" }, data: { image: if p.workerGpu > 0 then p.gpuImage else p.cpuImage } }
`,
    });
    const app = loadApp(root);
    setParameter(app, { component: 't2t' }, 'gpuImage', 'gpu:2');
    setParameter(app, { component: 't2t', env: 'default' }, 'workerGpu', 1);
    const t2t = evaluateEnvironment(loadApp(root), 'default', { components: ['t2t'] })[0].object;
    expect((t2t as unknown as { data: { image: string } }).data.image).toBe('gpu:2');
    // Two edits from a known key is no typo; one edit, of a key the component never names, is.
    setParameter(loadApp(root), { component: 't2t' }, 'uiImage', 'ui:2'); // beside image (a real pair)
    const before = readFileSync(join(root, 'components/params.libsonnet'), 'utf8');
    let error: unknown;
    try {
      setParameter(loadApp(root), { component: 't2t', env: 'default' }, 'cpuImag', 'x');
    } catch (e) {
      error = e;
    }
    expect((error as UserError).format()).toBe(
      "unknown parameter 'cpuImag' for component 't2t' (did you mean 'cpuImage'? If 'cpuImag' is a new parameter, add it to components/params.libsonnet by hand first)",
    );
    expect(readFileSync(join(root, 'components/params.libsonnet'), 'utf8')).toBe(before);
  });

  it('binds a ksonnet environment to the kube context with its server, and stops before any call when none has it', async () => {
    const root = ksonnet030App();
    const kubeconfig = join(root, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters:\n- name: other\n  cluster: {server: "https://127.0.0.1:7443"}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: other\n  context: {cluster: other, user: u}\ncurrent-context: other\n',
    );
    const env = loadApp(root).spec.environments.default;
    await expect(connectEnvironment('default', env, { kubeconfig })).rejects.toThrow(
      /environment default is bound to server https:\/\/127\.0\.0\.1:6443, which no kube context points at/,
    );
  });
});
