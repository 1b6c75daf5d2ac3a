// Tanka's v1alpha1.Environment read as its pkg/spec Parse reads it: JSON decoded into the Go
// struct as encoding/json decodes (defaults, case-insensitive keys, type errors), the deprecated
// top-level fields moved in. Where the object comes from and what it is for is tanka-environment.ts's.

/** The Environment objects' apiVersion. */
export const API_VERSION = 'tanka.dev/v1alpha1';

/** Tanka's v1alpha1.Environment, its fields' JSON names; defaults as its v1alpha1.New() gives them. */
export interface Environment {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: Spec;
  data?: unknown;
}

interface Spec {
  apiServer: string;
  contextNames: string[];
  namespace: string;
  diffStrategy: string;
  applyStrategy: string;
  injectLabels: boolean;
  tankaEnvLabelFromFields: string[];
  resourceDefaults: { annotations: Record<string, string>; labels: Record<string, string> };
  expectVersions: { tanka: string };
  exportJsonnetImplementation: string;
}

/** The Go types of Environment's fields, for decoding as encoding/json decodes into them. */
export type GoType = 'string' | 'bool' | 'strings' | 'stringMap' | 'any' | GoStruct;
interface GoStruct {
  [field: string]: GoType;
}
const SPEC_TYPE: GoStruct = {
  apiServer: 'string',
  contextNames: 'strings',
  namespace: 'string',
  diffStrategy: 'string',
  applyStrategy: 'string',
  injectLabels: 'bool',
  tankaEnvLabelFromFields: 'strings',
  resourceDefaults: { annotations: 'stringMap', labels: 'stringMap' },
  expectVersions: { tanka: 'string' },
  exportJsonnetImplementation: 'string',
};
export const ENVIRONMENT_TYPE: GoStruct = {
  apiVersion: 'string',
  kind: 'string',
  metadata: { name: 'string', namespace: 'string', labels: 'stringMap' },
  spec: SPEC_TYPE,
  data: 'any',
};

/** v1alpha1.New() */
function newEnvironment(): Environment {
  return {
    apiVersion: API_VERSION,
    kind: 'Environment',
    metadata: { name: '', namespace: '', labels: {} },
    spec: {
      apiServer: '',
      contextNames: [],
      namespace: 'default',
      diffStrategy: '',
      applyStrategy: '',
      injectLabels: false,
      tankaEnvLabelFromFields: [],
      resourceDefaults: { annotations: {}, labels: {} },
      expectVersions: { tanka: '' },
      exportJsonnetImplementation: '',
    },
  };
}

/** A field of the wrong type: its JSON path, what it should be and what it is. */
export type Mistyped = (field: string, expected: string, got: string) => never;

/**
 * Tanka's spec.Parse: `record` decoded into v1alpha1.New() as encoding/json decodes (keys matched
 * exactly, else case-insensitively, unknown keys ignored, null leaving a field as it is, a value of
 * the wrong type an error), the deprecated top-level namespace, server and team moved in, a server
 * without a scheme made https, and metadata.namespace the entrypoint relative to Tanka's root.
 * Parse returns early on a deprecated field: the server stays as given and metadata.namespace as
 * the record has it.
 */
export function parseEnvironment(
  record: Record<string, unknown>,
  namespace: string,
  mistyped: Mistyped,
): Environment {
  const env = newEnvironment();
  decode(record, ENVIRONMENT_TYPE, env as unknown as Record<string, unknown>, '', mistyped);
  let deprecated = false;
  const moved = (key: string, empty: boolean, set: (value: string) => void) => {
    if (!Object.hasOwn(record, key) || !empty) return;
    const value = record[key];
    if (typeof value !== 'string') mistyped(key, 'a string', typeName(value));
    set(value as string);
    deprecated = true;
  };
  moved('namespace', env.spec.namespace === '', (v) => (env.spec.namespace = v));
  moved('server', env.spec.apiServer === '', (v) => (env.spec.apiServer = v));
  moved('team', !Object.hasOwn(env.metadata.labels, 'team'), (v) => (env.metadata.labels.team = v));
  if (deprecated) return env;
  const server = env.spec.apiServer;
  if (server !== '' && !/^.+:\/\//.test(server)) env.spec.apiServer = `https://${server}`;
  env.metadata.namespace = namespace;
  return env;
}

/** encoding/json's Unmarshal of `value` into the struct `into` of type `type`. */
function decode(
  value: Record<string, unknown>,
  type: GoStruct,
  into: Record<string, unknown>,
  path: string,
  mistyped: Mistyped,
): void {
  const folded = new Map(Object.keys(type).map((field) => [field.toLowerCase(), field]));
  for (const [key, item] of Object.entries(value)) {
    const field = Object.hasOwn(type, key) ? key : folded.get(key.toLowerCase());
    if (field === undefined || item === null) continue;
    const fieldType = type[field]!;
    const name = path === '' ? field : `${path}.${field}`;
    into[field] = decodeValue(item, fieldType, into[field], name, mistyped);
  }
}

function decodeValue(
  value: unknown,
  type: GoType,
  current: unknown,
  path: string,
  mistyped: Mistyped,
): unknown {
  const asString = (item: unknown, itemPath: string) => {
    if (item === null) return '';
    return typeof item === 'string' ? item : mistyped(itemPath, 'a string', typeName(item));
  };
  switch (type) {
    case 'any':
      return value;
    case 'string':
      return asString(value, path);
    case 'bool':
      return typeof value === 'boolean' ? value : mistyped(path, 'a boolean', typeName(value));
    case 'strings':
      if (!Array.isArray(value)) return mistyped(path, 'a list of strings', typeName(value));
      return value.map((item, i) => asString(item, `${path}[${i}]`));
    case 'stringMap': {
      if (!isRecord(value)) return mistyped(path, 'an object of strings', typeName(value));
      const map = { ...(current as Record<string, string>) };
      for (const [key, item] of Object.entries(value)) map[key] = asString(item, `${path}.${key}`);
      return map;
    }
    default: {
      if (!isRecord(value)) return mistyped(path, 'an object', typeName(value));
      const struct = { ...(current as Record<string, unknown>) };
      decode(value, type, struct, path, mistyped);
      return struct;
    }
  }
}

/** A JSON value's type, as the error names it. */
export function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
