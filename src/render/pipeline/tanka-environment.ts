// Pipeline step: Tanka environments as components, rendered as `tk show` renders them. Tanka v0.38
// loads an environment one of two ways (pkg/tanka/load.go's DetectLoader), and so does kf:
// - static: the file a component that is one `import` names (the environment's main.jsonnet)
//   has a spec.json beside it, which is the environment (pkg/spec's ParseDir); found before the
//   component is evaluated (findStaticEnvironments), which sees it as `(import 'tk').env`; the
//   component's value is its data, and an Environment object in it is an error, as in Tanka's Load;
// - inline: the component's value holds `tanka.dev/v1alpha1` Environment objects
//   (tanka-util's `tanka.environment.new`); the one chosen for the kf environment is rendered as
//   `tk show --name` renders it, its `data` the component's value. The Environments themselves are
//   never emitted.
// Either way the environment is read as pkg/spec's Parse reads it, and its spec is applied to the
// objects as pkg/process applies it (spec.namespace as the default namespace, spec.injectLabels,
// spec.resourceDefaults).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { goMatch } from '../../app/go-regexp.js';
import { UserError } from '../../errors.js';
import { parse, type Engine, type ExtValue, type Node } from '../../jsonnet/index.js';
import type { PathSegment, RenderedObject } from '../../kube-object.js';
import { sameServer } from '../../util/server-url.js';
import { parseJsonText } from '../../util/json-text.js';
import { describe, isList, notAnObject, type ComponentValue } from './flatten.js';
import {
  API_VERSION,
  ENVIRONMENT_TYPE,
  isRecord,
  parseEnvironment,
  typeName,
  type Environment,
  type GoType,
} from './tanka-spec.js';

/** Tanka's process.LabelEnvironment */
const ENVIRONMENT_LABEL = 'tanka.dev/environment';
/** Tanka's spec.Specfile */
const SPEC_FILE = 'spec.json';

