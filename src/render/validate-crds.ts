// Turns CustomResourceDefinitions (rendered by the app or vendored) into JSON Schemas for their
// custom resources, one per served version, keyed like the built-in kinds ("group/version/Kind").
import type { KubeObject } from '../kube-object.js';
import {
  forbidUnknownFields,
  openApiToJsonSchema,
  type Json,
  type JsonObject,
} from './schemas/openapi-to-json-schema.js';

export interface CrdVersionSchema {
  /** "group/version/Kind" */
  key: string;
  /** the CRD that declared it, "CustomResourceDefinition <name>" */
  source: string;
  namespaced: boolean;
  schema: JsonObject;
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: { kind?: string };
  versions?: Array<{ name?: string; served?: boolean; schema?: { openAPIV3Schema?: Json } }>;
  version?: string;
  validation?: { openAPIV3Schema?: Json };
}

export function isCrd(object: KubeObject): boolean {
  return object.kind === 'CustomResourceDefinition' && /^apiextensions\.k8s\.io\//.test(object.apiVersion);
}

/**
 * Schemas of every served version of every CRD. `objectMetaRef` is the `$ref` used for
 * `metadata` (the server validates it as ObjectMeta whatever the CRD says).
 */
export function crdSchemas(crds: KubeObject[], objectMetaRef: string | undefined): CrdVersionSchema[] {
  const out: CrdVersionSchema[] = [];
  for (const crd of crds) {
    if (!isCrd(crd)) continue;
    const spec = (crd.spec ?? {}) as CrdSpec;
    const kind = spec.names?.kind;
    if (!spec.group || !kind) continue;
    const versions = spec.versions?.length
      ? spec.versions
      : spec.version
        ? [{ name: spec.version, served: true, schema: spec.validation }]
        : [];
    for (const version of versions) {
      if (!version.name || version.served === false) continue;
      const raw = version.schema?.openAPIV3Schema ?? spec.validation?.openAPIV3Schema;
      out.push({
        key: `${spec.group}/${version.name}/${kind}`,
        source: `CustomResourceDefinition ${crd.metadata?.name ?? ''}`,
        namespaced: spec.scope !== 'Cluster',
        schema: rootSchema(raw, objectMetaRef),
      });
    }
  }
  return out;
}

function rootSchema(raw: Json | undefined, objectMetaRef: string | undefined): JsonObject {
  // A version without a schema accepts anything (apiextensions/v1 requires one, v1beta1 did not).
  if (raw === undefined || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { type: 'object' };
  }
  const schema = forbidUnknownFields(openApiToJsonSchema(raw)) as JsonObject;
  const properties = { ...((schema.properties as JsonObject | undefined) ?? {}) };
  properties.apiVersion = { type: 'string' };
  properties.kind = { type: 'string' };
  properties.metadata = objectMetaRef ? { $ref: objectMetaRef } : { type: 'object' };
  return { ...schema, type: 'object', properties };
}
