// Prints rendered objects: a YAML stream as Tanka's `tk show` writes it (gopkg.in/yaml.v2's, see
// src/jsonnet/goyaml-v2/writer.ts) or one JSON `v1/List` with keys in code-point order (also
// numeric-looking keys, which JS objects would reorder), so the output is byte-identical on every run.
import type { KubeObject, RenderedObject } from '../kube-object.js';
import { toYamlV2Stream } from '../jsonnet/goyaml-v2/writer.js';

export type OutputFormat = 'yaml' | 'json';

export function formatObjects(objects: Array<RenderedObject | KubeObject>, format: OutputFormat): string {
  const plain = objects.map((o) => (isRendered(o) ? o.object : o));
  return format === 'json' ? toJsonList(plain) : toYamlV2Stream(plain);
}

function isRendered(o: RenderedObject | KubeObject): o is RenderedObject {
  return 'component' in o && 'object' in o && typeof (o as RenderedObject).object === 'object';
}

export function toJsonList(objects: KubeObject[]): string {
  return `${toJson({ apiVersion: 'v1', kind: 'List', items: objects })}\n`;
}

/** JSON with sorted keys and 2-space indentation. */
export function toJson(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + toJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value).sort(compareKeys);
  if (keys.length === 0) return '{}';
  const record = value as Record<string, unknown>;
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${toJson(record[k], inner)}`).join(',\n')}\n${indent}}`;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