/** What of a component's Tanka environment is applied to its objects. */
export interface TankaProcessing {
  name: string;
  /** spec.namespace: 'default' when absent, as Tanka reads it; '' leaves objects to the kf environment's */
  namespace: string;
  /** the tanka.dev/environment label's value, when spec.injectLabels */
  environmentLabel?: string;
  /** spec.resourceDefaults: set where an object has no such key */
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** What of the kf environment chooses among several inline environments. */
export interface InlineSelector {
  name: string;
  context?: string;
  server?: string;
  /** app.yaml's tankaEnvironment: an Environment's metadata.name */
  tankaEnvironment?: string;
}

export interface TankaContext {
  /** findStaticEnvironments' answer for the components */
  statics: Map<string, StaticTankaEnvironment>;
  /** the app's root: where an error's file is shown from, and Tanka's root when no tkrc.yaml or jsonnetfile.json is found */
  root: string;
  /** finds what a component's `import` reads (the Tanka environment's main.jsonnet) */
  engine: Engine;
  env: InlineSelector;
}

/**
 * Each component that is a Tanka environment (static or inline) gets its environment; an inline
 * one's value becomes the chosen Environment's `data`. Returns the values and, by component, what
 * applyTankaEnvironments then does to flattenObjects' objects of it.
 */
export function readTankaEnvironments(
  values: ComponentValue[],
  context: TankaContext,
): { values: ComponentValue[]; environments: Map<string, TankaProcessing> } {
  const environments = new Map<string, TankaProcessing>();
  const out = values.map((value) => {
    const where = { component: value.component, file: relative(context.root, value.file) };
    const isStatic = context.statics.get(value.component);
    if (isStatic !== undefined) {
      refuseEnvironments(value.value, isStatic.specFile, context, where);
      const specWhere = { component: value.component, file: relative(context.root, isStatic.specFile) };
      environments.set(value.component, processing(isStatic.environment, specWhere));
      return value;
    }
    const entrypoint = tankaEntrypoint(value.file, context.engine);
    const found: Found = { environments: [], others: [] };
    findEnvironments(value.value, '', isInlineEnvironment, found);
    if (found.environments.length === 0) return value;
    if (found.others.length > 0) {
      const other = found.others[0]!;
      throw new UserError(
        `component '${value.component}' returns Tanka Environment objects and, at ${at(other.path) || 'its top'}, ${other.what}`,
        {
          location: { file: where.file },
          hint: "Tanka renders only an inline environment's data: move it into an Environment's data, or into a component of its own",
        },
      );
    }
    const namespace = entrypointFromRoot(entrypoint, context);
    const parsed = found.environments.map((e) => readInlineEnvironment(e.record, e.path, namespace, where));
    const chosen = choose(parsed, context.env, where);
    environments.set(value.component, processing(chosen, where));
    // The objects are traced (render/locate.ts) from the chosen Environment's `data`.
    const segments = found.environments[parsed.indexOf(chosen)]?.segments;
    return {
      ...value,
      value: chosen.data,
      origin:
        value.origin === undefined || segments === undefined
          ? undefined
          : [...value.origin, ...segments, 'data'],
    };
  });
  return { values: out, environments };
}

/** A component that is a Tanka static environment: known before it is evaluated, as its ext var depends on it. */
export interface StaticTankaEnvironment {
  environment: Environment;
  specFile: string;
  /** `tanka.dev/environment` (`(import 'tk').env`) as Tanka's static loader passes it */
  extVar: ExtValue;
}

/**
 * The components that are Tanka static environments: one `import` of a file with spec.json beside
 * it (only an imported file: a component's own folder is kf's, components/spec.json a component),
 * each with spec.json read as Tanka's spec.ParseDir reads it.
 */
export function findStaticEnvironments(
  components: readonly { name: string; file: string }[],
  context: Pick<TankaContext, 'root' | 'engine'>,
): Map<string, StaticTankaEnvironment> {
  const statics = new Map<string, StaticTankaEnvironment>();
  for (const component of components) {
    const entrypoint = tankaEntrypoint(component.file, context.engine);
    const specFile = join(dirname(entrypoint), SPEC_FILE);
    if (entrypoint === component.file || !existsSync(specFile)) continue;
    const environment = readStaticEnvironment(specFile, entrypoint, context.root);
    statics.set(component.name, {
      environment,
      specFile,
      extVar: { kind: 'json', value: asTankaWritesIt(environment) },
    });
  }
  return statics;
}

/**
 * The Environment as Tanka's specToExtCode writes it (encoding/json's Marshal of v1alpha1.Environment,
 * data left out): its omitempty fields only when set. Field order is Jsonnet's anyway.
 */
function asTankaWritesIt(env: Environment): Record<string, unknown> {
  const spec = env.spec;
  const set = (entries: [string, unknown][]) =>
    Object.fromEntries(
      entries.filter(
        ([, value]) =>
          value !== '' &&
          value !== false &&
          !(typeof value === 'object' && Object.keys(value as object).length === 0),
      ),
    );
  return {
    apiVersion: env.apiVersion,
    kind: env.kind,
    metadata: set([
      ['name', env.metadata.name],
      ['namespace', env.metadata.namespace],
      ['labels', env.metadata.labels],
    ]),
    spec: {
      ...set([
        ['apiServer', spec.apiServer],
        ['contextNames', spec.contextNames],
        ['diffStrategy', spec.diffStrategy],
        ['applyStrategy', spec.applyStrategy],
        ['injectLabels', spec.injectLabels],
        ['tankaEnvLabelFromFields', spec.tankaEnvLabelFromFields],
        ['exportJsonnetImplementation', spec.exportJsonnetImplementation],
      ]),
      namespace: spec.namespace,
      resourceDefaults: set([
        ['annotations', spec.resourceDefaults.annotations],
        ['labels', spec.resourceDefaults.labels],
      ]),
      expectVersions: set([['tanka', spec.expectVersions.tanka]]),
    },
  };
}

/** Tanka's Namespace (its emptied-annotations rule), Label and ResourceDefaults steps, in its order. */
export function applyTankaEnvironments(
  objects: RenderedObject[],
  environments: Map<string, TankaProcessing>,
): RenderedObject[] {
  if (environments.size === 0) return objects;
  return objects.map((entry) => {
    const env = environments.get(entry.component);
    if (env === undefined) return entry;
    const metadata = { ...entry.object.metadata };
    // Tanka's Namespace step creates the annotations map whenever it looks at one, and so drops
    // every empty one; it looks only when there is a default namespace.
    if (env.namespace !== '' && isEmpty(metadata.annotations)) delete metadata.annotations;
    if (env.environmentLabel !== undefined || Object.keys(env.labels).length > 0) {
      const labels = { ...(metadata.labels ?? {}) };
      if (env.environmentLabel !== undefined) labels[ENVIRONMENT_LABEL] = env.environmentLabel;
      metadata.labels = withDefaults(labels, env.labels);
    }
    if (Object.keys(env.annotations).length > 0)
      metadata.annotations = withDefaults({ ...(metadata.annotations ?? {}) }, env.annotations);
    return {
      ...entry,
      object: { ...entry.object, metadata },
      ...(env.namespace === '' ? {} : { defaultNamespace: env.namespace }),
    };
  });
}

/** What of `env` applyTankaEnvironments applies. */
function processing(env: Environment, where: Where): TankaProcessing {
  const spec = env.spec;
  return {
    name: env.metadata.name,
    namespace: spec.namespace,
    ...(spec.injectLabels ? { environmentLabel: environmentLabel(env, where) } : {}),
    labels: spec.resourceDefaults.labels,
    annotations: spec.resourceDefaults.annotations,
  };
}

function withDefaults(map: Record<string, string>, defaults: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(defaults)) if (!Object.hasOwn(map, key)) map[key] = value;
  return map;
}

