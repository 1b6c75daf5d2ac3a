import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import {
  checkCollisions,
  DEFAULT_TEMPLATE,
  layoutFiles,
  manifestContent,
  parseTemplate,
  type PlannedFile,
} from '../../src/render/export-layout.js';
import type { KubeObject, RenderedObject } from '../../src/kube-object.js';

const obj = (
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
  extra: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion,
  kind,
  metadata: namespace === undefined ? { name } : { name, namespace },
  ...extra,
});
const rendered = (component: string, object: KubeObject): RenderedObject => ({ component, object });
const paths = (files: PlannedFile[]) => files.map((f) => f.path);

describe('export file layout', () => {
  const template = parseTemplate(DEFAULT_TEMPLATE);

  it('puts each object at <env>/<namespace or _cluster>/<group>_<version>_<kind>_<name>.yaml, core group as "core"', () => {
    const files = layoutFiles(
      'dev',
      [
        rendered('web', obj('v1', 'Namespace', 'ml')),
        rendered('web', obj('apps/v1', 'Deployment', 'web', 'ml')),
        rendered('web', obj('v1', 'ConfigMap', 'web', 'ml')),
        rendered('crd', obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'system:web')),
      ],
      template,
    );
    expect(paths(files)).toEqual([
      'dev/_cluster/core_v1_Namespace_ml.yaml',
      'dev/ml/apps_v1_Deployment_web.yaml',
      'dev/ml/core_v1_ConfigMap_web.yaml',
      'dev/_cluster/rbac.authorization.k8s.io_v1_ClusterRole_system-web.yaml',
    ]);
    expect(files[1].entry).toEqual({
      environment: 'dev',
      component: 'web',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'ml',
      name: 'web',
    });
    expect(files[0].entry.namespace).toBeUndefined();
  });

  it('nests environments with "/" in their names', () => {
    const files = layoutFiles(
      'us-west/staging',
      [rendered('a', obj('v1', 'ConfigMap', 'x', 'ns'))],
      template,
    );
    expect(paths(files)).toEqual(['us-west/staging/ns/core_v1_ConfigMap_x.yaml']);
  });

  it("writes one object per file as YAML with yaml.v2's key order (Tanka's), whatever the input key order", () => {
    const a = obj('v1', 'ConfigMap', 'x', 'ns', { data: { b: '2', a: '1', '10': 'ten', '9': 'nine' } });
    const b: KubeObject = {
      data: { '9': 'nine', a: '1', '10': 'ten', b: '2' },
      metadata: { namespace: 'ns', name: 'x' },
      kind: 'ConfigMap',
      apiVersion: 'v1',
    };
    const [fa] = layoutFiles('dev', [rendered('c', a)], template);
    const [fb] = layoutFiles('dev', [rendered('c', b)], template);
    expect(fa.content).toBe(fb.content);
    expect(fa.content).toBe(
      [
        'apiVersion: v1',
        'data:',
        '  "9": nine',
        '  "10": ten',
        '  a: "1"',
        '  b: "2"',
        'kind: ConfigMap',
        'metadata:',
        '  name: x',
        '  namespace: ns',
        '',
      ].join('\n'),
    );
    expect(fa.content).not.toContain('---');
    expect(fa.content).not.toContain('\r');
  });

  it('fills every template variable and lower-cases with |lower', () => {
    const t = parseTemplate(
      '{env}/{component}/{apiVersion}/{group}-{version}-{kind|lower}-{namespace}-{name}',
    );
    const files = layoutFiles(
      'prod',
      [
        rendered('tf-job', obj('kubeflow.org/v1', 'TFJob', 'mnist', 'ml')),
        rendered('cm', obj('v1', 'ConfigMap', 'c', 'ml')),
      ],
      t,
    );
    expect(paths(files)).toEqual([
      'prod/tf-job/kubeflow.org_v1/kubeflow.org-v1-tfjob-ml-mnist.yaml',
      'prod/cm/core_v1/core-v1-configmap-ml-c.yaml',
    ]);
  });

  it('writes JSON when the template ends in .json', () => {
    const [file] = layoutFiles(
      'dev',
      [rendered('c', obj('v1', 'ConfigMap', 'x', 'ns', { data: { b: '1', a: '2' } }))],
      parseTemplate('{env}/{name}.json'),
    );
    expect(file.path).toBe('dev/x.json');
    expect(JSON.parse(file.content)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'ns' },
      data: { b: '1', a: '2' },
    });
    expect(file.content.indexOf('"a"')).toBeLessThan(file.content.indexOf('"b"'));
  });

  it.each([
    ['{env}/{nmae}.yaml', /unknown variable \{nmae\}.*did you mean 'name'/],
    ['{env}/{name|upper}.yaml', /unknown modifier/],
    ['{env}/{name.yaml', /unbalanced braces/],
    ['../{env}/{name}.yaml', /relative path inside/],
    ['/abs/{name}.yaml', /relative path inside/],
    ['{env}/{kind}.yaml', /does not use \{name\}/],
  ])('rejects the template %s', (source, message) => {
    let error: unknown;
    try {
      parseTemplate(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).format()).toMatch(message);
  });
});

