import { describe, expect, it } from 'vitest';
import type { UserError } from '../../src/errors.js';
import type { KubeObject, RenderedObject } from '../../src/kube-object.js';
import { defaultNamespace } from '../../src/render/pipeline/default-namespace.js';
import { flattenObjects } from '../../src/render/pipeline/flatten.js';
import { addLabels } from '../../src/render/pipeline/labels.js';
import { orderObjects } from '../../src/render/pipeline/order.js';
import { formatObjects } from '../../src/render/output.js';

const obj = (
  kind: string,
  name: string,
  extra: Record<string, unknown> = {},
  apiVersion = 'v1',
): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name },
  ...extra,
});
const rendered = (component: string, object: KubeObject): RenderedObject => ({
  component,
  object,
});

describe('flattenObjects', () => {
  it('flattens arrays, nested v1 Lists and objects of objects; drops nulls', () => {
    const out = flattenObjects([
      {
        component: 'a',
        file: 'a.jsonnet',
        value: [
          obj('Service', 's1'),
          null,
          { apiVersion: 'v1', kind: 'List', items: [obj('Pod', 'p1'), [obj('Pod', 'p2')]] },
        ],
      },
      {
        component: 'b',
        file: 'b.jsonnet',
        value: { deployment: obj('Deployment', 'd', {}, 'apps/v1'), service: obj('Service', 's2') },
      },
    ]);
    expect(out.map((o) => `${o.component}:${o.object.kind}/${o.object.metadata.name}`)).toEqual([
      'a:Service/s1',
      'a:Pod/p1',
      'a:Pod/p2',
      'b:Deployment/d',
      'b:Service/s2',
    ]);
  });

  it('unwraps typed lists of any API group, as Tanka and kubectl do (kube-prometheus emits a RoleBindingList)', () => {
    const bindings = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBindingList',
      items: [
        obj('RoleBinding', 'prometheus-k8s', { metadata: { name: 'prometheus-k8s', namespace: 'default' } }),
        obj('RoleBinding', 'prometheus-k8s', {
          metadata: { name: 'prometheus-k8s', namespace: 'kube-system' },
        }),
      ],
    };
    const out = flattenObjects([{ component: 'kp', file: 'kp.jsonnet', value: { roleBindings: bindings } }]);
    expect(
      out.map((o) => `${o.object.kind}/${o.object.metadata.namespace}/${o.object.metadata.name}`),
    ).toEqual(['RoleBinding/default/prometheus-k8s', 'RoleBinding/kube-system/prometheus-k8s']);
  });

  it("finds objects nested at any depth, skipping nulls, as Tanka's extraction does", () => {
    const tree = {
      _config: {},
      frontend: { deployment: obj('Deployment', 'web'), service: obj('Service', 'web'), disabled: null },
      queue: {
        if_false: null,
        workers: [obj('Deployment', 'w1'), { nested: { deeper: obj('ConfigMap', 'c') } }],
      },
    };
    expect(
      flattenObjects([{ component: 'env', file: 'e', value: tree }]).map(
        (o) => `${o.object.kind}/${o.object.metadata.name}`,
      ),
    ).toEqual(['Deployment/web', 'Service/web', 'Deployment/w1', 'ConfigMap/c']);
    let error: unknown;
    try {
      flattenObjects([
        { component: 'env', file: 'e', value: { app: { sidecar: { name: 'x', image: 'nginx' } } } },
      ]);
    } catch (e) {
      error = e;
    }
    expect((error as UserError).format()).toMatch(
      /^e: component 'env' at app\.sidecar is missing apiVersion or kind \(missing attribute "apiVersion", and its field 'image' is the string "nginx"; a component must/,
    );
  });

  it('names the component and the position of a malformed object', () => {
    expect(() =>
      flattenObjects([
        {
          component: 'web',
          file: 'components/web.jsonnet',
          value: [obj('Service', 's'), { kind: 'Service', metadata: { name: 'x' } }],
        },
      ]),
    ).toThrow(/component 'web' at \[1\] is missing apiVersion or kind/);
    expect(() => flattenObjects([{ component: 'web', file: 'w', value: 'hello' }])).toThrow(
      /component 'web' evaluated to the string "hello"/,
    );
    expect(() =>
      flattenObjects([
        { component: 'web', file: 'w', value: { apiVersion: 'v1', kind: 'Pod', metadata: {} } },
      ]),
    ).toThrow(/Pod has no metadata.name/);
  });
});

describe('defaultNamespace', () => {
  it('fills the namespace of namespaced objects only and strips it from cluster-scoped ones', () => {
    const out = defaultNamespace(
      [
        rendered('a', obj('Service', 's')),
        rendered('a', { ...obj('Service', 't'), metadata: { name: 't', namespace: 'own' } }),
        rendered('a', {
          ...obj('ClusterRole', 'r', {}, 'rbac.authorization.k8s.io/v1'),
          metadata: { name: 'r', namespace: 'x' },
        }),
        rendered('a', obj('Namespace', 'n')),
        rendered(
          'a',
          obj(
            'CustomResourceDefinition',
            'widgets.example.com',
            { spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'Widget' } } },
            'apiextensions.k8s.io/v1',
          ),
        ),
        rendered('a', obj('Widget', 'w', {}, 'example.com/v1')),
        rendered('a', obj('Node', 'custom-node', {}, 'example.org/v1')),
      ],
      'ml',
    );
    expect(out.map((o) => o.object.metadata.namespace)).toEqual([
      'ml',
      'own',
      undefined,
      undefined,
      undefined,
      undefined,
      'ml',
    ]);
  });
});