function isEmpty(map: unknown): boolean {
  return map === null || (typeof map === 'object' && Object.keys(map as object).length === 0);
}

const at = (path: string) => path.replace(/^\./, '');

// --- finding the Environment objects ----------------------------------------------------------

interface Found {
  /** each with its place as text (`.a[0]`) and as the segments of a value's path */
  environments: { path: string; segments: PathSegment[]; record: Record<string, unknown> }[];
  /** whatever else the value holds: Kubernetes objects, and values that are none */
  others: { path: string; what: string }[];
}

/** kf's inline environments: only Tanka's own API group's (another group's Environment kind is an object). */
const isInlineEnvironment = (record: Record<string, unknown>) =>
  record.apiVersion === API_VERSION && record.kind === 'Environment';

/** What Tanka's Load refuses in what a static environment returns: Filter's `Environment/.*`, any group, any case. */
const isAnyEnvironment = (record: Record<string, unknown>) =>
  typeof record.kind === 'string' && record.kind.toLowerCase() === 'environment';

/** Walks `value` as flattenObjects (Tanka's extraction) does, sorting what it finds. */
function findEnvironments(
  value: unknown,
  path: string,
  isEnvironment: (record: Record<string, unknown>) => boolean,
  found: Found,
  segments: PathSegment[] = [],
): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) =>
      findEnvironments(item, `${path}[${i}]`, isEnvironment, found, [...segments, i]),
    );
    return;
  }
  if (typeof value !== 'object') {
    found.others.push({ path, what: describe(value) });
    return;
  }
  const record = value as Record<string, unknown>;
  if (notAnObject(record) !== undefined) {
    for (const key of Object.keys(record).sort())
      if (key !== '__ksonnet')
        findEnvironments(record[key], `${path}.${key}`, isEnvironment, found, [...segments, key]);
    return;
  }
  if (isEnvironment(record)) {
    found.environments.push({ path, segments, record });
    return;
  }
  if (isList(record)) {
    findEnvironments(record.items, `${path}.items`, isEnvironment, found, [...segments, 'items']);
    return;
  }
  found.others.push({ path, what: `a ${record.kind}${nameOf(record)}` });
}

