// The Kubeflow registry's prototypes as files: where they are, their headers, and the component
// source `kf generate` makes of one (no Jsonnet evaluation here; see render-prototype.ts).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePrototypeHeader, type PrototypeHeader } from '../../scripts/registry-readme.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The folder holding `kubeflow/`: prototypes import `kubeflow/<pkg>/<file>.libsonnet` from it. */
export const registryRoot = join(repoRoot, 'registry');
export const kubeflowRegistry = join(registryRoot, 'kubeflow');

export interface PrototypeRef {
  /** short name: kubeflow-core, tf-job, tf-cnn, tf-serving */
  name: string;
  pkg: string;
  file: string;
}

export const PROTOTYPES: PrototypeRef[] = [
  { name: 'kubeflow-core', pkg: 'core', file: 'all.jsonnet' },
  { name: 'tf-job', pkg: 'tf-job', file: 'tf-job.jsonnet' },
  { name: 'tf-cnn', pkg: 'tf-job', file: 'tf-cnn.jsonnet' },
  { name: 'tf-serving', pkg: 'tf-serving', file: 'tf-serving.jsonnet' },
];

export type Params = Record<string, unknown>;

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export function prototypeRef(name: string): PrototypeRef {
  const ref = PROTOTYPES.find((p) => p.name === name);
  if (!ref) throw new Error(`no prototype ${name}`);
  return ref;
}

export function prototypeText(ref: PrototypeRef): string {
  return readFileSync(join(kubeflowRegistry, ref.pkg, 'prototypes', ref.file), 'utf8');
}

export function prototypeHeader(ref: PrototypeRef): PrototypeHeader {
  return parsePrototypeHeader(prototypeText(ref), ref.file);
}

/** A header default token as the value `kf generate` writes into params.libsonnet. */
export function defaultValue(type: string, token: string): unknown {
  if (token === 'null') return null;
  switch (type) {
    case 'number':
      return Number(token);
    case 'boolean':
      return token === 'true';
    case 'object':
    case 'array':
      return JSON.parse(token);
    case 'numberOrString':
      return Number.isNaN(Number(token)) ? token : Number(token);
    default:
      return token;
  }
}

/** The optional parameters' defaults, then the given values (which must name declared params). */
export function componentParams(ref: PrototypeRef, values: Params): Params {
  const header = prototypeHeader(ref);
  const params: Params = {};
  for (const p of header.params)
    if (p.default !== undefined) params[p.name] = defaultValue(p.type, p.default);
  for (const [key, value] of Object.entries(values)) {
    if (!header.params.some((p) => p.name === key)) throw new Error(`${ref.name} has no parameter ${key}`);
    params[key] = value;
  }
  return params;
}

/**
 * The component file `kf generate` writes for a prototype: the `env` and `params` locals that
 * read ksonnet's ext vars, then the prototype body with its holes filled.
 */
export function componentSource(ref: PrototypeRef, componentName: string): string {
  const body = prototypeText(ref)
    .replace(/import\s+(['"])param:\/\/([A-Za-z_][A-Za-z0-9_]*)\1/g, 'params.$2')
    .replace(/import\s+(['"])env:\/\/([A-Za-z_][A-Za-z0-9_]*)\1/g, 'env.$2');
  return [
    "local env = std.extVar('__ksonnet/environments');",
    `local params = std.extVar('__ksonnet/params').components[${JSON.stringify(componentName)}];`,
    body,
  ].join('\n');
}