describe('addLabels', () => {
  it('adds managed-by and component labels, keeping existing ones', () => {
    const [out] = addLabels([
      rendered('web', { ...obj('Service', 's'), metadata: { name: 's', labels: { app: 'web' } } }),
    ]);
    expect(out.object.metadata.labels).toEqual({
      app: 'web',
      'app.kubernetes.io/managed-by': 'kf',
      'kf.dev/component': 'web',
    });
  });
});

describe('orderObjects', () => {
  it('puts Namespaces, then CRDs, then cluster-scoped, then namespaced objects, each by kind/namespace/name', () => {
    const input = [
      rendered('a', { ...obj('Service', 'b'), metadata: { name: 'b', namespace: 'x' } }),
      rendered('a', { ...obj('Service', 'a'), metadata: { name: 'a', namespace: 'y' } }),
      rendered('a', { ...obj('Deployment', 'z', {}, 'apps/v1'), metadata: { name: 'z', namespace: 'x' } }),
      rendered('a', obj('ClusterRole', 'r', {}, 'rbac.authorization.k8s.io/v1')),
      rendered('a', obj('CustomResourceDefinition', 'tfjobs.kubeflow.org', {}, 'apiextensions.k8s.io/v1')),
      rendered('a', obj('Namespace', 'x')),
      rendered('a', { ...obj('Service', 'a'), metadata: { name: 'a', namespace: 'x' } }),
    ];
    const names = (list: RenderedObject[]) =>
      list.map((o) => `${o.object.kind}/${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`);
    const expected = [
      'Namespace//x',
      'CustomResourceDefinition//tfjobs.kubeflow.org',
      'ClusterRole//r',
      'Deployment/x/z',
      'Service/x/a',
      'Service/x/b',
      'Service/y/a',
    ];
    expect(names(orderObjects(input))).toEqual(expected);
    expect(names(orderObjects([...input].reverse()))).toEqual(expected);
  });
});

describe('formatObjects', () => {
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { b: '1', '10': 'x', '9': 'y', a: 'multi\nline' },
    },
  ];

  it("writes a YAML stream as tk show does: yaml.v2's key order (numbers in keys by value), `---` between documents", () => {
    // "y" is quoted: YAML 1.1 readers (kubectl, Argo CD) would read a plain y as true
    const document =
      'apiVersion: v1\ndata:\n  "9": "y"\n  "10": x\n  a: |-\n    multi\n    line\n  b: "1"\nkind: ConfigMap\nmetadata:\n  name: c\n';
    expect(formatObjects(objects, 'yaml')).toBe(document);
    expect(formatObjects([...objects, ...objects], 'yaml')).toBe(`${document}---\n${document}`);
    expect(formatObjects([], 'yaml')).toBe('');
  });

  it('quotes every string a YAML 1.1 or 1.2 reader would take for something else, keys included; both readers get the strings back', async () => {
    const { parse } = await import('yaml');
    const { documentValue, yamlV2Options } = await import('../../src/jsonnet/yaml-v2.js');
    const yamlModule = await import('yaml');
    const hostile = [
      'yes',
      'No',
      'on',
      'OFF',
      'y',
      'n',
      '0644',
      '0o17',
      '0X1F',
      '0B11',
      '1_000',
      '0b101',
      '1:20',
      '2001-12-14',
      '<<',
      '~',
      'null',
      '',
      '.5',
      '1e3',
      '.inf',
      'true',
      '42',
      '-7',
    ];
    const data = Object.fromEntries(hostile.map((s, i) => [`k${String(i).padStart(2, '0')}`, s]));
    const keys = Object.fromEntries(hostile.filter((s) => s !== '<<').map((s) => [s, 'v']));
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: keys }, data };
    const text = formatObjects([object], 'yaml');
    expect(text).toContain('  k00: "yes"\n');
    expect(text).toContain('  k10: "1_000"\n');
    expect(text).toContain('    "y": v\n');
    expect(parse(text)).toEqual(object);
    const [doc] = yamlModule.parseAllDocuments(text, yamlV2Options());
    expect(documentValue(yamlModule, doc!, text)).toEqual(object);
  });

  it('writes one JSON v1 List with sorted keys', () => {
    const json = formatObjects(objects, 'json');
    expect(JSON.parse(json)).toEqual({ apiVersion: 'v1', kind: 'List', items: objects });
    expect(json.indexOf('"10"')).toBeLessThan(json.indexOf('"9"'));
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('does not emit YAML anchors for shared values', () => {
    const shared = { app: 'web' };
    const out = formatObjects(
      [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 's', labels: shared },
          spec: { selector: shared },
        },
      ],
      'yaml',
    );
    expect(out).not.toMatch(/[&*]a1/);
  });
});
