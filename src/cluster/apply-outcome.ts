// Whether a server-side apply changed anything kf manages. Comparing resourceVersions alone says
// "configured" whenever a controller wrote the object (a Deployment's status, its revision
// annotation) between kf's read and its apply; kf compares what it manages instead.
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../kube-object.js';
import { FIELD_MANAGER } from './resources.js';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  fieldsV1?: unknown;
}

/** The set of fields kf's server-side applies own (fieldsV1 of its Apply entry). */
function kfFieldSet(object: KubeObject): unknown {
  const entries = (object.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? [];
  return entries.find((e) => e.manager === FIELD_MANAGER && e.operation === 'Apply')?.fieldsV1;
}

const NOT_CONTENT = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/**
 * `unchanged` when the apply of `desired` left `before` as it was in everything kf manages: the
 * same resourceVersion, or the same set of kf-owned fields, the same top-level content (spec,
 * data, rules, …) and the same values of the labels and annotations kf sets.
 */
export function applyOutcome(
  before: KubeObject | undefined,
  after: KubeObject,
  desired: KubeObject,
): 'unchanged' | 'configured' {
  if (!before) return 'configured';
  if (before.metadata.resourceVersion === after.metadata.resourceVersion) return 'unchanged';
  if (!isDeepStrictEqual(kfFieldSet(before), kfFieldSet(after))) return 'configured';
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  for (const key of Object.keys(desired)) {
    if (!NOT_CONTENT.has(key) && !isDeepStrictEqual(b[key], a[key])) return 'configured';
  }
  for (const field of ['labels', 'annotations'] as const) {
    for (const name of Object.keys(desired.metadata[field] ?? {}))
      if (before.metadata[field]?.[name] !== after.metadata[field]?.[name]) return 'configured';
  }
  return 'unchanged';
}
