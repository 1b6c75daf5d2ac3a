// Pipeline step: Tanka inline environments as components. A component whose value holds
// `tanka.dev/v1alpha1` Environment objects (tanka-util's `tanka.environment.new`) renders as
// `tk show --name` renders the one chosen for the kf environment: that Environment's `data` is the
// component's value, and its spec is applied to the objects found there as Tanka v0.38's
// pkg/process applies it (spec.namespace as the default namespace, spec.injectLabels,
// spec.resourceDefaults). The Environment objects themselves are never emitted.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { goMatch } from '../../app/go-regexp.js';
import { UserError } from '../../errors.js';
import { parse, type Engine, type Node } from '../../jsonnet/index.js';
import type { RenderedObject } from '../../kube-object.js';
import { sameServer } from '../../util/server-url.js';
import { describe, isList, notAnObject, type ComponentValue } from './flatten.js';

const API_VERSION = 'tanka.dev/v1alpha1';
/** Tanka's process.LabelEnvironment */
const ENVIRONMENT_LABEL = 'tanka.dev/environment';

/** What of the chosen environment's spec is applied to its objects. */
export interface InlineEnvironment {
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

export interface InlineContext {
  /** the app's root: where an error's file is shown from, and Tanka's root when no tkrc.yaml or jsonnetfile.json is found */
  root: string;
  /** finds what a component's `import` reads (the Tanka environment's main.jsonnet) */
  engine: Engine;
  env: InlineSelector;
}

/**
 * Each component holding inline environments becomes the chosen one's `data`; returns the values
 * and, by component, what flattenObjects' objects of it are then given by applyInlineEnvironments.
 */
export function chooseInlineEnvironments(
  values: ComponentValue[],
  context: InlineContext,
): { values: ComponentValue[]; environments: Map<string, InlineEnvironment> } {
  const environments = new Map<string, InlineEnvironment>();
  const out = values.map((value) => {
    const found: Found = { environments: [], others: [] };
    findEnvironments(value.value, '', found);
    if (found.environments.length === 0) return value;
    const where = { component: value.component, file: relative(context.root, value.file) };
    if (found.others.length > 0) {
      const other = found.others[0]!;
      throw new UserError(
        `component '${value.component}' returns Tanka Environment objects and, at ${other.path.replace(/^\./, '') || 'its top'}, ${other.what}`,
        {
          location: { file: where.file },
          hint: "Tanka renders only an inline environment's data: move it into an Environment's data, or into a component of its own",
        },
      );
    }
    const parsed = found.environments.map((e) => readEnvironment(e.record, e.path, where));
    const chosen = choose(parsed, context.env, where);
    const spec = chosen.spec;
    environments.set(value.component, {
      name: chosen.name,
      namespace: spec.namespace,
      ...(spec.injectLabels
        ? { environmentLabel: environmentLabel(chosen, value.file, context, where) }
        : {}),
      labels: spec.resourceDefaults.labels,
      annotations: spec.resourceDefaults.annotations,
    });
    return { ...value, value: chosen.data };
  });
  return { values: out, environments };
}

/** Tanka's Namespace (its emptied-annotations rule), Label and ResourceDefaults steps, in its order. */
export function applyInlineEnvironments(
  objects: RenderedObject[],
  environments: Map<string, InlineEnvironment>,
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

function withDefaults(map: Record<string, string>, defaults: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(defaults)) if (!Object.hasOwn(map, key)) map[key] = value;
  return map;
}

function isEmpty(map: unknown): boolean {
  return map === null || (typeof map === 'object' && Object.keys(map as object).length === 0);
}

// --- finding the Environment objects ----------------------------------------------------------

interface Found {
  environments: { path: string; record: Record<string, unknown> }[];
  /** whatever else the value holds: Kubernetes objects, and values that are none */
  others: { path: string; what: string }[];
}

/** Walks `value` as flattenObjects (Tanka's extraction) does, sorting what it finds. */
function findEnvironments(value: unknown, path: string, found: Found): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => findEnvironments(item, `${path}[${i}]`, found));
    return;
  }
  if (typeof value !== 'object') {
    found.others.push({ path, what: describe(value) });
    return;
  }
  const record = value as Record<string, unknown>;
  if (notAnObject(record) !== undefined) {
    for (const key of Object.keys(record).sort())
      if (key !== '__ksonnet') findEnvironments(record[key], `${path}.${key}`, found);
    return;
  }
  if (record.apiVersion === API_VERSION && record.kind === 'Environment') {
    found.environments.push({ path, record });
    return;
  }
  if (isList(record)) {
    findEnvironments(record.items ?? [], `${path}.items`, found);
    return;
  }
  const name = (record.metadata as { name?: unknown } | null | undefined)?.name;
  found.others.push({ path, what: `a ${record.kind}${typeof name === 'string' ? ` '${name}'` : ''}` });
}

