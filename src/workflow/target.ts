// What apply, diff and delete share before touching a cluster: load the app, find the environment,
// render it (optionally some components), plan the waves, and describe the env's ApplySet parent.
import { loadApp, findEnvironment, type App } from '../app/app.js';
import { ensureAppId, type EnvironmentSpec } from '../app/app-file.js';
import {
  compileTargets,
  renderEnvironment,
  type ObjectSelector,
  type RenderOptions,
} from '../render/render.js';
import { planApply, type ApplyPlan } from '../cluster/apply-plan.js';
import type { InventoryOptions } from '../cluster/inventory.js';
import { parentName } from '../cluster/applyset.js';
import type { RenderedObject } from '../kube-object.js';
import { kfVersion } from './version.js';

/** Which environment to render, and how: the options every rendering workflow takes. */
export interface TargetOptions {
  /** app directory, or a directory inside it (default: the working directory) */
  cwd?: string;
  env: string;
  /** only these components (`-c`); every component when absent or empty */
  components?: string[];
  /** `-J`, `--ext-str`, `--ext-code`, `--tla-str`, `--tla-code`, `--allow-imports-outside-app` */
  render?: Omit<RenderOptions, 'components' | 'engine'>;
}

export interface RenderedTarget {
  app: App;
  envName: string;
  env: EnvironmentSpec;
  objects: RenderedObject[];
  plan: ApplyPlan;
  /** how it was rendered (-J, ext vars, TLAs, -c), to evaluate again for messages (render/locate.ts) */
  render?: RenderOptions;
  /** undefined when every component was rendered */
  components?: string[];
  /** which objects `-t` selected; undefined when it was not given */
  selector?: ObjectSelector;
}

/** Whether the run covers only part of the environment (`-c` or `-t`): then nothing outside it is pruned or deleted by set. */
export function isPartial(target: RenderedTarget): boolean {
  return target.components !== undefined || target.selector !== undefined;
}

export function renderTarget(options: TargetOptions): RenderedTarget {
  const app = loadApp(options.cwd);
  const env = findEnvironment(app, options.env);
  const components = options.components && options.components.length > 0 ? options.components : undefined;
  const render = { ...options.render, components };
  const objects = renderEnvironment(app, options.env, render);
  const selector = compileTargets(options.render?.targets);
  return { app, envName: options.env, env, objects, plan: planApply(objects), render, components, selector };
}

/**
 * The environment's inventory: Secret `kf-<app>-<env>-<app id>` in the environment's namespace.
 * With `assignId` (apply), an app without an id gets one in app.yaml first (`onNote` says so);
 * the `kf-<app>-<env>` Secret of its earlier applies is then its legacy set, taken over.
 */
export function inventoryFor(
  target: RenderedTarget,
  options: { assignId?: boolean; onNote?: (message: string) => void } = {},
): InventoryOptions {
  const { spec, root } = target.app;
  let id = spec.id;
  if (id === undefined && options.assignId) {
    id = ensureAppId(root).id;
    spec.id = id;
    options.onNote?.(
      `app.yaml: added id ${id}; it makes this app's inventory on clusters its own (commit it with the app)`,
    );
  }
  const ref = (name: string) => ({ kind: 'Secret' as const, name, namespace: target.env.namespace });
  return {
    parent: ref(parentName(spec.name, target.envName, id)),
    ...(id === undefined ? {} : { legacyParent: ref(parentName(spec.name, target.envName)) }),
    tooling: `kf/${kfVersion()}`,
    components: target.components,
    ...(target.selector === undefined ? {} : { selector: target.selector }),
  };
}
