// Prints rendered objects: a YAML stream (documents separated by `---`) or one JSON `v1/List`.
// Keys are emitted in code-point order (also numeric-looking keys, which JS objects would reorder),
// so the output is byte-identical on every run.
import { Document, visit, type Pair } from 'yaml';
import type { KubeObject, RenderedObject } from '../kube-object.js';
import { emitYaml, mustQuote } from '../util/yaml-emit.js';

export type OutputFormat = 'yaml' | 'json';

export function formatObjects(objects: Array<RenderedObject | KubeObject>, format: OutputFormat): string {
  const plain = objects.map((o) => (isRendered(o) ? o.object : o));
  return format === 'json' ? toJsonList(plain) : toYamlStream(plain);
}

function isRendered(o: RenderedObject | KubeObject): o is RenderedObject {
  return 'component' in o && 'object' in o && typeof (o as RenderedObject).object === 'object';
}

export function toYamlStream(objects: KubeObject[]): string {
  return objects.map((object) => `---\n${toYaml(object)}`).join('');
}

export function toYaml(value: unknown): string {
  return emitYaml(value) ?? yamlLibrary(value);
}

/** The `yaml` library's form of `value`, which emitYaml reproduces (and falls back to for odd shapes). */
export function yamlLibrary(value: unknown): string {
  const doc = new Document(value, {
    aliasDuplicateObjects: false,
    sortMapEntries: (a: Pair, b: Pair) => compareKeys(String(a.key), String(b.key)),
  });
  // Strings a YAML 1.1 reader (kubectl, Argo CD) would take for something else are quoted too.
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && !node.type?.startsWith('QUOTE') && mustQuote(node.value))
        node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
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