// --- reading an Environment as Tanka's spec.Parse does ------------------------------------------

interface Spec {
  namespace: string;
  apiServer?: string;
  contextNames: string[];
  injectLabels: boolean;
  tankaEnvLabelFromFields?: string[];
  resourceDefaults: { labels: Record<string, string>; annotations: Record<string, string> };
  [key: string]: unknown;
}

interface Environment {
  name: string;
  metadata: Record<string, unknown>;
  spec: Spec;
  data: unknown;
}

interface Where {
  component: string;
  /** the component's file, from the app's root */
  file: string;
}

function readEnvironment(record: Record<string, unknown>, path: string, where: Where): Environment {
  const at = path === '' ? '' : ` at ${path.replace(/^\./, '')}`;
  const fail = (what: string): never => {
    throw new UserError(`component '${where.component}': the Tanka Environment${at} ${what}`, {
      location: { file: where.file },
      hint: 'see https://tanka.dev/inline-environments',
    });
  };
  const metadata = record.metadata;
  if (!isRecord(metadata)) return fail('has no metadata');
  if (typeof metadata.name !== 'string' || metadata.name === '') return fail('has no metadata.name');
  const name = metadata.name;
  const named = (what: string) => fail(`'${name}' ${what}`);
  if (metadata.labels !== undefined && metadata.labels !== null && !isStringMap(metadata.labels))
    named('has metadata.labels that are not strings');
  const raw = record.spec ?? {};
  if (!isRecord(raw)) return named('has a spec that is not an object');
  const optional = <T>(key: string, ok: (v: unknown) => v is T, what: string): T | undefined => {
    const value = raw[key];
    if (value === undefined || value === null) return undefined;
    return ok(value) ? value : named(`has a spec.${key} that is not ${what}`);
  };
  const defaults = optional('resourceDefaults', isRecord, 'an object') ?? {};
  const defaultsOf = (key: 'labels' | 'annotations'): Record<string, string> => {
    const value = defaults[key];
    if (value === undefined || value === null) return {};
    return isStringMap(value) ? value : named(`has spec.resourceDefaults.${key} that are not strings`);
  };
  let apiServer = optional('apiServer', isString, 'a string');
  // Tanka's spec.Parse: a server without a scheme is https
  if (apiServer !== undefined && apiServer !== '' && !/^.+:\/\//.test(apiServer))
    apiServer = `https://${apiServer}`;
  const spec: Spec = {
    ...raw,
    namespace: optional('namespace', isString, 'a string') ?? 'default',
    contextNames: optional('contextNames', isStringArray, 'a list of strings') ?? [],
    injectLabels: optional('injectLabels', isBoolean, 'a boolean') ?? false,
    resourceDefaults: { labels: defaultsOf('labels'), annotations: defaultsOf('annotations') },
  };
  if (apiServer !== undefined) spec.apiServer = apiServer;
  const fields = optional('tankaEnvLabelFromFields', isStringArray, 'a list of strings');
  if (fields !== undefined) spec.tankaEnvLabelFromFields = fields;
  return { name, metadata, spec, data: record.data };
}

// --- choosing one -------------------------------------------------------------------------------

/**
 * The one environment for the kf environment: the only one; else the one app.yaml's
 * tankaEnvironment names; else those listing the kf environment's context in contextNames (Go
 * regular expressions, as Tanka matches them), else those whose apiServer is its server.
 */
function choose(environments: Environment[], env: InlineSelector, where: Where): Environment {
  if (environments.length === 1) return environments[0]!;
  const names = environments.map((e) => `'${e.name}'`).join(', ');
  const hint = (candidates: Environment[]) =>
    `choose one with 'kf env set ${env.name} --tanka-environment NAME', NAME one of ${candidates.map((e) => `'${e.name}'`).join(', ')}`;
  const fail = (why: string, candidates: Environment[]): never => {
    throw new UserError(
      `component '${where.component}' returns ${environments.length} Tanka environments (${names}) and ${why}`,
      { location: { file: where.file }, hint: hint(candidates) },
    );
  };
  if (env.tankaEnvironment !== undefined) {
    const named = environments.filter((e) => e.name === env.tankaEnvironment);
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
      : environments.filter((e) => e.spec.apiServer !== undefined && sameServer(e.spec.apiServer, server));
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
      `component '${where.component}': Tanka environment '${env.name}' has contextNames entry ${JSON.stringify(pattern)}, not a valid regular expression: ${(error as Error).message}`,
      { location: { file: where.file } },
    );
  }
}