describe('collisions', () => {
  it('are an error naming both objects when two objects map to one file', () => {
    const t = parseTemplate('{env}/{kind}_{name}.yaml');
    const files = layoutFiles(
      'dev',
      [rendered('a', obj('v1', 'ConfigMap', 'x', 'ns1')), rendered('b', obj('v1', 'ConfigMap', 'x', 'ns2'))],
      t,
    );
    expect(() => checkCollisions(files)).toThrow(
      /dev\/a: v1 ConfigMap ns1\/x and dev\/b: v1 ConfigMap ns2\/x export to the same file dev\/ConfigMap_x\.yaml/,
    );
  });

  it('do not happen with the default template for the same name in two namespaces or groups', () => {
    const files = layoutFiles(
      'dev',
      [
        rendered('a', obj('v1', 'ConfigMap', 'x', 'ns1')),
        rendered('b', obj('v1', 'ConfigMap', 'x', 'ns2')),
        rendered('c', obj('networking.k8s.io/v1', 'Ingress', 'x', 'ns1')),
        rendered('d', obj('extensions.example.com/v1', 'Ingress', 'x', 'ns1')),
      ],
      parseTemplate(DEFAULT_TEMPLATE),
    );
    expect(() => checkCollisions(files)).not.toThrow();
    expect(new Set(paths(files)).size).toBe(4);
  });

  it('include paths that differ only in letter case', () => {
    const t = parseTemplate('{env}/{kind}/{name}.yaml');
    const files = layoutFiles(
      'dev',
      [
        rendered('a', obj('example.com/v1', 'Foo', 'x', 'n')),
        rendered('b', obj('example.com/v1', 'FOO', 'x', 'n')),
      ],
      t,
    );
    expect(() => checkCollisions(files)).toThrow(/differ only in letter case/);
  });

  it('include a file named like the index', () => {
    const files = layoutFiles(
      'dev',
      [rendered('a', obj('v1', 'ConfigMap', 'manifest', 'n'))],
      parseTemplate('{name}.json'),
    );
    expect(() => checkCollisions(files)).toThrow(/index file/);
  });
});

describe('manifest.json', () => {
  it('maps each file to its environment, component and object, sorted by path', () => {
    const files = layoutFiles(
      'dev',
      [rendered('w', obj('v1', 'Service', 's', 'ns')), rendered('w', obj('v1', 'Namespace', 'ns'))],
      parseTemplate(DEFAULT_TEMPLATE),
    );
    const text = manifestContent(new Map(files.map((f) => [f.path, f.entry])));
    expect(text).toBe(
      `${JSON.stringify(
        {
          'dev/_cluster/core_v1_Namespace_ns.yaml': {
            apiVersion: 'v1',
            component: 'w',
            environment: 'dev',
            kind: 'Namespace',
            name: 'ns',
          },
          'dev/ns/core_v1_Service_s.yaml': {
            apiVersion: 'v1',
            component: 'w',
            environment: 'dev',
            kind: 'Service',
            name: 's',
            namespace: 'ns',
          },
        },
        null,
        2,
      )}\n`,
    );
  });
});
