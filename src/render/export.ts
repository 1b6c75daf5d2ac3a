// `kf export`: renders environments in parallel, lays every object out as its own file and
// writes the folder (or, with check, compares it with the folder: the CI drift gate).
import { findEnvironment, type App } from '../app/app.js';
import { UserError } from '../errors.js';
import { findDrift, type Drift } from './export-check.js';
import {
  checkCollisions,
  parseTemplate,
  DEFAULT_TEMPLATE,
  type ExportEntry,
  type PlannedFile,
} from './export-layout.js';
import { runJobs } from './export-parallel.js';
import type { JobResult } from './export-job.js';
import type { RenderOptions } from './render.js';
import {
  checkExportDir,
  ExportStage,
  readManifest,
  readTree,
  writeExport,
  type MergeStrategy,
} from './export-tree.js';

export interface ExportOptions {
  /** environment names; empty means every environment of the app */
  envs: string[];
  dir: string;
  template?: string;
  strategy?: MergeStrategy;
  parallelism?: number;
  /** components (`-c`), -J, ext vars, TLAs */
  render?: Omit<RenderOptions, 'engine'>;
}

export interface ExportSummary {
  envs: string[];
  /** the files written, in path order */
  files: { path: string; entry: ExportEntry }[];
}

/** Renders and lays out the files of the selected environments (nothing is written). */
export async function planExport(
  app: App,
  options: ExportOptions,
  onResult?: (result: JobResult) => void,
): Promise<{ envs: string[]; files: PlannedFile[] }> {
  const envs = selectEnvironments(app, options.envs);
  const template = options.template ?? DEFAULT_TEMPLATE;
  parseTemplate(template); // a bad template is reported before any rendering
  const results = await runJobs(
    envs.map((env) => ({
      root: app.root,
      env,
      template,
      render: options.render,
    })),
    options.parallelism,
    onResult,
  );
  const files = results.flatMap((r) => r.files ?? []);
  checkCollisions(files);
  return { envs, files };
}

/**
 * About how many files an export must have (judged from the first environment rendered) for a
 * writer thread to pay: starting one costs ~40 ms, and a few hundred files take that long to write.
 */
const BACKGROUND_WRITES = 500;

export async function exportEnvironments(app: App, options: ExportOptions): Promise<ExportSummary> {
  checkExportDir(options.dir);
  const strategy = options.strategy ?? 'fail';
  // Selected once: the streamed stage, planExport and the final write all use this list.
  const envs = selectEnvironments(app, options.envs);
  const selected = replacedEnvironments(app, options, envs, manifestIfReadable(options.dir));
  // Each environment's files are handed, as soon as it is rendered, to a thread that writes them
  // (into the temporary folder) while the others still render; a small export writes them here.
  // A refusal on the way drops that and writes the whole export afterwards, and a failed write is
  // reported once rendering is done, so errors come in the usual order: rendering, colliding
  // paths, then the folder.
  let stage: ExportStage | undefined;
  let streaming = true;
  const stop = async (): Promise<void> => {
    streaming = false;
    const dropped = stage;
    stage = undefined;
    await dropped?.discard();
  };
  let dropping: Promise<void> | undefined;
  const onResult = (result: JobResult): void => {
    if (!streaming || result.files === undefined || result.files.length === 0) return;
    try {
      stage ??= ExportStage.begin(options.dir, selected, strategy, {
        background: result.files.length * envs.length >= BACKGROUND_WRITES,
      });
      stage.add(result.files);
    } catch {
      dropping = stop();
    }
  };
  let files: PlannedFile[];
  try {
    ({ files } = await planExport(app, { ...options, envs }, onResult));
  } catch (error) {
    await (dropping ?? stop());
    throw error;
  }
  await dropping;
  if (stage !== undefined && streaming) {
    await stage.settle();
    stage.finish(files);
  } else writeExport(options.dir, files, selected, strategy);
  const written = files.map((f) => ({ path: f.path, entry: f.entry }));
  return { envs, files: written.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

export async function checkExport(
  app: App,
  options: ExportOptions,
): Promise<{ envs: string[]; drift: Drift }> {
  checkExportDir(options.dir);
  const { envs, files } = await planExport(app, options);
  const actual = readTree(options.dir);
  const manifestText = actual.get('manifest.json');
  const manifest = manifestText === undefined ? undefined : readManifest(options.dir, manifestText);
  const checked = replacedEnvironments(app, options, envs, manifest);
  return { envs, drift: findDrift(files, checked, actual, manifest) };
}

/** The folder's manifest.json; a broken one is reported when the folder is written, in its turn. */
function manifestIfReadable(dir: string): ReadonlyMap<string, ExportEntry> | undefined {
  try {
    return readManifest(dir);
  } catch {
    return undefined;
  }
}

/**
 * The environments whose files in the folder an export replaces (and --check compares): those
 * exported and, with --all, those manifest.json lists that app.yaml no longer has. --all makes the
 * folder the app's whole render, so a removed environment's files are drift, and replace-envs, the
 * command --check suggests, removes them.
 */
function replacedEnvironments(
  app: App,
  options: ExportOptions,
  envs: string[],
  manifest: ReadonlyMap<string, ExportEntry> | undefined,
): Set<string> {
  const replaced = new Set(envs);
  if (options.envs.length > 0) return replaced;
  for (const entry of manifest?.values() ?? [])
    if (!Object.hasOwn(app.spec.environments, entry.environment)) replaced.add(entry.environment);
  return replaced;
}

/** The named environments in the order given (each once), or all of them sorted. */
export function selectEnvironments(app: App, names: string[]): string[] {
  if (names.length === 0) {
    const all = Object.keys(app.spec.environments).sort();
    if (all.length === 0)
      throw new UserError('the app has no environments', { hint: "add one with 'kf env add <name>'" });
    return all;
  }
  const unique = [...new Set(names)];
  for (const name of unique) findEnvironment(app, name);
  return unique;
}
