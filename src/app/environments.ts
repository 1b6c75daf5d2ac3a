// Adds, changes and removes environments: the entry in app.yaml plus the environments/<env>/
// directory. Everything is checked before anything is written.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { isMap, isSeq, type Document } from 'yaml';
import { UserError, didYouMean } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ENVIRONMENTS_DIR, environmentDir, findEnvironment, type App } from './app.js';
import { updateAppFile, type EnvironmentSpec } from './app-file.js';
import { readCurrentEnv, writeCurrentEnv } from './current-env.js';
import { environmentFiles } from './scaffold.js';
import { componentListProblem, validateEnvironmentName } from './app-names.js';

export { validateEnvironmentName };

/** Adds the environment; returns its entry as written to app.yaml. */
export function addEnvironment(app: App, name: string, spec: EnvironmentSpec): EnvironmentSpec {
  validateEnvironmentName(name);
  if (spec.components !== undefined) checkComponentList(app, spec.components);
  if (Object.hasOwn(app.spec.environments, name)) {
    throw new UserError(`environment '${name}' already exists`, {
      hint: `change it with 'kf env set ${name}' or remove it with 'kf env rm ${name}'`,
    });
  }
  spec = { ...spec, ksonnetLib: spec.ksonnetLib ?? sharedKsonnetLib(app) };
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
    const entry = cleanSpec(spec);
    updateAppFile(app.root, (doc) => {
      ensureMap(doc, 'environments');
      doc.setIn(['environments', name], environmentNode(doc, entry));
    });
    return entry;
  } catch (error) {
    for (const file of created) rmSync(file, { force: true });
    removeEmptyParents(dir, join(app.root, ENVIRONMENTS_DIR));
    throw error;
  }
}

/**
 * In an app kf upgrade converted (`conventions: ksonnet`), the ksonnet-lib folder every environment
 * names, for a new one: its components import k.libsonnet as the others' do (as `ks env add` gave
 * a new environment ksonnet-lib). None when they name several or none.
 */
function sharedKsonnetLib(app: App): string | undefined {
  if (app.spec.ksonnet === undefined || app.spec.ksonnet.ksonnetFormat) return undefined;
  const folders = new Set(Object.values(app.spec.environments).map((env) => env.ksonnetLib));
  const [only] = folders;
  return folders.size === 1 ? only : undefined;
}

export interface EnvironmentChanges {
  name?: string;
  context?: string;
  server?: string;
  namespace?: string;
  /** the Tanka inline environment to render; '' removes the field */
  tankaEnvironment?: string;
  /** the components list (names, or only `!name`s); null removes it: every component */
  components?: string[] | null;
  /** the ksonnet-lib folder (relative to the app) of a ksonnet-convention app; '' removes the field */
  ksonnetLib?: string;
  /** the Kubernetes version kf validate uses; '' removes the field */
  k8sVersion?: string;
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
    ...(changes.components !== undefined ? { components: changes.components ?? undefined } : {}),
    ...(changes.ksonnetLib !== undefined ? { ksonnetLib: changes.ksonnetLib || undefined } : {}),
    ...(changes.k8sVersion !== undefined ? { k8sVersion: changes.k8sVersion || undefined } : {}),
  });
  if (changes.components) checkComponentList(app, changes.components);
  if (changes.ksonnetLib) checkKsonnetLib(app, changes.ksonnetLib);
  const oldDir = environmentDir(app.root, name);
  const newDir = environmentDir(app.root, newName);
  if (newName !== name && existsSync(oldDir)) {
    mkdirSync(dirname(newDir), { recursive: true });
    renameSync(oldDir, newDir);
  }
  try {
    updateAppFile(app.root, (doc) => {
      if (newName === name) {
        for (const [key, value] of Object.entries(spec)) {
          // a list the user wrote (block style, comments) stays as it is unless it is the change
          if (key === 'components' && changes.components === undefined) continue;
          doc.setIn(['environments', name, key], key === 'components' ? flowList(doc, value) : value);
        }
        if (changes.tankaEnvironment === '') doc.deleteIn(['environments', name, 'tankaEnvironment']);
        if (changes.ksonnetLib === '') doc.deleteIn(['environments', name, 'ksonnetLib']);
        if (changes.k8sVersion === '') doc.deleteIn(['environments', name, 'k8sVersion']);
        if (changes.components === null) doc.deleteIn(['environments', name, 'components']);
        return;
      }
      doc.deleteIn(['environments', name]);
      doc.setIn(['environments', newName], environmentNode(doc, spec));
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

/** A ksonnet-lib folder holds ksonnet's k.libsonnet and k8s.libsonnet (relative to the app). */
function checkKsonnetLib(app: App, folder: string): void {
  if (isAbsolute(folder))
    throw new UserError(`--ksonnet-lib ${folder}: give the folder relative to the app (${app.root})`, {
      exitCode: 2,
    });
  const missing = ['k.libsonnet', 'k8s.libsonnet'].filter((f) => !existsSync(join(app.root, folder, f)));
  if (missing.length > 0)
    throw new UserError(`${folder} has no ${missing.join(' or ')}`, {
      hint: 'give the folder holding ksonnet-lib (k.libsonnet and k8s.libsonnet), relative to the app, e.g. lib/ksonnet-lib/v1.9.7',
    });
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
  if (spec.components !== undefined) out.components = spec.components;
  if (spec.tankaEnvironment !== undefined) out.tankaEnvironment = spec.tankaEnvironment;
  if (spec.k8sVersion !== undefined) out.k8sVersion = spec.k8sVersion;
  if (spec.ksonnetLib !== undefined) out.ksonnetLib = spec.ksonnetLib;
  // Keep the conventional key order: context, server, namespace, components, tankaEnvironment,
  // k8sVersion, ksonnetLib.
  return Object.fromEntries(
    (
      [
        'context',
        'server',
        'namespace',
        'components',
        'tankaEnvironment',
        'k8sVersion',
        'ksonnetLib',
      ] as const
    )
      .filter((k) => out[k] !== undefined)
      .map((k) => [k, out[k]]),
  ) as unknown as EnvironmentSpec;
}

/** A components list as app.yaml shows it: on one line, `[a, b]`. */
function flowList(doc: Document, list: unknown): unknown {
  return Object.assign(doc.createNode(list), { flow: true });
}

/** An environment's entry for app.yaml, its components list (if any) on one line. */
function environmentNode(doc: Document, spec: EnvironmentSpec): unknown {
  const node = doc.createNode(spec);
  const list = isMap(node) ? node.get('components', true) : undefined;
  if (isSeq(list)) list.flow = true;
  return node;
}

/**
 * A components list typed on the command line: well formed (app-names.ts) and naming components
 * that exist, so app.yaml never gets a list that breaks every command of the environment.
 */
function checkComponentList(app: App, list: string[]): void {
  const problem = componentListProblem(list);
  if (problem !== undefined)
    throw new UserError(`--components ${problem}`, {
      hint: "e.g. --components web,db or --components '!jobs'",
      exitCode: 2,
    });
  const names = app.components.map((c) => c.name);
  for (const entry of list) {
    const name = entry.replace(/^!/, '');
    if (!names.includes(name))
      throw new UserError(`unknown component '${name}'`, {
        hint: didYouMean(name, names) ?? "see 'kf component list'",
        exitCode: 2,
      });
  }
}

function ensureMap(doc: Document, key: string): void {
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
