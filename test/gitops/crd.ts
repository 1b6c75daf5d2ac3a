// A CustomResourceDefinition for validation tests: one namespaced version, v1, whose `spec` has the
// given schema.
import type { KubeObject } from '../../src/kube-object.js';

export function crdWithSpec(group: string, kind: string, spec: Record<string, unknown>): KubeObject {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural, singular: kind.toLowerCase() },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec } } },
        },
      ],
    },
  };
}
