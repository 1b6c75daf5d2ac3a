// Renders one environment of an app into its list of Kubernetes objects: the entry point for
// show, apply, diff, delete and export. Each step of the pipeline is a small function in ./pipeline.
import { findEnvironment, type App } from '../app/app.js';
import { createAppEngine } from '../app/jsonnet-engine.js';
import {
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

export type { KubeObject, ObjectMeta, RenderedObject } from '../kube-object.js';
export { COMPONENT_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './pipeline/labels.js';
export type { Engine } from '../jsonnet/index.js';

export interface RenderOptions {
  /** only these components (`-c`); every component when absent or empty */
  components?: string[];
  /** extra library directories searched before lib/ and vendor/ (`-J`) */
  jpath?: string[];
  /** extra ext vars given as strings (`--ext-str K=V`) */
  extVars?: Record<string, string>;
  /** extra ext vars given as Jsonnet code (`--ext-code K=V`) */
  extCode?: Record<string, string>;
  /** an engine from createAppEngine(app, { envName }) to reuse (its import cache); created when absent */
  engine?: Engine;
}

/** What components see as `std.extVar('__ksonnet/environments')`. */
export interface EnvironmentInfo {
  name: string;
  namespace: string;
  server?: string;
  context?: string;
}

export function renderEnvironment(app: App, envName: string, options: RenderOptions = {}): RenderedObject[] {
  const env = findEnvironment(app, envName);
  const selected = selectComponents(app.components, options.components);
  const engine = options.engine ?? createAppEngine(app, { envName, jpath: options.jpath });
  const params = environmentParams(app, envName, engine);
  const envInfo: EnvironmentInfo = { name: envName, namespace: env.namespace };
  if (env.server !== undefined) envInfo.server = env.server;
  if (env.context !== undefined) envInfo.context = env.context;
  const extVars: Record<string, ExtValue> = {
    ...Object.fromEntries(
      Object.entries(options.extVars ?? {}).map(([k, v]) => [k, { kind: 'string' as const, value: v }]),
    ),
    ...Object.fromEntries(
      Object.entries(options.extCode ?? {}).map(([k, v]) => [k, { kind: 'code' as const, value: v }]),
    ),
    [PARAMS_EXT_VAR]: { kind: 'code', value: JSON.stringify(params) },
    [ENVIRONMENT_EXT_VAR]: { kind: 'code', value: JSON.stringify(envInfo) },
  };

  const globalOnlyKeys = (component: string) => globalOnlyKeysOf(app, envName, engine, component);
  let values = evaluateComponents(selected, { root: app.root, engine, params, extVars, globalOnlyKeys });
  values = applyEnvironmentMain(values, { root: app.root, envName, engine, extVars });
  let objects = flattenObjects(values);
  objects = defaultNamespace(objects, env.namespace);
  objects = addLabels(objects);
  return orderObjects(objects);
}
