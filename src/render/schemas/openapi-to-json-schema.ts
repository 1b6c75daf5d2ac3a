// Turns OpenAPI v3 schemas (Kubernetes' built-in definitions and CRDs' openAPIV3Schema) into
// plain JSON Schema (draft-07) that ajv validates: documentation keys are dropped, OpenAPI's
// boolean exclusiveMinimum/Maximum become numbers, and `allOf: [{$ref}]` wrappers become `$ref`.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

// Keys with validation meaning; everything else (description, default, example, list-map merge
// hints, CEL rules, formats) is dropped.
const KEPT_KEYS = new Set([
  '$ref',
  'type',
  'properties',
  'additionalProperties',
  'items',
  'required',
  'enum',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
]);

export const KUBERNETES_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
];

/** Simplifies one OpenAPI v3 schema; `refPrefix` rewrites `#/components/schemas/` references. */
export function openApiToJsonSchema(node: Json, refPrefix = '#/definitions/'): Json {
  if (Array.isArray(node)) return node.map((n) => openApiToJsonSchema(n, refPrefix));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const key of Object.keys(node).sort()) {
    if (!KEPT_KEYS.has(key)) continue;
    const value = node[key];
    if (key === '$ref' && typeof value === 'string')
      out[key] = value.replace('#/components/schemas/', refPrefix);
    else if (key === 'properties' && isObject(value)) {
      const props: JsonObject = {};
      for (const name of Object.keys(value).sort()) props[name] = openApiToJsonSchema(value[name], refPrefix);
      out[key] = props;
    } else if (key === 'pattern' && typeof value === 'string') {
      // Kubernetes patterns are RE2; keep those JavaScript can compile, skip the rest.
      if (compiles(value)) out[key] = value;
    } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
      continue; // handled below together with minimum/maximum
    } else out[key] = openApiToJsonSchema(value, refPrefix);
  }
  if (node.exclusiveMinimum === true && typeof out.minimum === 'number') {
    out.exclusiveMinimum = out.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true && typeof out.maximum === 'number') {
    out.exclusiveMaximum = out.maximum;
    delete out.maximum;
  }
  const allOf = out.allOf;
  if (Array.isArray(allOf) && allOf.length === 1 && Object.keys(out).length === 1) return allOf[0];
  return out;
}

/**
 * Makes object schemas reject unknown fields, as the API server does with strict field
 * validation (kubectl's default): every schema that lists `properties`, sets no
 * `additionalProperties` and does not preserve unknown fields gets `additionalProperties: false`.
 */
export function forbidUnknownFields(node: Json): Json {
  if (Array.isArray(node)) return node.map(forbidUnknownFields);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isObject(value)) {
      const props: JsonObject = {};
      for (const [name, schema] of Object.entries(value)) props[name] = forbidUnknownFields(schema);
      out[key] = props;
    } else if (key === 'enum') out[key] = value;
    else out[key] = forbidUnknownFields(value);
  }
  if (
    isObject(out.properties) &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true &&
    out['x-kubernetes-embedded-resource'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
