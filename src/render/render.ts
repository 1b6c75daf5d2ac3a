// Renders one environment of an app into its list of Kubernetes objects: the entry point for
// show, apply, diff, delete and export. Each step of the pipeline is a small function in ./pipeline.
import { environmentComponents, findEnvironment, type App, type Component } from '../app/app.js';
import { createAppEngine } from '../app/jsonnet-engine.js';
import { NOT_STATIC_ENVIRONMENT, TANKA_ENVIRONMENT_EXT_VAR } from '../app/tanka-tk.js';
import {
  COMPONENTS_EXT_VAR,
  ENVIRONMENT_EXT_VAR,
  PARAMS_EXT_VAR,
  environmentParams,
  globalOnlyKeys as globalOnlyKeysOf,
} from '../app/params.js';
import type { Engine, ExtValue } from '../jsonnet/index.js';
import type { RenderedObject } from '../kube-object.js';
import { defaultNamespace } from './pipeline/default-namespace.js';
import { applyEnvironmentMain } from './pipeline/environment-main.js';
import { evaluateComponents } from './pipeline/evaluate-components.js';
import { flattenObjects } from './pipeline/flatten.js';
import { addLabels } from './pipeline/labels.js';
import { orderObjects } from './pipeline/order.js';
import { selectComponents } from './pipeline/select-components.js';
import { compileTargets, selectTargets } from './pipeline/select-targets.js';
import {
  applyTankaEnvironments,
  findStaticEnvironments,
  readTankaEnvironments,
} from './pipeline/tanka-environment.js';

