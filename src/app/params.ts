// Resolves every component's parameters for an environment with ksonnet's precedence (low →
// high): component entry in components/params.libsonnet, then its `global` object (merge patch),
// then the environment's params.libsonnet overrides, then the environment's globals.libsonnet.
import { existsSync, readFileSync } from 'node:fs';
import { UserError, didYouMean } from '../errors.js';
import { componentEntryLine } from './params-file.js';
import { join, relative } from 'node:path';
import type { Engine, ExtValue } from '../jsonnet/index.js';
import { componentParamsFile, environmentDir, type App } from './app.js';
import { evaluateObjectFile } from './jsonnet-engine.js';
import { mergePatch } from './merge-patch.js';

export type ParamObject = Record<string, unknown>;

export interface ResolvedParams {
  global: ParamObject;
  /** every component of the app, with or without an entry in params.libsonnet */
  components: Record<string, ParamObject>;
}

export const PARAMS_EXT_VAR = '__ksonnet/params';
export const ENVIRONMENT_EXT_VAR = '__ksonnet/environments';
export const COMPONENTS_EXT_VAR = '__ksonnet/components';

/** components/params.libsonnet with `global` merged into each component (no environment). */
export function baseParams(app: App, engine: Engine): ResolvedParams {
  const { global, entries } = readComponentParams(app, engine);
  const components: Record<string, ParamObject> = {};
  const names = new Set([...app.components.map((c) => c.name), ...Object.keys(entries)]);
  for (const name of names) components[name] = mergePatch(asObject(entries[name]), global) as ParamObject;
  return { global, components };
}

function readComponentParams(
  app: App,
  engine: Engine,
): { global: ParamObject; entries: Record<string, unknown> } {
  const file = componentParamsFile(app.root);
  const raw = existsSync(file)
    ? evaluateObjectFile(engine, file, 'components/params.libsonnet', app.root)
    : {};
  const entries = paramsObject(raw.components, 'components', app, file);
  for (const [name, entry] of Object.entries(entries))
    paramsObject(entry, `components.${name}`, app, file, name);
  return { global: paramsObject(raw.global, 'global', app, file), entries };
}

/**
 * A params file's `global`, `components` or component entry: an object, or absent (null). Any
 * other value is the file's mistake, not an empty object: read as one, every parameter of the
 * component went missing and the error came from deep inside its prototype.
 */
