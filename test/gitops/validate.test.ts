import { describe, expect, it } from 'vitest';
import { formatProblem, validateObjects } from '../../src/render/validate.js';
import { bundledVersions } from '../../src/render/schemas/kubernetes-schemas.js';
import type { KubeObject } from '../../src/kube-object.js';
import { crdWithSpec } from './crd.js';
import { userErrorOf } from '../helpers/user-error.js';

const deployment = (spec: Record<string, unknown>, name = 'web'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'ml', labels: { app: name } },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
    },
    ...spec,
  },
});

const lines = (objects: Array<KubeObject | { component: string; object: KubeObject }>, options = {}) =>
  validateObjects(objects, { environment: 'dev', ...options }).map(formatProblem);

const fooCrd = crdWithSpec('example.com', 'Foo', {
  type: 'object',
  required: ['replicas'],
  properties: {
    replicas: { type: 'integer', minimum: 1 },
    mode: { type: 'string', enum: ['fast', 'safe'] },
    config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    port: {
      'x-kubernetes-int-or-string': true,
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    },
  },
});
const foo = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'example.com/v1',
  kind: 'Foo',
  metadata: { name: 'f', namespace: 'ml' },
  spec,
});

describe('validateObjects against the bundled Kubernetes schemas', () => {
  it('bundles official schemas for several Kubernetes versions', () => {
    expect(bundledVersions()).toEqual(expect.arrayContaining(['1.33', '1.34', '1.35', '1.36', '1.37']));
  });

  it('accepts valid objects (nulls count as absent, int-or-string and quantities in either form)', () => {
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml', creationTimestamp: null } },
      deployment({ replicas: 2, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } }),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'ml' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'ml' }, data: { a: 'b' } },
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'q', namespace: 'ml' },
        spec: { hard: { cpu: 4, memory: '8Gi' } },
      },
    ];
    for (const version of bundledVersions()) expect(lines(objects, { k8sVersion: version })).toEqual([]);
  });

  it('reports a wrong type with environment, component, object and field path', () => {
    expect(lines([{ component: 'web', object: deployment({ replicas: '3' }) }])).toEqual([
      'dev/web: Deployment ml/web: spec.replicas: must be an integer (got string "3")',
    ]);
  });

  it('reports an unknown field where the schema forbids it, with a suggestion', () => {
    const object = deployment({});
    const containers = (object.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } })
      .template.spec.containers;
    containers[0].imagePullPolcy = 'Always';
    expect(lines([{ component: 'web', object }])).toEqual([
      `dev/web: Deployment ml/web: spec.template.spec.containers[0].imagePullPolcy: unknown field "imagePullPolcy" (did you mean 'imagePullPolicy'?)`,
    ]);
  });

  it('reports a missing required field', () => {
    const object = deployment({});
    delete (object.spec as Record<string, unknown>).selector;
    const container = (object.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } })
      .template.spec.containers[0];
    delete container.name;
    expect(lines([{ component: 'web', object }])).toEqual([
      'dev/web: Deployment ml/web: spec.selector: required field is missing',
      'dev/web: Deployment ml/web: spec.template.spec.containers[0].name: required field is missing',
    ]);
  });

  it('explains int-or-string fields in one message', () => {
    expect(lines([deployment({ strategy: { rollingUpdate: { maxSurge: true } } })])).toEqual([
      'dev: Deployment ml/web: spec.strategy.rollingUpdate.maxSurge: must be an integer or a string (got boolean true)',
    ]);
  });

  it('reports objects without a name or kind', () => {
    expect(
      lines([
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'ml' } } as unknown as KubeObject,
      ]),
    ).toEqual(['dev: ConfigMap ml/: metadata.name: required field is missing']);
  });

  it("reports names the API server refuses, which the schemas do not say (was: 'valid' for a Deployment named my_web)", () => {
    const withContainer = (name: string) => {
      const d = deployment({}, 'web');
      (
        d.spec as { template: { spec: { containers: { name: string }[] } } }
      ).template.spec.containers[0].name = name;
      return d;
    };
    expect(lines([deployment({}, 'my_web')])).toEqual([
      `dev: Deployment ml/my_web: metadata.name: "my_web" is not a valid name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')`,
    ]);
    expect(lines([withContainer('web.v2')])).toEqual([
      `dev: Deployment ml/web: spec.template.spec.containers[0].name: "web.v2" is not a valid name: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name')`,
    ]);
    const service = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: {},
    });
    expect(lines([service('2web')])).toEqual([
      `dev: Service 2web: metadata.name: "2web" is not a valid name: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name')`,
    ]);
    expect(lines([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x'.repeat(254) } }])).toEqual([
      `dev: ConfigMap ${'x'.repeat(254)}: metadata.name: must be no more than 253 characters`,
    ]);
    // valid names, and kinds whose names follow other rules (RBAC's may hold ':' and capitals)
    expect(
      lines([
        deployment({}, 'web.v2'),
        service('web'),
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'system:Kf' },
          rules: [],
        },
      ]),
    ).toEqual([]);
  });

  it('knows which apiVersions a Kubernetes version serves', () => {
    const old: KubeObject = {
      apiVersion: 'extensions/v1beta1',
      kind: 'Deployment',
      metadata: { name: 'old', namespace: 'ml' },
      spec: {},
    };
    expect(lines([old], { k8sVersion: '1.37' })).toEqual([
      'dev: Deployment ml/old: apiVersion extensions/v1beta1 of Deployment is not served by Kubernetes 1.37 (served: apps/v1)',
    ]);
    // resource.k8s.io/v1 went GA in 1.34: valid there, unknown in 1.33
    const claim: KubeObject = {
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceClaimTemplate',
      metadata: { name: 'gpu', namespace: 'ml' },
      spec: { spec: {} },
    };
    expect(lines([claim], { k8sVersion: '1.34' })).toEqual([]);
    expect(lines([claim], { k8sVersion: '1.33' })[0]).toMatch(
      /apiVersion resource.k8s.io\/v1 of ResourceClaimTemplate is not served by Kubernetes 1.33 \(served: .*resource.k8s.io\/v1beta1/,
    );
  });

  it('rejects an unbundled Kubernetes version with the list of bundled ones', () => {
    expect(userErrorOf(() => validateObjects([deployment({})], { k8sVersion: '1.20' }))).toMatch(
      /no bundled Kubernetes schemas for version "1.20".*1\.33, 1\.34/,
    );
    expect(userErrorOf(() => validateObjects([deployment({})], { k8sVersion: 'latest' }))).toMatch(
      /no bundled Kubernetes schemas/,
    );
  });
});

