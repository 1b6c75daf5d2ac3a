// Plans an apply: which objects go in which wave, and which namespace each lands in. Pure: takes
// the rendered objects (and, for namespacing, a scope lookup) and returns data; src/cluster/apply.ts
// executes the plan. Waves: Namespaces + CRDs (then wait for Established), other cluster-scoped
// objects, namespaced objects, and webhooks/APIServices last (they need running Services).
import { UserError } from '../errors.js';
import {
  describeObject,
  groupKindString,
  groupVersionKind,
  renderedTwice,
  type GroupVersionKind,
  type KubeObject,
  type RenderedObject,
} from '../kube-object.js';

export type Scope = 'Namespaced' | 'Cluster';

export const WAVES = ['namespaces-and-crds', 'cluster-scoped', 'namespaced', 'webhooks'] as const;
export type WaveName = (typeof WAVES)[number];

export interface PlanEntry {
  component: string;
  object: KubeObject;
  gvk: GroupVersionKind;
  /** The object's kind is defined by a CRD in the same run: map it only after that CRD is Established. */
  kindFromRunCrd: boolean;
}

export interface Wave {
  name: WaveName;
  entries: PlanEntry[];
}

export interface ApplyPlan {
  waves: Wave[];
  /** Kinds introduced by CRDs of this run, with their scope (`Kind.group` → scope). */
  runCrdKinds: Map<string, Scope>;
}

const CRD_GROUP = 'apiextensions.k8s.io';

/** Built-in cluster-scoped kinds (`Kind.group`); anything else is namespaced or resolved by discovery. */
export const BUILTIN_CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ComponentStatus',
  'ClusterRole.rbac.authorization.k8s.io',
  'ClusterRoleBinding.rbac.authorization.k8s.io',
  'StorageClass.storage.k8s.io',
  'CSIDriver.storage.k8s.io',
  'CSINode.storage.k8s.io',
  'VolumeAttachment.storage.k8s.io',
  'VolumeAttributesClass.storage.k8s.io',
  `CustomResourceDefinition.${CRD_GROUP}`,
  'MutatingWebhookConfiguration.admissionregistration.k8s.io',
  'ValidatingWebhookConfiguration.admissionregistration.k8s.io',
  'ValidatingAdmissionPolicy.admissionregistration.k8s.io',
  'ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io',
  'MutatingAdmissionPolicy.admissionregistration.k8s.io',
  'MutatingAdmissionPolicyBinding.admissionregistration.k8s.io',
  'APIService.apiregistration.k8s.io',
  'PriorityClass.scheduling.k8s.io',
  'RuntimeClass.node.k8s.io',
  'IngressClass.networking.k8s.io',
  'IPAddress.networking.k8s.io',
  'ServiceCIDR.networking.k8s.io',
  'CertificateSigningRequest.certificates.k8s.io',
  'ClusterTrustBundle.certificates.k8s.io',
  'FlowSchema.flowcontrol.apiserver.k8s.io',
  'PriorityLevelConfiguration.flowcontrol.apiserver.k8s.io',
  'DeviceClass.resource.k8s.io',
]);

const LAST_WAVE_KINDS = new Set([
  'MutatingWebhookConfiguration.admissionregistration.k8s.io',
  'ValidatingWebhookConfiguration.admissionregistration.k8s.io',
  'APIService.apiregistration.k8s.io',
]);