function paramsObject(value: unknown, what: string, app: App, file: string, component?: string): ParamObject {
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as ParamObject;
  let line: number | undefined;
  if (component !== undefined) {
    try {
      line = componentEntryLine(readFileSync(file, 'latin1'), file, component);
    } catch {
      line = undefined;
    }
  }
  const found = Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value)}`;
  return failParams(`${what} must be an object of parameters, found ${found}`, app, file, line);
}

function failParams(message: string, app: App, file: string, line: number | undefined): never {
  throw new UserError(message, {
    location: { file: relative(app.root, file) || file, line },
    hint: "kf reads each component's parameters from an object: fix the file",
  });
}

/**
 * Keys a component received only from a global (components' `global` or the environment's
 * globals.libsonnet). YAML/JSON components leave these out of their merge patch: a global such
 * as `owner` makes sense as a Jsonnet parameter, not as a new top-level field of a manifest.
 */
export function globalOnlyKeys(app: App, envName: string, engine: Engine, component: string): Set<string> {
  const { global, entries } = readComponentParams(app, engine);
  const keys = new Set(Object.keys(global));
  for (const key of Object.keys(environmentGlobals(app, envName, engine))) keys.add(key);
  for (const key of Object.keys(asObject(entries[component]))) keys.delete(key);
  return keys;
}

/** The environment's globals.libsonnet ({} when it has none). */
function environmentGlobals(app: App, envName: string, engine: Engine): ParamObject {
  const file = join(environmentDir(app.root, envName), 'globals.libsonnet');
  if (!existsSync(file)) return {};
  return evaluateObjectFile(engine, file, `environment '${envName}' globals.libsonnet`, app.root);
}

/** The parameters every component sees in `envName`. */
export function environmentParams(app: App, envName: string, engine: Engine): ResolvedParams {
  const base = baseParams(app, engine);
  const file = join(environmentDir(app.root, envName), 'params.libsonnet');
  if (!existsSync(file)) return base;
  const extVars: Record<string, ExtValue> = {
    [PARAMS_EXT_VAR]: { kind: 'json', value: base },
  };
  const raw = evaluateObjectFile(
    engine,
    file,
    `environment '${envName}' params.libsonnet`,
    app.root,
    extVars,
  );
  const components: Record<string, ParamObject> = { ...base.components };
  for (const [name, value] of Object.entries(paramsObject(raw.components, 'components', app, file))) {
    if (!Object.hasOwn(base.components, name)) throw unknownOverride(app, envName, file, name);
    components[name] = paramsObject(value, `components.${name}`, app, file, name);
  }
  return { global: base.global, components };
}

function asObject(value: unknown): ParamObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as ParamObject) : {};
}

/**
 * An override for a component the app does not have is an error, not a silent no-op: it is a
 * typo or a leftover of a removed component, and either way the environment is not what it says.
 */
function unknownOverride(app: App, envName: string, file: string, name: string): UserError {
  let line: number | undefined;
  try {
    line = componentEntryLine(readFileSync(file, 'latin1'), file, name);
  } catch {
    line = undefined;
  }
  return new UserError(
    `environment '${envName}' overrides component '${name}', which the app does not have`,
    {
      location: { file, line },
      hint:
        didYouMean(
          name,
          app.components.map((c) => c.name),
        ) ??
        `remove the override with 'kf param delete --env ${envName} ${name} <key>' or by editing the file`,
    },
  );
}

/** Where a component parameter just set is still something else, and why. */
export interface ParamShadow {
  /** undefined: components/params.libsonnet itself (its `global` wins) */
  env?: string;
  actual: unknown;
  /** what wins, as a clause naming its file relative to the app */
  winner: string;
}

/**
 * The places where `component`'s parameter at `path` does not come out as `value` after it was
 * set: ksonnet precedence lets the `global` object, an environment's override or its globals
 * win. Without `env`, every environment is checked. An object value only has to be contained in
 * the result (an environment override merges with `+:`).
 */
export function parameterShadows(
  app: App,
  engine: Engine,
  target: { component: string; env?: string },
  path: string[],
  value: unknown,
): ParamShadow[] {
  const shadows: ParamShadow[] = [];
  const check = (params: ResolvedParams, env: string | undefined): void => {
    const actual = path.reduce<unknown>((v, k) => asObject(v)[k], params.components[target.component]);
    if (contains(actual, value)) return;
    shadows.push({ env, actual, winner: winner(app, engine, env, path[0], params) });
  };
  if (target.env !== undefined) check(environmentParams(app, target.env, engine), target.env);
  else {
    const base = baseParams(app, engine);
    check(base, undefined);
    if (shadows.length > 0) return shadows;
    for (const env of Object.keys(app.spec.environments)) check(environmentParams(app, env, engine), env);
  }
  return shadows;
}

/** Where a global parameter just set in components/params.libsonnet is still something else. */
export interface GlobalShadow {
  env: string;
  actual: unknown;
}

/**
 * The environments whose globals.libsonnet sets the global at `path` (its first key: the file's
 * object is added to every component) to something other than `value`: an environment's globals
 * win over components/params.libsonnet's (ksonnet precedence).
 */
export function globalShadows(app: App, engine: Engine, path: string[], value: unknown): GlobalShadow[] {
  return Object.keys(app.spec.environments).flatMap((env) => {
    const globals = environmentGlobals(app, env, engine);
    if (!Object.hasOwn(globals, path[0])) return [];
    const actual = path.reduce<unknown>((v, k) => asObject(v)[k], globals);
    return contains(actual, value) ? [] : [{ env, actual }];
  });
}

function winner(
  app: App,
  engine: Engine,
  env: string | undefined,
  key: string,
  params: ResolvedParams,
): string {
  if (env !== undefined && Object.hasOwn(environmentGlobals(app, env, engine), key))
    return `environments/${env}/globals.libsonnet sets ${key} for every component and wins`;
  if (Object.hasOwn(params.global, key)) return `the global ${key} in components/params.libsonnet wins`;
  return `environments/${env}/params.libsonnet overrides it`;
}

function contains(actual: unknown, want: unknown): boolean {
  if (want !== null && typeof want === 'object' && !Array.isArray(want))
    return Object.entries(want).every(([k, v]) => contains(asObject(actual)[k], v));
  return JSON.stringify(actual) === JSON.stringify(want);
}
