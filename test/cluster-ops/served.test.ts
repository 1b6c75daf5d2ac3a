// Which objects of a plan ask for an apiVersion nothing serves: the cluster's discovery (here a
// table standing in for it) for kinds that exist already, a CRD of the same plan for its own kind.
import { describe, expect, it } from 'vitest';
import { planApply } from '../../src/cluster/apply-plan.js';
import type { RestMapper } from '../../src/cluster/discovery.js';
import { describeUnserved, findUnserved, sameObjectAt } from '../../src/cluster/served.js';
import type { GroupVersionKind, KubeObject } from '../../src/kube-object.js';

/** Discovery of a cluster serving Deployment as apps/v1 and Ingress as networking.k8s.io/v1 only. */
const served = new Map([
  ['Deployment', ['apps/v1']],
  ['Ingress', ['networking.k8s.io/v1']],
  ['ConfigMap', ['v1']],
  // a CRD of another group that happens to name its kind Widget too
  ['Widget', ['other.dev/v1']],
]);
const mapper = {
  find: async (gvk: GroupVersionKind) => {
    const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
    return served.get(gvk.kind)?.includes(apiVersion)
      ? { resource: 'x', scope: 'Namespaced' as const, gvk }
      : undefined;
  },
  servedApiVersions: async (kind: string) => served.get(kind) ?? [],
} as unknown as RestMapper;

const obj = (apiVersion: string, kind: string, name: string, spec?: object): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name },
  ...(spec ? { spec } : {}),
});
const unservedOf = async (objects: KubeObject[]) =>
  (await findUnserved(mapper, planApply(objects.map((object) => ({ component: 'c', object }))))).map((u) => [
    u.object.metadata.name,
    u.servedAs,
  ]);

describe('findUnserved', () => {
  it('names the versions that serve the kind: in its group, or where the extensions group moved it; never a namesake of another group', async () => {
    expect(
      await unservedOf([
        obj('v1', 'ConfigMap', 'fine'),
        obj('apps/v1beta1', 'Deployment', 'moved-version'),
        obj('extensions/v1beta1', 'Ingress', 'moved-group'),
        obj('example.dev/v1', 'Widget', 'no-crd'),
      ]),
    ).toEqual([
      ['moved-version', ['apps/v1']],
      ['moved-group', ['networking.k8s.io/v1']],
      ['no-crd', []],
    ]);
  });

  it('takes a CRD of the plan as the judge of its kind: only the versions it serves', async () => {
    const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.dev', {
      group: 'example.dev',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: [
        { name: 'v1', served: true, storage: true },
        { name: 'v1alpha1', served: false, storage: false },
      ],
    });
    // A v1beta1 CRD (itself unserved by 1.37) names its single version in spec.version.
    const oldCrd = obj('apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', 'gadgets.example.dev', {
      group: 'example.dev',
      version: 'v1alpha2',
      names: { kind: 'Gadget', plural: 'gadgets' },
    });
    served.set('CustomResourceDefinition', ['apiextensions.k8s.io/v1']);
    expect(
      await unservedOf([
        crd,
        oldCrd,
        obj('example.dev/v1', 'Widget', 'current'),
        obj('example.dev/v1alpha1', 'Widget', 'not-served-any-more'),
        obj('example.dev/v1alpha2', 'Gadget', 'by-the-old-crd'),
      ]),
    ).toEqual([
      ['gadgets.example.dev', ['apiextensions.k8s.io/v1']],
      ['not-served-any-more', ['example.dev/v1']],
    ]);
  });
});

describe('describeUnserved', () => {
  it('says what serves the kind and what to do', () => {
    const cluster = { context: 'minikube', kubernetesVersion: '1.37' };
    expect(
      describeUnserved({ object: obj('apps/v1beta1', 'Deployment', 'd'), servedAs: ['apps/v1'] }, cluster),
    ).toEqual({
      message:
        'apiVersion apps/v1beta1 of Deployment is not served by context minikube (Kubernetes 1.37); it serves Deployment as apps/v1',
      hint: 'change its apiVersion to apps/v1, then check the fields that version changed with kf validate',
    });
    expect(
      describeUnserved(
        { object: obj('kubeflow.org/v1beta1', 'TFJob', 't'), servedAs: [] },
        { context: 'gke' },
      ),
    ).toEqual({
      message:
        'TFJob (kubeflow.org/v1beta1) is not served by context gke, and no CustomResourceDefinition the environment renders defines it',
      hint: 'install the CustomResourceDefinition of TFJob.kubeflow.org first, or leave this component out',
    });
  });
});

describe('sameObjectAt', () => {
  const at = (apiVersion: string, kind: string, servedAs: string[]) => {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return sameObjectAt({ gvk: { group: group!, version: version!, kind }, servedAs });
  };
  it('is another version of the same group, or where the old extensions group moved the kind', () => {
    expect(at('apps/v1beta1', 'Deployment', ['apps/v1'])).toBe('apps/v1');
    expect(at('extensions/v1beta1', 'Deployment', ['apps/v1'])).toBe('apps/v1');
    expect(at('extensions/v1beta1', 'Ingress', ['networking.k8s.io/v1'])).toBe('networking.k8s.io/v1');
    expect(at('apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', ['apiextensions.k8s.io/v1'])).toBe(
      'apiextensions.k8s.io/v1',
    );
  });
  it('is none for a kind of the same name in an unrelated group, or when nothing serves it', () => {
    expect(at('example.dev/v1', 'Widget', ['other.dev/v1'])).toBeUndefined();
    expect(at('kubeflow.org/v1beta1', 'TFJob', [])).toBeUndefined();
  });
});
