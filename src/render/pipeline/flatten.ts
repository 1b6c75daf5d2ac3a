// Pipeline step: a component may evaluate to one object, an array, or a `v1/List` (possibly
// nested); this turns each component's value into its individual objects and checks their shape.
import { UserError } from '../../errors.js';
import type { KubeObject, RenderedObject } from '../../kube-object.js';

export interface ComponentValue {
  component: string;
  /** file the value came from, for error messages */
  file: string;
  value: unknown;
}

export function flattenObjects(values: ComponentValue[]): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const { component, file, value } of values) {
    collect(value, component, file, '', out);
  }
  return out;
}

function collect(value: unknown, component: string, file: string, path: string, out: RenderedObject[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, component, file, `${path}[${i}]`, out));
    return;
  }
  if (typeof value !== 'object') {
    throw badObject(component, file, path, `evaluated to ${describe(value)}, not a Kubernetes object`);
  }
  const record = value as Record<string, unknown>;
  if (isList(record)) {
    collect(record.items ?? [], component, file, `${path}.items`, out);
    return;
  }
  if (typeof record.apiVersion !== 'string' || typeof record.kind !== 'string') {
    // An object of objects (ksonnet allowed `{ deployment: ..., service: ... }`): descend into it
    // when every field is itself an object; otherwise it is a malformed object.
    const fields = Object.keys(record).sort();
    if (fields.length > 0 && fields.every((k) => typeof record[k] === 'object' && record[k] !== null)) {
      for (const key of fields) collect(record[key], component, file, `${path}.${key}`, out);
      return;
    }
    throw badObject(component, file, path, 'is missing apiVersion or kind');
  }
  const metadata = record.metadata as Record<string, unknown> | undefined;
  if (
    metadata === undefined ||
    metadata === null ||
    typeof metadata !== 'object' ||
    Array.isArray(metadata)
  ) {
    throw badObject(component, file, path, `${record.kind} has no metadata`);
  }
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    throw badObject(component, file, path, `${record.kind} has no metadata.name`);
  }
  out.push({ component, object: record as KubeObject });
}

function isList(record: Record<string, unknown>): boolean {
  return (
    typeof record.kind === 'string' &&
    record.kind.endsWith('List') &&
    record.apiVersion === 'v1' &&
    'items' in record
  );
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`
    : `a ${typeof value}`;
}

function badObject(component: string, file: string, path: string, what: string): UserError {
  const where = path === '' ? '' : ` at ${path.replace(/^\./, '')}`;
  return new UserError(`component '${component}'${where} ${what}`, {
    location: { file },
    hint: 'a component must evaluate to an object with apiVersion, kind and metadata.name, an array of them, or a v1 List',
  });
}
