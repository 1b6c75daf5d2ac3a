// Pipeline step: a component may evaluate to one object, an array, a list (`v1 List`, `RoleBindingList`), or objects of them
// nested at any depth (Tanka's environments); this turns each component's value into its
// individual objects, found as Tanka's extraction finds them, and checks their shape.
import { UserError } from '../../errors.js';
import type { KubeObject, PathSegment, RenderedObject } from '../../kube-object.js';

export interface ComponentValue {
  component: string;
  /** file the value came from, for error messages */
  file: string;
  value: unknown;
  /**
   * Where `value` is in what the Jsonnet file evaluates to ([] for all of it), so a field can be
   * traced to its source (render/locate.ts); undefined when it cannot (a YAML or JSON file).
   */
  origin?: readonly PathSegment[];
}

export function flattenObjects(values: ComponentValue[]): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const { component, file, value, origin } of values) {
    collect(value, { component, file, origin }, [], out);
  }
  return out;
}

type Source = Pick<ComponentValue, 'component' | 'file' | 'origin'>;

function collect(value: unknown, source: Source, at: PathSegment[], out: RenderedObject[]): void {
  if (value === null || value === undefined) return;
  const { component, file } = source;
  if (Array.isArray(value)) {
    value.forEach((item, i) => descend(item, source, at, i, out));
    return;
  }
  if (typeof value !== 'object') {
    throw badObject(
      component,
      file,
      pathText(at),
      `evaluated to ${describe(value)}, not a Kubernetes object`,
    );
  }
  const record = value as Record<string, unknown>;
  const problem = notAnObject(record);
  if (problem !== undefined) {
    // An object of objects, nested as deep as it likes (ksonnet's `{ deployment: ..., service: ...
    // }`, Tanka's environments): descend into every field, as Tanka's extraction does, skipping
    // nulls (`if false then ...`); a string, number or boolean there means the object was meant
    // to be a Kubernetes object.
    for (const key of Object.keys(record).sort()) {
      const field = record[key];
      if (field === null || field === undefined || key === '__ksonnet') continue;
      if (typeof field !== 'object')
        throw badObject(
          component,
          file,
          pathText(at),
          'is missing apiVersion or kind',
          `${problem}, and its field '${key}' is ${describe(field)}`,
        );
      descend(field, source, at, key, out);
    }
    return;
  }
  if (isList(record)) {
    descend(record.items, source, at, 'items', out);
    return;
  }
  const metadata = record.metadata as Record<string, unknown> | undefined;
  if (
    metadata === undefined ||
    metadata === null ||
    typeof metadata !== 'object' ||
    Array.isArray(metadata)
  ) {
    throw badObject(component, file, pathText(at), `${record.kind} has no metadata`);
  }
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    const name = metadata.name;
    if (name === undefined || name === null || name === '')
      throw badObject(component, file, pathText(at), `${record.kind} has no metadata.name`);
    // Most often a YAML name that go-yaml v2 (kubectl's reading, and kf's) takes for another type.
    const yaml = /\.ya?ml$/.test(file)
      ? 'quote it in the YAML: as kubectl reads it, y, n, yes, no, on, off, true, false and numbers are not strings'
      : undefined;
    throw badObject(
      component,
      file,
      pathText(at),
      `${record.kind}'s metadata.name is ${describeValue(name)}, not a string`,
      yaml,
    );
  }
  const rendered: RenderedObject = { component, object: record as KubeObject };
  if (source.origin !== undefined) rendered.source = { file, path: [...source.origin, ...at] };
  out.push(rendered);
}

/** collect one step down: `at` is one path, grown and shrunk in place (copied only for an object found). */
function descend(
  value: unknown,
  source: Source,
  at: PathSegment[],
  step: PathSegment,
  out: RenderedObject[],
): void {
  at.push(step);
  collect(value, source, at, out);
  at.pop();
}

/** `[0].deployment`, as messages print where in a component's value something is. */
function pathText(at: readonly PathSegment[]): string {
  return at.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
}

/** Why `record` is not a Kubernetes object (Tanka's isKubernetesManifest), or undefined. */
export function notAnObject(record: Record<string, unknown>): string | undefined {
  for (const key of ['apiVersion', 'kind']) {
    const value = record[key];
    if (value === undefined || value === null) return `missing attribute "${key}"`;
    if (typeof value !== 'string') return `attribute "${key}" is not a string`;
    if (value === '') return `attribute "${key}" is empty`;
  }
  return undefined;
}

/**
 * A list whose items are the objects: any apiVersion and kind with an `items` array, as Tanka's
 * Unwrap and kubectl (unstructured IsList) take it — `v1 List`, and typed lists such as
 * kube-prometheus' `rbac.authorization.k8s.io/v1 RoleBindingList`.
 */
export function isList(record: Record<string, unknown>): boolean {
  return Array.isArray(record.items);
}

/** A value that is not an object, for error messages. */
export function describe(value: unknown): string {
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`
    : `a ${typeof value}`;
}

function describeValue(value: unknown): string {
  return typeof value === 'boolean' || typeof value === 'number'
    ? `the ${typeof value} ${String(value)}`
    : Array.isArray(value)
      ? 'an array'
      : `an ${typeof value}`;
}

function badObject(component: string, file: string, path: string, what: string, detail?: string): UserError {
  const where = path === '' ? '' : ` at ${path.replace(/^\./, '')}`;
  const rule =
    'a component must evaluate to an object with apiVersion, kind and metadata.name, an array or List of them, or objects of them nested at any depth';
  return new UserError(`component '${component}'${where} ${what}`, {
    location: { file },
    hint: detail === undefined ? rule : `${detail}; ${rule}`,
  });
}