describe('validateObjects for custom resources', () => {
  it('checks custom resources against the schema of a CRD rendered in the app', () => {
    const problems = lines([
      { component: 'crds', object: fooCrd },
      {
        component: 'app',
        object: foo({
          replicas: 0,
          mode: 'turbo',
          config: { anything: { goes: 1 } },
          port: 'http',
          extra: 1,
        }),
      },
    ]);
    expect(problems).toEqual([
      'dev/app: Foo ml/f: spec.extra: unknown field "extra"',
      'dev/app: Foo ml/f: spec.mode: must be one of "fast", "safe" (got string "turbo")',
      'dev/app: Foo ml/f: spec.replicas: must be >= 1 (got integer 0)',
    ]);
  });

  it('validates metadata of custom resources as ObjectMeta', () => {
    const object = foo({ replicas: 1 });
    object.metadata.labels = { team: 7 } as unknown as Record<string, string>;
    expect(lines([fooCrd, object])).toEqual([
      'dev: Foo ml/f: metadata.labels.team: must be a string (got integer 7)',
    ]);
  });

  it('uses vendored CRDs passed as options, and reports kinds nobody defines', () => {
    expect(lines([foo({ replicas: 2 })], { crds: [fooCrd] })).toEqual([]);
    expect(lines([foo({ replicas: 2 })])).toEqual([
      'dev: Foo ml/f: no schema for example.com/v1 Foo: not a built-in kind of Kubernetes 1.37 and no CustomResourceDefinition in the app or vendor/ defines it',
    ]);
    expect(lines([foo({ replicas: 2 })], { ignoreMissingSchemas: true })).toEqual([]);
  });

  it('checks the CRD itself against the apiextensions schema', () => {
    const broken = structuredClone(fooCrd);
    (broken.spec as Record<string, unknown>).scope = 7;
    expect(lines([broken])).toEqual([
      'dev: CustomResourceDefinition foos.example.com: spec.scope: must be a string (got integer 7)',
    ]);
  });
});
