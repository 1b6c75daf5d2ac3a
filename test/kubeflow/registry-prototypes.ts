// The Kubeflow registry's prototypes as files: where they are, their headers (read by the app
// model's prototype parser) and the parameter values a component generated from one starts with.
// No Jsonnet evaluation here; see render-prototype.ts.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePrototype, type Prototype } from '../../src/app/prototype.js';

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

export function prototypeHeader(ref: PrototypeRef): Prototype {
  const file = join(kubeflowRegistry, ref.pkg, 'prototypes', ref.file);
  return parsePrototype(prototypeText(ref), file, {
    kind: 'package',
    registry: 'kubeflow',
    pkg: ref.pkg,
    version: '0.1.0',
  });
}

/**
 * The params entry `kf generate` writes (every optional parameter at its default, `null` a real
 * null), with `values` on top as `kf param set` would put them (values must name declared
 * parameters; they are not type-checked, so tests can pass strings such as "4" as a command line
 * with --as-string would).
 */
export function componentParams(ref: PrototypeRef, values: Params): Params {
  const header = prototypeHeader(ref);
  const params: Params = {};
  for (const p of header.params) if (!p.required) params[p.name] = p.default ?? null;
  for (const [key, value] of Object.entries(values)) {
    if (!header.params.some((p) => p.name === key)) throw new Error(`${ref.name} has no parameter ${key}`);
    params[key] = value;
  }
  return params;
}