export function isCrd(object: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean {
  return object.kind === 'CustomResourceDefinition' && groupVersionKind(object).group === CRD_GROUP;
}

/** Kinds defined by the CRDs among `objects`, keyed `Kind.group`. */
export function kindsDefinedByCrds(objects: readonly KubeObject[]): Map<string, Scope> {
  const kinds = new Map<string, Scope>();
  for (const object of objects) {
    if (!isCrd(object)) continue;
    const spec = (object.spec ?? {}) as { group?: string; names?: { kind?: string }; scope?: string };
    if (spec.group && spec.names?.kind) {
      kinds.set(
        groupKindString({ group: spec.group, kind: spec.names.kind }),
        spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced',
      );
    }
  }
  return kinds;
}

function waveOf(gvk: GroupVersionKind, runCrdKinds: Map<string, Scope>): WaveName {
  const gk = groupKindString(gvk);
  if (gk === 'Namespace' || gk === `CustomResourceDefinition.${CRD_GROUP}`) return 'namespaces-and-crds';
  if (LAST_WAVE_KINDS.has(gk)) return 'webhooks';
  if (BUILTIN_CLUSTER_SCOPED.has(gk) || runCrdKinds.get(gk) === 'Cluster') return 'cluster-scoped';
  return 'namespaced';
}

/** Orders rendered objects into apply waves; rejects unnamed and duplicate objects. */
export function planApply(objects: readonly RenderedObject[]): ApplyPlan {
  const runCrdKinds = kindsDefinedByCrds(objects.map((o) => o.object));
  const waves = new Map<WaveName, PlanEntry[]>(WAVES.map((w) => [w, []]));
  for (const { component, object } of objects) {
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
      throw new UserError(`component ${component} renders an object without apiVersion/kind`, {
        hint: 'every rendered object needs apiVersion, kind and metadata.name',
      });
    }
    if (!object.metadata?.name) {
      throw new UserError(`component ${component} renders ${object.kind} without metadata.name`, {
        hint: 'kf applies named objects only; generateName is not supported by server-side apply',
      });
    }
    const gvk = groupVersionKind(object);
    waves.get(waveOf(gvk, runCrdKinds))!.push({
      component,
      object,
      gvk,
      kindFromRunCrd: runCrdKinds.has(groupKindString(gvk)),
    });
  }
  const [twice] = renderedTwice(objects);
  if (twice !== undefined)
    throw new UserError(
      `${describeObject(twice.object)} is rendered twice (components ${twice.first} and ${twice.component})`,
      { hint: 'rename one of them or drop it from one component' },
    );
  return {
    waves: WAVES.map((name) => ({ name, entries: waves.get(name)! })).filter((w) => w.entries.length > 0),
    runCrdKinds,
  };
}

/** Deletion runs the waves backwards: webhooks first, Namespaces and CRDs last. */
export function deletionOrder(plan: ApplyPlan): Wave[] {
  return [...plan.waves].reverse();
}

/**
 * Live objects (prune's candidates) grouped as a deletion runs them: webhooks and APIServices
 * first, Namespaces and CRDs last, each group to finish before the next starts.
 */
export function deletionGroups<T>(items: readonly T[], objectOf: (item: T) => KubeObject): T[][] {
  const runCrdKinds = kindsDefinedByCrds(items.map(objectOf));
  const groups = new Map<WaveName, T[]>(WAVES.map((w) => [w, []]));
  for (const item of items) groups.get(waveOf(groupVersionKind(objectOf(item)), runCrdKinds))!.push(item);
  return [...WAVES]
    .reverse()
    .map((w) => groups.get(w)!)
    .filter((group) => group.length > 0);
}

/**
 * Gives every namespaced object a namespace (the environment's unless it names one) and strips the
 * namespace from cluster-scoped ones. `scopeOf` comes from discovery, or from the run's CRDs.
 */
export function placeInNamespaces(
  plan: ApplyPlan,
  scopeOf: (gvk: GroupVersionKind) => Scope,
  defaultNamespace: string,
): ApplyPlan {
  const place = (entry: PlanEntry): PlanEntry => {
    const scope = scopeOf(entry.gvk);
    const metadata = { ...entry.object.metadata };
    if (scope === 'Cluster') delete metadata.namespace;
    else metadata.namespace ??= defaultNamespace;
    return { ...entry, object: { ...entry.object, metadata } };
  };
  return { ...plan, waves: plan.waves.map((w) => ({ ...w, entries: w.entries.map(place) })) };
}

export function planEntries(plan: ApplyPlan): PlanEntry[] {
  return plan.waves.flatMap((w) => w.entries);
}

/** Namespaces the plan's namespaced objects live in, sorted. */
export function planNamespaces(plan: ApplyPlan): string[] {
  const namespaces = new Set<string>();
  for (const entry of planEntries(plan))
    if (entry.object.metadata.namespace) namespaces.add(entry.object.metadata.namespace);
  return [...namespaces].sort();
}

/** The plan's group-kinds as ApplySet spells them (`Kind.group`), sorted. */
export function planGroupKinds(plan: ApplyPlan): string[] {
  return [...new Set(planEntries(plan).map((e) => groupKindString(e.gvk)))].sort();
}
