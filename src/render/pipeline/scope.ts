// Which kinds are cluster-scoped. Built-in kinds come from this table; kinds defined by a
// CustomResourceDefinition in the same render follow the CRD's spec.scope.
import type { KubeObject } from '../../kube-object.js';

const CLUSTER_SCOPED_BUILTINS = new Set([
  'APIService',
  'CSIDriver',
  'CSINode',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'ClusterRoleList',
  'ComponentStatus',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

/** `group/Kind` of custom kinds declared cluster-scoped by CRDs among `objects`. */
export function clusterScopedCustomKinds(objects: KubeObject[]): Set<string> {
  const kinds = new Set<string>();
  for (const object of objects) {
    if (object.kind !== 'CustomResourceDefinition') continue;
    const spec = object.spec as { group?: unknown; scope?: unknown; names?: { kind?: unknown } } | undefined;
    if (spec?.scope === 'Cluster' && typeof spec.group === 'string' && typeof spec.names?.kind === 'string') {
      kinds.add(`${spec.group}/${spec.names.kind}`);
    }
  }
  return kinds;
}

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function isClusterScoped(object: KubeObject, customClusterKinds: Set<string> = new Set()): boolean {
  const group = apiGroup(object.apiVersion);
  if (customClusterKinds.has(`${group}/${object.kind}`)) return true;
  // The builtin table only applies to builtin groups, so a custom kind that happens to be called
  // "Node" in some other group is still treated as namespaced.
  const builtinGroup = !group.includes('.') || group.endsWith('.k8s.io');
  return builtinGroup && CLUSTER_SCOPED_BUILTINS.has(object.kind);
}
