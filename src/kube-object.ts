// The one shape of a Kubernetes object in kf, from the render pipeline to the cluster, plus helpers
// to name objects (group/kind/namespace/name) consistently in plans, progress lines and errors.

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  generation?: number;
  uid?: string;
  deletionTimestamp?: string;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** One object of an environment together with the component that rendered it. */
export interface RenderedObject {
  component: string;
  object: KubeObject;
  /**
   * The namespace it gets if namespaced and naming none, when not the kf environment's: a Tanka
   * environment's spec.namespace, inline or static (render/pipeline/tanka-environment.ts). Used up by defaultNamespace.
   */
  defaultNamespace?: string;
  /** the Jsonnet file whose value holds it and where in that value (render/locate.ts traces its fields) */
  source?: { file: string; path: readonly PathSegment[] };
}

/** A step into a value: an object's field or an array's index. */
export type PathSegment = string | number;

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export function groupVersionKind(object: Pick<KubeObject, 'apiVersion' | 'kind'>): GroupVersionKind {
  const slash = object.apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: object.apiVersion, kind: object.kind }
    : {
        group: object.apiVersion.slice(0, slash),
        version: object.apiVersion.slice(slash + 1),
        kind: object.kind,
      };
}

/** `Kind.group` as ApplySet's contains-group-kinds spells it (`Kind` alone for the core group). */
export function groupKindString(gvk: Pick<GroupVersionKind, 'group' | 'kind'>): string {
  return gvk.group === '' ? gvk.kind : `${gvk.kind}.${gvk.group}`;
}

export function parseGroupKind(text: string): { group: string; kind: string } {
  const dot = text.indexOf('.');
  return dot < 0 ? { group: '', kind: text } : { kind: text.slice(0, dot), group: text.slice(dot + 1) };
}

/** Human name used in progress lines and errors: `deployment.apps/web -n ml` style. */
export function describeObject(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const gvk = groupVersionKind(object);
  const kind = gvk.group === '' ? gvk.kind : `${gvk.kind}.${gvk.group}`;
  const name = object.metadata.name ?? object.metadata.generateName ?? '<unnamed>';
  const ns = object.metadata.namespace;
  return ns ? `${kind} ${ns}/${name}` : `${kind} ${name}`;
}

/** Identity key of an object: group, kind, namespace, name (the version does not matter). */
export function objectKey(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const gvk = groupVersionKind(object);
  return `${gvk.group}|${gvk.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name ?? ''}`;
}

/**
 * Objects rendered more than once (same group, kind, namespace and name: one would overwrite the
 * other on the cluster), each with the component that rendered it first.
 */
export function renderedTwice(
  objects: readonly RenderedObject[],
): Array<{ object: KubeObject; component: string; first: string }> {
  const seen = new Map<string, string>();
  const twice: Array<{ object: KubeObject; component: string; first: string }> = [];
  for (const { component, object } of objects) {
    const key = objectKey(object);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, component);
    else twice.push({ object, component, first });
  }
  return twice;
}

export function isObjectRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** kubectl's name for an object: `deployment.apps/web`, `configmap/settings` (namespace apart). */
export function kubectlName(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const gvk = groupVersionKind(object);
  const kind = gvk.kind.toLowerCase();
  return `${gvk.group === '' ? kind : `${kind}.${gvk.group}`}/${object.metadata.name ?? object.metadata.generateName ?? ''}`;
}

/**
 * An object on one line of kf's output, as kubectl would be told it: `deployment.apps/web -n ml`,
 * `customresourcedefinition.apiextensions.k8s.io/tfjobs.kubeflow.org` (cluster-scoped).
 */
export function kubectlRef(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const namespace = object.metadata.namespace;
  return namespace ? `${kubectlName(object)} -n ${namespace}` : kubectlName(object);
}