// --- the tanka.dev/environment label ---------------------------------------------------------------

/**
 * Tanka's Environment.NameLabel: the first 48 hex digits of the SHA-256 of the fields named by
 * spec.tankaEnvLabelFromFields (default .metadata.name and .metadata.namespace) joined by ':'.
 * An inline environment's metadata.namespace is its entrypoint (the main.jsonnet `tk show` was
 * given) relative to Tanka's root: the file a component that is a bare `import` names, else the
 * component itself.
 */
function environmentLabel(
  env: Environment,
  componentFile: string,
  context: InlineContext,
  where: Where,
): string {
  const entrypoint = tankaEntrypoint(componentFile, context.engine);
  const view = {
    apiVersion: API_VERSION,
    kind: 'Environment',
    metadata: {
      ...env.metadata,
      namespace: relative(tankaRoot(dirname(entrypoint), context.root), entrypoint),
    },
    spec: env.spec,
  };
  const given = env.spec.tankaEnvLabelFromFields ?? [];
  const fields = given.length > 0 ? given : ['.metadata.name', '.metadata.namespace'];
  const values = fields.map((field) => {
    let value: unknown = view;
    for (const key of field.replace(/^\./, '').split('.')) value = isRecord(value) ? value[key] : undefined;
    if (value === undefined || value === null) return '';
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return String(value);
    throw new UserError(
      `component '${where.component}': Tanka environment '${env.name}' labels by ${field} (spec.tankaEnvLabelFromFields), which is not a string, number or boolean`,
      { location: { file: where.file } },
    );
  });
  return createHash('sha256').update(values.join(':')).digest('hex').slice(0, 48);
}

/** The file `tk show` would have been given: what a component that is one `import` reads, else the component. */
function tankaEntrypoint(file: string, engine: Engine): string {
  let node: Node;
  try {
    node = parse(readFileSync(file, 'utf8'), file);
  } catch {
    return file; // a YAML or JSON component
  }
  while (node.type === 'Parens') node = node.inner;
  if (node.type !== 'Import' || node.kind !== 'import') return file;
  return engine.importedFile(file, node.path) ?? file;
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isBoolean(value: unknown): value is boolean {
  return typeof value === 'boolean';
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isString);
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every(isString);
}
