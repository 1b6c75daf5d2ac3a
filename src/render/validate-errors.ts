// Turns ajv's errors for one object into short messages with a Kubernetes-style field path
// (`spec.template.spec.containers[0].image`), one message per problem.
import type { ErrorObject } from 'ajv';
import { didYouMean } from '../errors.js';

export interface FieldProblem {
  /** field path; "" for the object itself */
  path: string;
  message: string;
}

export function describeErrors(errors: ErrorObject[], value: unknown): FieldProblem[] {
  // oneOf/anyOf failures also report each branch's own error; the combined one says it better.
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const kept = errors.filter(
    (e) =>
      !alternatives.some(
        (alt) =>
          alt !== e &&
          e.instancePath.startsWith(alt.instancePath) &&
          e.schemaPath.startsWith(`${alt.schemaPath}/`),
      ),
  );
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const error of kept) {
    const problem = describe(error, value);
    const key = `${problem.path}\0${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}

function describe(error: ErrorObject, root: unknown): FieldProblem {
  const segments = pointerSegments(error.instancePath);
  const path = fieldPath(segments);
  const actual = valueAt(root, segments);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys(
        (error.parentSchema as { properties?: object } | undefined)?.properties ?? {},
      );
      const hint = didYouMean(field, known);
      return { path: join(path, field), message: `unknown field "${field}"${hint ? ` (${hint})` : ''}` };
    }
    case 'required':
      return { path: join(path, String(params.missingProperty)), message: 'required field is missing' };
    case 'type':
      return { path, message: `must be ${article(String(params.type))} (got ${describeValue(actual)})` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return { path, message: `must be one of ${allowed} (got ${describeValue(actual)})` };
    }
    case 'oneOf':
    case 'anyOf': {
      const types = alternativeTypes(error.schema);
      return types.length > 0
        ? { path, message: `must be ${types.map(article).join(' or ')} (got ${describeValue(actual)})` }
        : { path, message: `does not match any allowed form (got ${describeValue(actual)})` };
    }
    default:
      return { path, message: `${error.message ?? 'is invalid'} (got ${describeValue(actual)})` };
  }
}

function alternativeTypes(schema: unknown): string[] {
  if (!Array.isArray(schema)) return [];
  const types = schema.map((s) => (s && typeof s === 'object' ? (s as { type?: unknown }).type : undefined));
  return types.every((t) => typeof t === 'string') ? (types as string[]) : [];
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function fieldPath(segments: string[]): string {
  let path = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) path = join(path, segment);
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/**
 * A field path's segments: fieldPath's text (`a.b[0]["x.y"]` is a, b, 0, x.y) and the API server's
 * (`metadata.labels[app.kubernetes.io/name]`, a map key unquoted).
 */
export function fieldSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const step = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\[([^\]]+)\]/y;
  let match: RegExpExecArray | null;
  while (step.lastIndex < path.length && (match = step.exec(path)) !== null) {
    if (match[1] !== undefined) out.push(match[1]);
    else if (match[2] !== undefined) out.push(Number(match[2]));
    else if (match[3] !== undefined) out.push(JSON.parse(match[3]) as string);
    else out.push(match[4] as string);
  }
  return out;
}

function join(path: string, field: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(field)) return `${path}[${JSON.stringify(field)}]`;
  return path === '' ? field : `${path}.${field}`;
}

/** The value at `segments` in `root` (object fields, array indexes); undefined where it has none. */
export function valueAt(root: unknown, segments: readonly (string | number)[]): unknown {
  let value = root;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function article(type: string): string {
  if (type === 'object') return 'an object';
  if (type === 'array') return 'a list';
  if (type === 'integer') return 'an integer';
  if (type === 'boolean') return 'a boolean';
  if (type === 'number') return 'a number';
  if (type === 'string') return 'a string';
  return type;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `${typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value} ${shown}`;
}
