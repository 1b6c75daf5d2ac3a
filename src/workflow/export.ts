// `kf export` as a function: write every object of the selected environments to its own file
// under a folder (GitOps), or, with `check`, compare that folder with a fresh render (the CI gate).
import { existsSync } from 'node:fs';
import { loadApp } from '../app/app.js';
import { UserError } from '../errors.js';
import { isClean, type Drift } from '../render/export-check.js';
import { checkExport, exportEnvironments as writeExport } from '../render/export.js';
import type { ExportEntry } from '../render/export-layout.js';
import { defaultParallelism } from '../render/export-parallel.js';
import type { MergeStrategy } from '../render/export-tree.js';
import type { TargetOptions } from './target.js';

export type { Drift } from '../render/export-check.js';
export type { ExportEntry } from '../render/export-layout.js';
export type { MergeStrategy } from '../render/export-tree.js';

export interface ExportOptions extends Omit<TargetOptions, 'env'> {
  /** environments to export; every one when empty */
  envs: string[];
  dir: string;
  /** file name template (default `{env}/{namespace}/{group}_{version}_{kind}_{name}.yaml`) */
  template?: string;
  /** what to do with a folder that already holds these environments (default `fail`) */
  strategy?: MergeStrategy;
  /** environments rendered at once (default: CPU count) */
  parallelism?: number;
  /** compare the folder with a fresh render instead of writing */
  check?: boolean;
}

export interface ExportResult {
  dir: string;
  envs: string[];
  check: boolean;
  /** the files written (not with `check`), in path order */
  files: { path: string; entry: ExportEntry }[];
  /** with `check`: what differs between the folder and the render */
  drift?: Drift;
  /** with `check`: the folder matches the render */
  upToDate?: boolean;
}

export async function exportEnvironments(options: ExportOptions): Promise<ExportResult> {
  const app = loadApp(options.cwd);
  // `kf export minikube gke` meant both environments, not minikube into a new folder named gke.
  if (
    options.envs.length > 0 &&
    app.spec.environments[options.dir] !== undefined &&
    !existsSync(options.dir) // written relative to the working directory, as the export writes it
  ) {
    throw new UserError(`'${options.dir}', the folder to export to, is an environment of the app`, {
      hint: `the folder comes last: kf export ${[...options.envs, options.dir].join(' ')} DIR; to write to a folder of that name, give it as ./${options.dir}`,
      exitCode: 2,
    });
  }
  const renderOptions = {
    envs: options.envs,
    dir: options.dir,
    template: options.template,
    strategy: options.strategy,
    parallelism: options.parallelism ?? defaultParallelism(),
    render: { ...options.render, components: options.components },
  };
  if (options.check) {
    const { envs, drift } = await checkExport(app, renderOptions);
    return { dir: options.dir, envs, check: true, files: [], drift, upToDate: isClean(drift) };
  }
  const { envs, files } = await writeExport(app, renderOptions);
  return { dir: options.dir, envs, check: false, files };
}
