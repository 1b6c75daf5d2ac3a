// The in-memory model of a kf app: its root directory, app.yaml and the components on disk.
// Only reads; edits go through app-file.ts, params-file.ts and the commands.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, didYouMean } from '../errors.js';
import { guardedPath } from '../util/path-guard.js';
import { appFileLocation, findAppRoot, readAppSpec, type AppSpec, type EnvironmentSpec } from './app-file.js';

export type ComponentFormat = 'jsonnet' | 'yaml' | 'json';

export interface Component {
  /** file name without extension; the key in params.libsonnet and the `kf.dev/component` label */
  name: string;
  /** absolute path of the component file */
  file: string;
  format: ComponentFormat;
}

export interface App {
  /** absolute path of the directory holding app.yaml */
  root: string;
  spec: AppSpec;
  /** components/ files, sorted by name */
  components: Component[];
}

export const COMPONENTS_DIR = 'components';
export const ENVIRONMENTS_DIR = 'environments';
export const COMPONENT_PARAMS_FILE = 'params.libsonnet';

const COMPONENT_EXTENSIONS: Record<string, ComponentFormat> = {
  '.jsonnet': 'jsonnet',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
};

/** Loads the app containing `start` (its root or any directory below it). */
export function loadApp(start: string = process.cwd()): App {
  const root = findAppRoot(start);
  const spec = readAppSpec(root);
  return { root, spec, components: listComponents(root) };
}

export function listComponents(root: string): Component[] {
  const dir = join(root, COMPONENTS_DIR);
  if (!existsSync(dir)) return [];
  const components: Component[] = [];
  const seen = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const dot = entry.name.lastIndexOf('.');
    if (dot <= 0) continue;
    const format = COMPONENT_EXTENSIONS[entry.name.slice(dot)];
    if (format === undefined) continue;
    const name = entry.name.slice(0, dot);
    const file = join(dir, entry.name);
    const clash = seen.get(name);
    if (clash !== undefined) {
      throw new UserError(`two files define component '${name}': ${clash} and ${file}`, {
        location: { file },
        hint: 'rename or remove one of them',
      });
    }
    seen.set(name, file);
    components.push({ name, file, format });
  }
  return components.sort((a, b) => compareCodePoints(a.name, b.name));
}

export function findComponent(app: App, name: string): Component {
  const component = app.components.find((c) => c.name === name);
  if (component === undefined) {
    throw new UserError(`unknown component '${name}'`, {
      hint:
        didYouMean(
          name,
          app.components.map((c) => c.name),
        ) ??
        (app.components.length === 0
          ? "the app has no components yet; create one with 'kf generate'"
          : "see 'kf component list'"),
    });
  }
  return component;
}

export function findEnvironment(app: App, name: string): EnvironmentSpec {
  const env = Object.hasOwn(app.spec.environments, name) ? app.spec.environments[name] : undefined;
  if (env === undefined) {
    const names = Object.keys(app.spec.environments);
    throw new UserError(`unknown environment '${name}'`, {
      hint:
        didYouMean(name, names) ??
        (names.length === 0 ? "add one with 'kf env add <name>'" : `environments: ${names.join(', ')}`),
    });
  }
  return env;
}

/**
 * The components environment `envName` renders: app.yaml's `components` list for it applied to
 * components/ (names: those; only `!name`s: all but those; absent: all), in the app's order. A
 * name that is no component is an error at its line, so a rename or a removal cannot silently
 * take a component out of an environment.
 */
export function environmentComponents(app: App, envName: string): Component[] {
  const list = findEnvironment(app, envName).components;
  if (list === undefined) return app.components;
  const names = new Set(app.components.map((c) => c.name));
  list.forEach((entry, index) => {
    const name = entry.replace(/^!/, '');
    if (names.has(name)) return;
    throw new UserError(`environment '${envName}' lists component '${name}', which does not exist`, {
      location: appFileLocation(app.root, ['environments', envName, 'components', index]),
      hint:
        didYouMean(name, names) ??
        `remove it from the list, or change the list with 'kf env set ${envName} --components …'`,
    });
  });
  return app.components.filter((c) => listRenders(list, c.name));
}

/**
 * The components list (for `kf env set --components`) that leaves `name` out of what `list`
 * renders; undefined when no list can (a list of `name` alone: an empty list renders everything).
 */
export function listWithout(list: string[] | undefined, name: string): string[] | undefined {
  if (list === undefined) return [`!${name}`];
  const exclusions = list.length > 0 && list.every((entry) => entry.startsWith('!'));
  if (exclusions) return list.includes(`!${name}`) ? list : [...list, `!${name}`];
  const kept = list.filter((entry) => entry !== name);
  return kept.length > 0 ? kept : undefined;
}

/** Whether an environment's components list (absent: every component) takes in the component `name`. */
export function listRenders(list: string[] | undefined, name: string): boolean {
  if (list === undefined) return true;
  const exclusions = list.length > 0 && list.every((entry) => entry.startsWith('!'));
  return exclusions ? !list.includes(`!${name}`) : list.includes(name);
}

/** Directory of an environment's files; nested names (`us-west/staging`) nest directories. */
export function environmentDir(root: string, envName: string): string {
  return guardedPath(root, [ENVIRONMENTS_DIR, envName], `environment '${envName}'`);
}

export function componentParamsFile(root: string): string {
  return join(root, COMPONENTS_DIR, COMPONENT_PARAMS_FILE);
}

/** Code-point order (not locale order), so sorting is the same on every machine. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The app around the working directory, or undefined outside any app. */
export function loadAppIfAny(start: string = process.cwd()): App | undefined {
  try {
    findAppRoot(start);
  } catch {
    return undefined;
  }
  return loadApp(start);
}
