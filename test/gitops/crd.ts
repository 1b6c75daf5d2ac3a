// CustomResourceDefinitions for tests: one namespaced version, v1, with the given schema.
import type { KubeObject } from '../../src/kube-object.js';

export function crdWithSpec(group: string, kind: string, spec: Record<string, unknown>): KubeObject {
  return namespacedCrd(group, kind, {
    schema: { openAPIV3Schema: { type: 'object', properties: { spec } } },
  });
}

/** A namespaced CRD of `group` whose kind `kind` is served as v1, with `version`'s schema (and subresources). */
export function namespacedCrd(group: string, kind: string, version: Record<string, unknown>): KubeObject {
  const singular = kind.toLowerCase();
  const plural = `${singular}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural, singular },
      versions: [{ name: 'v1', served: true, storage: true, ...version }],
    },
  };
}
