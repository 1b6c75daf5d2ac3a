// Pipeline step: namespaced objects that name no namespace get the environment's (or their Tanka
// environment's, ./tanka-environment.ts); cluster-scoped objects never carry one (a stray
// namespace on them is dropped, as the API server would ignore it).
import type { RenderedObject } from '../../kube-object.js';
import { clusterScopedCustomKinds, isClusterScoped } from './scope.js';

export function defaultNamespace(objects: RenderedObject[], namespace: string): RenderedObject[] {
  const customClusterKinds = clusterScopedCustomKinds(objects.map((o) => o.object));
  return objects.map(({ object, defaultNamespace: own, ...rest }) => {
    const metadata = { ...object.metadata };
    if (isClusterScoped(object, customClusterKinds)) delete metadata.namespace;
    else if (typeof metadata.namespace !== 'string' || metadata.namespace === '')
      metadata.namespace = own ?? namespace;
    return { ...rest, object: { ...object, metadata } };
  });
}
