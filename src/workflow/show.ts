// `kf show` as a function: the objects an environment (default: the current one) renders, in
// render order; never touches a cluster.
import { loadApp } from '../app/app.js';
import { chooseEnvironment } from '../app/current-env.js';
import { renderEnvironment, type RenderedObject } from '../render/render.js';
import type { TargetOptions } from './target.js';

export interface ShowOptions extends Omit<TargetOptions, 'env'> {
  /** the environment; the current one (`kf env current`) when absent */
  env?: string;
}

export function show(options: ShowOptions): RenderedObject[] {
  const app = loadApp(options.cwd);
  const envName = chooseEnvironment(app.root, options.env);
  const components = options.components && options.components.length > 0 ? options.components : undefined;
  return renderEnvironment(app, envName, { ...options.render, components });
}
