import { describe, expect, it } from 'vitest';
import {
  deletionGroups,
  deletionOrder,
  placeInNamespaces,
  planApply,
  planGroupKinds,
  planNamespaces,
} from '../../src/cluster/apply-plan.js';
import type { KubeObject, RenderedObject } from '../../src/kube-object.js';

const obj = (
  apiVersion: string,
  kind: string,
  name: string,
  extra: Partial<KubeObject> = {},
): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name },
  ...extra,
});
const rendered = (objects: KubeObject[], component = 'core'): RenderedObject[] =>
  objects.map((object) => ({ component, object }));

const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'tfjobs.kubeflow.org', {
  spec: { group: 'kubeflow.org', names: { kind: 'TFJob', plural: 'tfjobs' }, scope: 'Namespaced' },
});
const clusterCrd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'profiles.kubeflow.org', {
  spec: { group: 'kubeflow.org', names: { kind: 'Profile', plural: 'profiles' }, scope: 'Cluster' },
});

describe('planApply', () => {
  it('puts Namespaces and CRDs first, cluster-scoped next, namespaced, then webhooks last', () => {
    const plan = planApply(
      rendered([
        obj('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'hook'),
        obj('apps/v1', 'Deployment', 'web'),
        obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader'),
        crd,
        obj('v1', 'Namespace', 'ml'),
        obj('kubeflow.org/v1', 'TFJob', 'mnist'),
        obj('v1', 'ConfigMap', 'settings'),
      ]),
    );
    expect(plan.waves.map((w) => [w.name, w.entries.map((e) => e.object.metadata.name)])).toEqual([
      ['namespaces-and-crds', ['tfjobs.kubeflow.org', 'ml']],
      ['cluster-scoped', ['reader']],
      ['namespaced', ['web', 'mnist', 'settings']],
      ['webhooks', ['hook']],
    ]);
  });

  it('marks objects whose kind a CRD of the same run introduces, and uses that CRD scope', () => {
    const plan = planApply(
      rendered([
        crd,
        clusterCrd,
        obj('kubeflow.org/v1', 'TFJob', 'mnist'),
        obj('kubeflow.org/v1', 'Profile', 'alice'),
        obj('v1', 'Service', 's'),
      ]),
    );
    const byName = new Map(
      plan.waves.flatMap((w) =>
        w.entries.map((e) => [e.object.metadata.name, { wave: w.name, fromCrd: e.kindFromRunCrd }]),
      ),
    );
    expect(byName.get('mnist')).toEqual({ wave: 'namespaced', fromCrd: true });
    expect(byName.get('alice')).toEqual({ wave: 'cluster-scoped', fromCrd: true });
    expect(byName.get('s')).toEqual({ wave: 'namespaced', fromCrd: false });
    expect(plan.runCrdKinds.get('TFJob.kubeflow.org')).toBe('Namespaced');
    expect(plan.runCrdKinds.get('Profile.kubeflow.org')).toBe('Cluster');
  });

  it('rejects an object rendered twice, naming both components', () => {
    expect(() =>
      planApply([
        ...rendered([obj('v1', 'ConfigMap', 'a')], 'one'),
        ...rendered([obj('v1', 'ConfigMap', 'a')], 'two'),
      ]),
    ).toThrow(/ConfigMap a is rendered twice \(components one and two\)/);
  });

  it('treats the same name in different namespaces or kinds as different objects', () => {
    const plan = planApply(
      rendered([
        obj('v1', 'ConfigMap', 'a', { metadata: { name: 'a', namespace: 'x' } }),
        obj('v1', 'ConfigMap', 'a', { metadata: { name: 'a', namespace: 'y' } }),
        obj('v1', 'Secret', 'a'),
      ]),
    );
    expect(plan.waves[0].entries).toHaveLength(3);
  });

  it('rejects unnamed objects', () => {
    expect(() =>
      // Jsonnet can render anything; the type says what a valid object has.
      planApply(
        rendered([
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'x-' } } as unknown as KubeObject,
        ]),
      ),
    ).toThrow(/without metadata.name/);
  });

  it('deletes in reverse wave order', () => {
    const plan = planApply(
      rendered([
        obj('v1', 'Namespace', 'ml'),
        obj('apps/v1', 'Deployment', 'web'),
        obj('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'm'),
      ]),
    );
    expect(deletionOrder(plan).map((w) => w.name)).toEqual(['webhooks', 'namespaced', 'namespaces-and-crds']);
  });

  it("groups prune's live objects the same way: webhooks and APIServices first, CRDs and Namespaces last", () => {
    const live = [
      crd,
      obj('kubeflow.org/v1', 'TFJob', 'job'),
      obj('v1', 'Namespace', 'ml'),
      obj('apiregistration.k8s.io/v1', 'APIService', 'v1beta1.metrics.k8s.io'),
      obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader'),
      obj('apps/v1', 'Deployment', 'adapter'),
      obj('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'v'),
    ].map((object) => ({ object }));
    const names = deletionGroups(live, (c) => c.object).map((group) =>
      group.map((c) => c.object.metadata.name),
    );
    expect(names).toEqual([
      ['v1beta1.metrics.k8s.io', 'v'],
      ['job', 'adapter'],
      ['reader'],
      ['tfjobs.kubeflow.org', 'ml'],
    ]);
  });
});

describe('placeInNamespaces', () => {
  it('defaults namespaced objects to the environment namespace, keeps explicit ones, strips cluster-scoped', () => {
    const plan = planApply(
      rendered([
        obj('v1', 'ConfigMap', 'a'),
        obj('v1', 'ConfigMap', 'b', { metadata: { name: 'b', namespace: 'other' } }),
        obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'r', {
          metadata: { name: 'r', namespace: 'oops' },
        }),
      ]),
    );
    const placed = placeInNamespaces(
      plan,
      (gvk) => (gvk.kind === 'ClusterRole' ? 'Cluster' : 'Namespaced'),
      'ml',
    );
    const namespaces = Object.fromEntries(
      placed.waves.flatMap((w) =>
        w.entries.map((e) => [e.object.metadata.name, e.object.metadata.namespace]),
      ),
    );
    expect(namespaces).toEqual({ a: 'ml', b: 'other', r: undefined });
    expect(planNamespaces(placed)).toEqual(['ml', 'other']);
    expect(planGroupKinds(placed)).toEqual(['ClusterRole.rbac.authorization.k8s.io', 'ConfigMap']);
    // the input plan is not mutated
    expect(
      plan.waves.flatMap((w) => w.entries).find((e) => e.object.metadata.name === 'r')?.object.metadata
        .namespace,
    ).toBe('oops');
  });
});
