// What apply, diff and delete share before touching a cluster: load the app, find the environment,
// render it (optionally some components), plan the waves, and describe the env's ApplySet parent.
import { loadApp, findEnvironment, type App } from '../app/app.js';
import type { EnvironmentSpec } from '../app/app-file.js';
import { renderEnvironment } from '../render/render.js';
import { planApply, type ApplyPlan } from './apply-plan.js';
import type { InventoryOptions } from './inventory.js';
import { parentName } from './applyset.js';
import type { KubeObject } from './kube-object.js';

export interface RenderedTarget {
  app: App;
  envName: string;
  env: EnvironmentSpec;
  objects: { component: string; object: KubeObject }[];
  plan: ApplyPlan;
  /** undefined when every component was rendered */
  components?: string[];
}

export function renderTarget(
  envName: string,
  options: { components?: string[]; cwd?: string } = {},
): RenderedTarget {
  const app = loadApp(options.cwd);
  const env = findEnvironment(app, envName);
  const components = options.components && options.components.length > 0 ? options.components : undefined;
  const objects = renderEnvironment(app, envName, { components });
  return { app, envName, env, objects, plan: planApply(objects), components };
}

/** The environment's inventory: Secret `kf-<app>-<env>` in the environment's namespace. */
export function inventoryFor(target: RenderedTarget, version: string): InventoryOptions {
  return {
    parent: {
      kind: 'Secret',
      name: parentName(target.app.spec.name, target.envName),
      namespace: target.env.namespace,
    },
    tooling: `kf/${version}`,
    components: target.components,
  };
}
