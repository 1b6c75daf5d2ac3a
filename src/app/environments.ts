// Adds, changes and removes environments: the entry in app.yaml plus the environments/<env>/
// directory. Everything is checked before anything is written.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isMap, isSeq } from 'yaml';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ENVIRONMENTS_DIR, environmentDir, findEnvironment, type App } from './app.js';
import { updateAppFile, type EnvironmentSpec } from './app-file.js';
import { readCurrentEnv, writeCurrentEnv } from './current-env.js';
import { environmentFiles } from './scaffold.js';
import { validateEnvironmentName } from './app-names.js';

export { validateEnvironmentName };

export function addEnvironment(app: App, name: string, spec: EnvironmentSpec): void {
  validateEnvironmentName(name);
  if (Object.hasOwn(app.spec.environments, name)) {
    throw new UserError(`environment '${name}' already exists`, {
      hint: `change it with 'kf env set ${name}' or remove it with 'kf env rm ${name}'`,
    });
  }
  const dir = environmentDir(app.root, name);
  const files = environmentFiles(name);
  // A file with exactly the content kf writes is a leftover of an interrupted `env add`: reused.
  const clash = Object.keys(files).find(
    (f) => existsSync(join(dir, f)) && !sameContent(join(dir, f), files[f]),
  );
  if (clash !== undefined) {
    throw new UserError(`${relative(app.root, join(dir, clash))} already exists`, {
      hint: 'remove the leftover directory or choose another name',
    });
  }
  const created: string[] = [];
  try {
    for (const [file, content] of Object.entries(files)) {
      writeFileAtomic(join(dir, file), content, { root: app.root });
      created.push(join(dir, file));
    }
    updateAppFile(app.root, (doc) => {
      ensureMap(doc, 'environments');
      doc.setIn(['environments', name], doc.createNode(cleanSpec(spec)));
    });
  } catch (error) {
    for (const file of created) rmSync(file, { force: true });
    removeEmptyParents(dir, join(app.root, ENVIRONMENTS_DIR));
    throw error;
  }
}

export interface EnvironmentChanges {
  name?: string;
  context?: string;
  server?: string;
  namespace?: string;
  /** the Tanka inline environment to render; '' removes the field */
  tankaEnvironment?: string;
}

export function updateEnvironment(app: App, name: string, changes: EnvironmentChanges): void {
  const current = findEnvironment(app, name);
  const newName = changes.name ?? name;
  if (newName !== name) {
    validateEnvironmentName(newName);
    if (Object.hasOwn(app.spec.environments, newName))
      throw new UserError(`environment '${newName}' already exists`);
    // An interrupted rename moved the folder but did not reach app.yaml: finish it.
    const resumed =
      existsSync(environmentDir(app.root, newName)) && !existsSync(environmentDir(app.root, name));
    if (existsSync(environmentDir(app.root, newName)) && !resumed) {
      throw new UserError(`${relative(app.root, environmentDir(app.root, newName))} already exists`, {
        hint: 'remove it or choose another name',
      });
    }
  }
  const spec = cleanSpec({
    ...current,
    ...(changes.context !== undefined ? { context: changes.context } : {}),
    ...(changes.server !== undefined ? { server: changes.server } : {}),
    ...(changes.namespace !== undefined ? { namespace: changes.namespace } : {}),
    ...(changes.tankaEnvironment !== undefined
      ? { tankaEnvironment: changes.tankaEnvironment || undefined }
      : {}),
  });
  const oldDir = environmentDir(app.root, name);
  const newDir = environmentDir(app.root, newName);
  if (newName !== name && existsSync(oldDir)) {
    mkdirSync(dirname(newDir), { recursive: true });
    renameSync(oldDir, newDir);
  }
  try {
    updateAppFile(app.root, (doc) => {
      if (newName === name) {
        for (const [key, value] of Object.entries(spec)) doc.setIn(['environments', name, key], value);
        if (changes.tankaEnvironment === '') doc.deleteIn(['environments', name, 'tankaEnvironment']);
        return;
      }
      doc.deleteIn(['environments', name]);
      doc.setIn(['environments', newName], doc.createNode(spec));
      // Env-scoped libraries follow the rename.
      const libraries = doc.get('libraries', true);
      if (isMap(libraries)) {
        for (const pair of libraries.items) {
          const envs = isMap(pair.value) ? pair.value.get('envs', true) : undefined;
          if (isSeq(envs)) {
            envs.items.forEach((item, i) => {
              const value = (item as { value?: unknown }).value ?? item;
              if (value === name) envs.set(i, newName);
            });
          }
        }
      }
    });
  } catch (error) {
    if (newName !== name && existsSync(newDir)) renameSync(newDir, oldDir);
    throw error;
  }
  if (newName !== name) {
    removeEmptyParents(dirname(oldDir), join(app.root, ENVIRONMENTS_DIR));
    if (readCurrentEnv(app.root) === name) writeCurrentEnv(app.root, newName);
  }
}

/** Removes the environment from app.yaml and deletes its files; never touches a cluster. */
export function removeEnvironment(app: App, name: string): void {
  findEnvironment(app, name);
  // Files first, app.yaml last: interrupted, the environment is still listed and `env rm` runs again.
  const dir = environmentDir(app.root, name);
  const nested = Object.keys(app.spec.environments)
    .filter((other) => other !== name && other.startsWith(`${name}/`))
    .map((other) => other.slice(name.length + 1).split('/')[0]);
  if (existsSync(dir)) {
    for (const entry of readdirSync(dir)) {
      if (!nested.includes(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
    }
    removeEmptyParents(dir, join(app.root, ENVIRONMENTS_DIR));
  }
  updateAppFile(app.root, (doc) => {
    doc.deleteIn(['environments', name]);
  });
  if (readCurrentEnv(app.root) === name) writeCurrentEnv(app.root, undefined);
}

function sameContent(file: string, content: string): boolean {
  try {
    return readFileSync(file, 'utf8') === content;
  } catch {
    return false;
  }
}

function cleanSpec(spec: EnvironmentSpec): EnvironmentSpec {
  const out: EnvironmentSpec = { namespace: spec.namespace };
  if (spec.context !== undefined) out.context = spec.context;
  if (spec.server !== undefined) out.server = spec.server;
  if (spec.tankaEnvironment !== undefined) out.tankaEnvironment = spec.tankaEnvironment;
  if (spec.k8sVersion !== undefined) out.k8sVersion = spec.k8sVersion;
  if (spec.ksonnetLib !== undefined) out.ksonnetLib = spec.ksonnetLib;
  // Keep the conventional key order: context, server, namespace, tankaEnvironment, k8sVersion, ksonnetLib.
  return Object.fromEntries(
    (['context', 'server', 'namespace', 'tankaEnvironment', 'k8sVersion', 'ksonnetLib'] as const)
      .filter((k) => out[k] !== undefined)
      .map((k) => [k, out[k]]),
  ) as unknown as EnvironmentSpec;
}

function ensureMap(doc: import('yaml').Document, key: string): void {
  if (!isMap(doc.get(key, true))) doc.set(key, doc.createNode({}));
}

/** Deletes `dir` and its parents while they are empty, stopping at `stop`. */
function removeEmptyParents(dir: string, stop: string): void {
  let current = dir;
  while (current.startsWith(stop) && current !== stop) {
    try {
      if (readdirSync(current).length > 0) return;
      rmdirSync(current);
    } catch {
      return;
    }
    current = dirname(current);
  }
}