function nameOf(record: Record<string, unknown>): string {
  const name = (record.metadata as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? ` '${name}'` : '';
}

/** Tanka's Load: a static environment's objects must hold no Environment (spec.json and inline environments at once). */
function refuseEnvironments(value: unknown, specFile: string, context: TankaContext, where: Where): void {
  const found: Found = { environments: [], others: [] };
  findEnvironments(value, '', isAnyEnvironment, found);
  const first = found.environments[0];
  if (first === undefined) return;
  throw new UserError(
    `component '${where.component}' is the Tanka static environment of ${relative(context.root, specFile)} and returns, at ${at(first.path) || 'its top'}, a ${String(first.record.apiVersion)} ${String(first.record.kind)}${nameOf(first.record)}`,
    {
      location: { file: where.file },
      hint: "Tanka refuses a spec.json and inline environments at once ('found a tanka Environment resource'): remove spec.json to make it an inline environment, or return only the Environment's data",
    },
  );
}

interface Where {
  component: string;
  /** the file an error is about (the component's, or a static environment's spec.json), from the app's root */
  file: string;
}

/** An inline Environment object (tk show's path), named by its metadata.name (kf requires one). */
function readInlineEnvironment(
  record: Record<string, unknown>,
  path: string,
  namespace: string,
  where: Where,
): Environment {
  const place = path === '' ? '' : ` at ${at(path)}`;
  const fail = (what: string): never => {
    throw new UserError(`component '${where.component}': the Tanka Environment${place} ${what}`, {
      location: { file: where.file },
      hint: 'see https://tanka.dev/inline-environments',
    });
  };
  const metadata = record.metadata;
  if (!isRecord(metadata)) return fail('has no metadata');
  if (typeof metadata.name !== 'string' || metadata.name === '') return fail('has no metadata.name');
  const name = metadata.name;
  return parseEnvironment(record, namespace, (field, expected, got) =>
    fail(`'${name}' has ${field} ${got}, not ${expected}`),
  );
}

/**
 * A static environment: its spec.json read as Tanka's spec.ParseDir reads it, named by its folder
 * relative to Tanka's root (whatever spec.json's metadata.name says), its entrypoint relative to
 * the root as metadata.namespace.
 */
function readStaticEnvironment(specFile: string, entrypoint: string, appRoot: string): Environment {
  const shown = relative(appRoot, specFile);
  const fail = (what: string, line?: number, column?: number): never => {
    throw new UserError(`Tanka environment ${shown} ${what}`, {
      location: { file: shown, line, column },
      hint: 'see https://tanka.dev/config',
    });
  };
  let text: string;
  try {
    text = readFileSync(specFile, 'utf8');
  } catch (error) {
    return fail(`cannot be read: ${(error as Error).message}`);
  }
  const parsed = parseJsonText(text);
  if ('error' in parsed) {
    const { message, line, column } = parsed.error;
    return fail(`is not valid JSON: ${message}`, line, column);
  }
  const record = parsed.value;
  if (!isRecord(record))
    return fail(`is ${typeName(record)}, not an object (a tanka.dev/v1alpha1 Environment)`);
  const root = tankaRoot(dirname(entrypoint), appRoot);
  const env = parseEnvironment(record, relative(root, entrypoint), (field, expected, got) =>
    fail(`has ${field} ${got}, not ${expected}`),
  );
  env.metadata.name = relative(root, dirname(entrypoint)) || '.';
  return env;
}

// --- choosing one -------------------------------------------------------------------------------

/**
 * The one environment for the kf environment: the only one; else the one app.yaml's
 * tankaEnvironment names; else those listing the kf environment's context in contextNames (Go
 * regular expressions, as Tanka matches them), else those whose apiServer is its server.
 */
function choose(environments: Environment[], env: InlineSelector, where: Where): Environment {
  if (environments.length === 1) return environments[0]!;
  const quoted = (e: Environment) => `'${e.metadata.name}'`;
  const names = environments.map(quoted).join(', ');
  const hint = (candidates: Environment[]) =>
    `choose one with 'kf env set ${env.name} --tanka-environment NAME', NAME one of ${candidates.map(quoted).join(', ')}`;
  const fail = (why: string, candidates: Environment[]): never => {
    throw new UserError(
      `component '${where.component}' returns ${environments.length} Tanka environments (${names}) and ${why}`,
      { location: { file: where.file }, hint: hint(candidates) },
    );
  };
  if (env.tankaEnvironment !== undefined) {
    const named = environments.filter((e) => e.metadata.name === env.tankaEnvironment);
    if (named.length === 1) return named[0]!;
    return fail(
      named.length === 0
        ? `none is named '${env.tankaEnvironment}' (the tankaEnvironment of environment '${env.name}')`
        : `${named.length} are named '${env.tankaEnvironment}'`,
      environments,
    );
  }
  const context = env.context;
  const byContext =
    context === undefined
      ? []
      : environments.filter((e) => e.spec.contextNames.some((n) => contextMatches(n, context, e, where)));
  if (byContext.length === 1) return byContext[0]!;
  if (byContext.length > 1)
    return fail(`${byContext.length} list context '${context}' in spec.contextNames`, byContext);
  const server = env.server;
  const byServer =
    server === undefined
      ? []
      : environments.filter((e) => e.spec.apiServer !== '' && sameServer(e.spec.apiServer, server));
  if (byServer.length === 1) return byServer[0]!;
  if (byServer.length > 1) return fail(`${byServer.length} have spec.apiServer ${server}`, byServer);
  const bound = [
    context === undefined ? 'no context' : `context '${context}'`,
    server === undefined ? 'no server' : `server ${server}`,
  ].join(' and ');
  return fail(
    `environment '${env.name}' (${bound}) names none of them: no tankaEnvironment, and no spec.contextNames or spec.apiServer matches`,
    environments,
  );
}

/** Tanka finds a context by `^name$` as a Go regular expression. */
function contextMatches(pattern: string, context: string, env: Environment, where: Where): boolean {
  try {
    return goMatch(`^${pattern}$`, context);
  } catch (error) {
    throw new UserError(
      `component '${where.component}': Tanka environment '${env.metadata.name}' has contextNames entry ${JSON.stringify(pattern)}, not a valid regular expression: ${(error as Error).message}`,
      { location: { file: where.file } },
    );
  }
}

// --- the tanka.dev/environment label ---------------------------------------------------------------

/**
 * Tanka's Environment.NameLabel: the first 48 hex digits of the SHA-256 of the fields named by
 * spec.tankaEnvLabelFromFields (default .metadata.name and .metadata.namespace) joined by ':',
 * looked up in the Environment as Tanka's struct holds it: every field there, defaults included,
 * by its JSON name; a label by its key. A field the struct does not have, or one that is not a
 * string, number or boolean, is an error (Tanka panics or fails on it).
 */
function environmentLabel(env: Environment, where: Where): string {
  const given = env.spec.tankaEnvLabelFromFields;
  const fields = given.length > 0 ? given : ['.metadata.name', '.metadata.namespace'];
  const values = fields.map((field) => {
    const fail = (what: string): never => {
      throw new UserError(
        `component '${where.component}': Tanka environment '${env.metadata.name}' labels by ${field} (spec.tankaEnvLabelFromFields), ${what}`,
        { location: { file: where.file } },
      );
    };
    let value: unknown = env;
    let type: GoType = ENVIRONMENT_TYPE;
    for (const key of field.replace(/^\./, '').split('.')) {
      if (type === 'stringMap') {
        value = Object.hasOwn(value as object, key) ? (value as Record<string, string>)[key] : '';
        type = 'string';
      } else if (typeof type === 'object' && Object.hasOwn(type, key) && key !== 'data') {
        value = (value as Record<string, unknown>)[key];
        type = type[key]!;
      } else {
        return fail(
          typeof type === 'object'
            ? "a field Tanka's Environment does not have"
            : 'inside a value that is not an object',
        );
      }
    }
    if (type === 'string' || type === 'bool') return String(value);
    return fail('which is not a string, number or boolean');
  });
  return createHash('sha256').update(values.join(':')).digest('hex').slice(0, 48);
}

/**
 * The file `tk show` would have been given: what a component that is one `import` reads, else the
 * component. Only a file that starts with `import` or `(` (after comments) is parsed to tell.
 */
function tankaEntrypoint(file: string, engine: Engine): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return file;
  }
  if (!startsLikeImport(text)) return file;
  let node: Node;
  try {
    node = parse(text, file);
  } catch {
    return file; // a YAML or JSON component
  }
  while (node.type === 'Parens') node = node.inner;
  if (node.type !== 'Import' || node.kind !== 'import') return file;
  return engine.importedFile(file, node.path) ?? file;
}

/** Whether `text` starts with `import` or `(`, after whitespace and comments. */
function startsLikeImport(text: string): boolean {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('//', i) || text[i] === '#') {
      const end = text.indexOf('\n', i);
      if (end < 0) return false;
      i = end + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else {
      return text[i] === '(' || /^import\b/.test(text.slice(i, i + 7));
    }
  }
}

/** The entrypoint relative to Tanka's root: an environment's metadata.namespace. */
function entrypointFromRoot(entrypoint: string, context: TankaContext): string {
  return relative(tankaRoot(dirname(entrypoint), context.root), entrypoint);
}

/** Tanka's jpath.FindRoot: the nearest folder up holding tkrc.yaml, else jsonnetfile.json. */
function tankaRoot(dir: string, fallback: string): string {
  return findUp(dir, 'tkrc.yaml') ?? findUp(dir, 'jsonnetfile.json') ?? fallback;
}

function findUp(dir: string, file: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, file))) return current;
    if (dirname(current) === current) return undefined;
  }
}
