// The registries of an app (app.yaml `registries`): add, change and remove them. Adding or
// changing fetches the registry once, so a wrong URI fails here and app.yaml stays untouched.
import { isAbsolute, relative, resolve } from 'node:path';
import { didYouMean, UserError } from '../errors.js';
import { readAppSpec, updateAppFile, type AppSpec, type RegistrySpec } from '../app/app-file.js';
import { builtinRegistryNames } from './builtin.js';
import { forgetCachedRegistry, loadRegistry, type LoadedRegistry } from './load-registry.js';
import { assertRegistryName } from './names.js';
import { splitLocalArchivePath } from './registry-uri.js';

/** The app's registry `name`, or a UserError suggesting the closest name. */
export function findRegistrySpec(spec: AppSpec, name: string): RegistrySpec {
  const registry = spec.registries[name];
  if (!registry) {
    const names = Object.keys(spec.registries);
    throw new UserError(`unknown registry '${name}'`, {
      hint:
        didYouMean(name, names) ??
        (names.length > 0 ? `registries in app.yaml: ${names.join(', ')}` : `add one with 'kf registry add ${name} <uri>'`),
    });
  }
  return registry;
}

/**
 * Plain relative folder paths are given relative to the current directory but stored relative to
 * the app root (so app.yaml means the same from any sub-folder); every other URI is kept as typed.
 */
export function normalizeRegistryUri(uri: string, cwd: string, appRoot: string): string {
  const isPlainPath = !/^[a-z][a-z0-9+.-]*:/i.test(uri) && !/^[\w.-]+@[\w.-]+:/.test(uri);
  if (!isPlainPath || isAbsolute(uri)) return uri;
  // An archive's //<subdir> is kept as typed: only the path before it moves.
  const archive = splitLocalArchivePath(uri);
  const path = archive?.path ?? uri;
  const subdir = archive?.subdir ? `//${archive.subdir}` : '';
  const fromRoot = relative(appRoot, resolve(cwd, path)).split('\\').join('/');
  if (fromRoot === '') return '.';
  return `${fromRoot.startsWith('..') ? fromRoot : `./${fromRoot}`}${subdir}`;
}

export async function addRegistry(appRoot: string, name: string, uri: string | undefined, cwd: string): Promise<LoadedRegistry> {
  assertRegistryName(name);
  const spec = readAppSpec(appRoot);
  const existing = spec.registries[name];
  if (existing) {
    throw new UserError(`registry ${name} already exists (${existing.uri})`, {
      hint: `change it with 'kf registry set ${name} --uri <uri>'`,
    });
  }
  let stored: string;
  if (uri === undefined) {
    const builtins = builtinRegistryNames();
    if (!builtins.includes(name)) {
      throw new UserError(`registry ${name} needs a URI`, {
        hint: builtins.length > 0 ? `only built-in registries (${builtins.join(', ')}) can be added without one` : 'kf registry add <name> <uri>',
        exitCode: 2,
      });
    }
    stored = `builtin:${name}`;
  } else {
    stored = normalizeRegistryUri(uri, cwd, appRoot);
  }
  const loaded = await loadRegistry(appRoot, name, stored, { refresh: true });
  updateAppFile(appRoot, (doc) => doc.setIn(['registries', name], doc.createNode({ uri: stored })));
  return loaded;
}

export async function setRegistryUri(appRoot: string, name: string, uri: string, cwd: string): Promise<{ changed: boolean; loaded: LoadedRegistry }> {
  const spec = readAppSpec(appRoot);
  const current = findRegistrySpec(spec, name);
  const stored = normalizeRegistryUri(uri, cwd, appRoot);
  const loaded = await loadRegistry(appRoot, name, stored, { refresh: stored !== current.uri });
  if (stored === current.uri) return { changed: false, loaded };
  updateAppFile(appRoot, (doc) => doc.setIn(['registries', name, 'uri'], stored));
  forgetCachedRegistry(appRoot, name, current.uri);
  return { changed: true, loaded };
}

export function removeRegistry(appRoot: string, name: string): void {
  const spec = readAppSpec(appRoot);
  findRegistrySpec(spec, name);
  const installed = Object.entries(spec.libraries)
    .filter(([, library]) => library.registry === name)
    .map(([key]) => key)
    .sort();
  if (installed.length > 0) {
    throw new UserError(`registry ${name} still has installed packages: ${installed.join(', ')}`, {
      hint: `remove them first with 'kf pkg rm ${installed[0]}'`,
    });
  }
  updateAppFile(appRoot, (doc) => doc.deleteIn(['registries', name]));
  forgetCachedRegistry(appRoot, name);
}
