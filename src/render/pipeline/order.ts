// Pipeline step: a deterministic order — Namespaces and CRDs first (others depend on them), then
// the other cluster-scoped objects, then namespaced ones; ties broken by kind, namespace, name.
import { compareCodePoints } from '../../app/app.js';
import type { KubeObject, RenderedObject } from '../../kube-object.js';
import { clusterScopedCustomKinds, isClusterScoped } from './scope.js';

export function orderObjects(objects: RenderedObject[]): RenderedObject[] {
  const customClusterKinds = clusterScopedCustomKinds(objects.map((o) => o.object));
  const tier = (object: KubeObject): number => {
    if (object.kind === 'Namespace') return 0;
    if (object.kind === 'CustomResourceDefinition') return 1;
    return isClusterScoped(object, customClusterKinds) ? 2 : 3;
  };
  const keyed = objects.map((entry, index) => ({ entry, index, tier: tier(entry.object) }));
  keyed.sort(
    (a, b) =>
      a.tier - b.tier ||
      compareCodePoints(a.entry.object.kind, b.entry.object.kind) ||
      compareCodePoints(a.entry.object.metadata.namespace ?? '', b.entry.object.metadata.namespace ?? '') ||
      compareCodePoints(a.entry.object.metadata.name, b.entry.object.metadata.name) ||
      compareCodePoints(a.entry.object.apiVersion, b.entry.object.apiVersion) ||
      a.index - b.index,
  );
  return keyed.map((k) => k.entry);
}