export type { KubeObject, ObjectMeta, RenderedObject } from '../kube-object.js';
export { COMPONENT_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './pipeline/labels.js';
export { compileTargets, type ObjectSelector } from './pipeline/select-targets.js';
export type { Engine } from '../jsonnet/index.js';

export interface RenderOptions {
  /** only these components (`-c`); every component when absent or empty */
  components?: string[];
  /** only objects whose `<kind>/<name>` these regular expressions select (`-t`, Tanka's rules: ./pipeline/select-targets.ts) */
  targets?: string[];
  /** extra library directories searched before lib/ and vendor/ (`-J`) */
  jpath?: string[];
  /** extra ext vars given as strings (`--ext-str K=V`) */
  extVars?: Record<string, string>;
  /** extra ext vars given as Jsonnet code (`--ext-code K=V`) */
  extCode?: Record<string, string>;
  /** top-level arguments as strings (`--tla-str K=V`), for components and main.jsonnet that are functions */
  tlaVars?: Record<string, string>;
  /** top-level arguments as Jsonnet code (`--tla-code K=V`) */
  tlaCode?: Record<string, string>;
  /** let Jsonnet import files outside the app and the -J directories (`--allow-imports-outside-app`) */
  allowImportsOutsideApp?: boolean;
  /** an engine from createAppEngine(app, { envName }) to reuse (its import cache); created when absent */
  engine?: Engine;
  /** print no std.trace lines: a second render of what was rendered already (validate's check) */
  quietTraces?: boolean;
}

/** What kf's own apps' components see as `std.extVar('__ksonnet/environments')`, and every app's as `__kf/environment`. */
export interface EnvironmentInfo {
  name: string;
  namespace: string;
  server?: string;
  context?: string;
}

/** kf's own ext var: the environment with everything kf knows about it, in kf and ksonnet apps alike. */
export const KF_ENVIRONMENT_EXT_VAR = '__kf/environment';

export function renderEnvironment(app: App, envName: string, options: RenderOptions = {}): RenderedObject[] {
  const env = findEnvironment(app, envName);
  const selector = compileTargets(options.targets); // a bad expression is reported before rendering
  let objects = selectTargets(evaluateEnvironment(app, envName, options), selector);
  objects = defaultNamespace(objects, env.namespace);
  objects = addLabels(objects);
  return orderObjects(objects);
}

/**
 * The objects an environment's Jsonnet and manifests evaluate to (after main.jsonnet, flattened),
 * before kf's own normalisation (default namespace, labels, order): what go-jsonnet is compared with.
 */
export function evaluateEnvironment(
  app: App,
  envName: string,
  options: RenderOptions = {},
): RenderedObject[] {
  const { env, available, engine, params, extVars, tlas } = environmentContext(app, envName, options);
  const selected = selectComponents(available, options.components, app.components, envName);
  const globalOnlyKeys = (component: string) => globalOnlyKeysOf(app, envName, engine, component);
  // Nothing writes the app's files while it renders: each file is looked at once.
  return engine.withStableFiles(() => {
    const statics = findStaticEnvironments(selected, { root: app.root, engine });
    const ownExtVars = (component: string): Record<string, ExtValue> | undefined =>
      ownExtVarsOf(app, statics, component);
    let values = evaluateComponents(selected, {
      root: app.root,
      envName,
      engine,
      params,
      extVars,
      ownExtVars,
      tlas,
      globalOnlyKeys,
    });
    values = applyEnvironmentMain(values, { root: app.root, envName, engine, extVars, tlas });
    const tanka = readTankaEnvironments(values, {
      statics,
      root: app.root,
      engine,
      env: {
        name: envName,
        context: env.context,
        server: env.server,
        tankaEnvironment: env.tankaEnvironment,
      },
    });
    return applyTankaEnvironments(flattenObjects(tanka.values), tanka.environments);
  });
}

/** A Tanka static environment's own `tanka.dev/environment` ext var, for its component. */
export function ownExtVarsOf(
  app: App,
  statics: ReturnType<typeof findStaticEnvironments>,
  component: string,
): Record<string, ExtValue> | undefined {
  const found = statics.get(component);
  if (found === undefined || app.spec.ksonnet !== undefined) return undefined;
  return { [TANKA_ENVIRONMENT_EXT_VAR]: found.extVar };
}

/** What every component of an environment is evaluated with: the engine, params, ext vars and TLAs. */
export function environmentContext(app: App, envName: string, options: RenderOptions) {
  const env = findEnvironment(app, envName);
  const available = environmentComponents(app, envName);
  const engine =
    options.engine ??
    createAppEngine(app, {
      envName,
      jpath: options.jpath,
      allowImportsOutsideApp: options.allowImportsOutsideApp,
      ...(options.quietTraces ? { traceOut: () => {} } : {}),
    });
  const params = environmentParams(app, envName, engine);
  const envInfo: EnvironmentInfo = { name: envName, namespace: env.namespace };
  if (env.server !== undefined) envInfo.server = env.server;
  if (env.context !== undefined) envInfo.context = env.context;
  const extVars: Record<string, ExtValue> = {
    ...externalValues(options.extVars, options.extCode),
    // ksonnet passed the environment's params without `global` (it is merged into every component).
    // JSON data, not code: converted lazily, nothing to lex or parse.
    [PARAMS_EXT_VAR]: {
      kind: 'json',
      value: app.spec.ksonnet === undefined ? params : { components: params.components },
    },
    [ENVIRONMENT_EXT_VAR]: { kind: 'json', value: componentEnvironment(app, envName, envInfo) },
    [KF_ENVIRONMENT_EXT_VAR]: { kind: 'json', value: envInfo },
    // ksonnet evaluated every component inside this object; components that read it (Kubeflow's
    // `application` prototype) see the other components, evaluated lazily on access.
    [COMPONENTS_EXT_VAR]: { kind: 'code', value: componentsObjectCode(available) },
    // Tanka's `(import 'tk').env`, set as Tanka sets it (over --ext-code's): one value for every
    // component that is no static environment, so they share their imports' cache
    ...(app.spec.ksonnet === undefined ? { [TANKA_ENVIRONMENT_EXT_VAR]: NOT_STATIC_ENVIRONMENT } : {}),
  };

  const tlas = externalValues(options.tlaVars, options.tlaCode);
  return { env, available, engine, params, extVars, tlas };
}

/** `K=V` strings and `K=code` pairs as the engine's external values. */
function externalValues(
  strings: Record<string, string> | undefined,
  code: Record<string, string> | undefined,
): Record<string, ExtValue> {
  return {
    ...Object.fromEntries(
      Object.entries(strings ?? {}).map(([k, v]) => [k, { kind: 'string' as const, value: v }]),
    ),
    ...Object.fromEntries(
      Object.entries(code ?? {}).map(([k, v]) => [k, { kind: 'code' as const, value: v }]),
    ),
  };
}

/**
 * `__ksonnet/environments`: kf apps get kf's {name, namespace, server?, context?}; ksonnet apps get
 * exactly what ksonnet 0.13 passed, {server, namespace} (Kubeflow 0.4's libraries do
 * `params + env`, so any extra field would land in every object).
 */
function componentEnvironment(app: App, envName: string, envInfo: EnvironmentInfo): object {
  const ksonnetEnv = app.spec.ksonnet?.environments[envName];
  return ksonnetEnv === undefined ? envInfo : { server: ksonnetEnv.server, namespace: ksonnetEnv.namespace };
}

function componentsObjectCode(components: readonly Component[]): string {
  const fields = components.map((c) => {
    const path = JSON.stringify(c.file);
    const value =
      c.format === 'jsonnet'
        ? `import ${path}`
        : c.format === 'json'
          ? `std.parseJson(importstr ${path})`
          : `std.parseYaml(importstr ${path})`;
    return `${JSON.stringify(c.name)}: ${value}`;
  });
  return `{${fields.join(', ')}}`;
}
