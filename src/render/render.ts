// Renders one environment of an app into its list of Kubernetes objects: the entry point for
// show, apply, diff, delete and export. The work is done by the small steps in ./pipeline.
import type { App } from '../app/app.js';
import type { RenderedObject } from './kube-object.js';

export type { KubeObject, ObjectMeta, RenderedObject } from './kube-object.js';
export { COMPONENT_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './kube-object.js';

export interface RenderOptions {
  /** only these components (`-c`); every component when absent or empty */
  components?: string[];
  /** extra library directories searched before lib/ and vendor/ (`-J`) */
  jpath?: string[];
  /** extra ext vars given as strings (`--ext-str K=V`) */
  extVars?: Record<string, string>;
  /** a preconfigured engine to reuse (import cache); one is created when absent */
  engine?: unknown;
}

export function renderEnvironment(app: App, envName: string, options: RenderOptions = {}): RenderedObject[] {
  void app;
  void envName;
  void options;
  throw new Error('renderEnvironment: not implemented yet');
}
