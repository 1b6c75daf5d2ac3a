// `kf pkg install`: vendor a package from a registry, record it in app.yaml and kf.lock.
// With app.yaml, kf.lock and an intact vendor/ folder in agreement, nothing is fetched.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { didYouMean, UserError } from '../errors.js';
import { readAppSpec, updateAppFile, type AppSpec, type LibrarySpec } from '../app/app-file.js';
import { parseRegistryUri, type RegistrySource } from './registry-uri.js';
import { findRegistrySpec } from './registries.js';
import { loadRegistry, type LoadedRegistry, type LoadOptions } from './load-registry.js';
import { LOCK_FILE, readLock, writeLock, type Lock, type LockedPackage } from './lockfile.js';
import { libraryKey, parsePackageRef, type PackageRef } from './names.js';
import { readParts } from './package-dir.js';
import { hashTree, scanTree, type TreeEntry } from './tree.js';
import { hashVendored, vendorLabel, vendorPackage } from './vendor.js';

export interface InstallOptions {
  env?: string;
  force?: boolean;
  /** keep the package's current environment scope (used when restoring every package) */
  keepScope?: boolean;
}

export type InstallAction = 'installed' | 'restored' | 'replaced' | 'unchanged' | 'rescoped';

export interface InstallResult {
  key: string;
  version: string;
  action: InstallAction;
  message: string;
}

/** Scope after installing: undefined = every environment. A global package stays global. */
export function nextScope(current: LibrarySpec | undefined, env: string | undefined): string[] | undefined {
  if (!env) return undefined;
  if (!current) return [env];
  if (!current.envs) return undefined;
  return [...new Set([...current.envs, env])].sort();
}

function sameScope(a: string[] | undefined, b: string[] | undefined): boolean {
  return (a ?? []).join('\n') === (b ?? []).join('\n') && (a === undefined) === (b === undefined);
}

/** `actual`: the files' hash; `locked`: kf.lock's. Either may be what was edited: both are shown. */
function tamperedError(key: string, label: string, actual: string, locked: string): UserError {
  const short = (hash: string) => (hash.length > 19 ? `${hash.slice(0, 19)}…` : hash);
  return new UserError(
    `${label} differs from kf.lock: its files hash to ${short(actual)}, kf.lock says ${short(locked)}; the files or kf.lock were changed after ${key} was installed`,
    { hint: `run 'kf pkg install ${key} --force' to reinstall it from the registry` },
  );
}

/** Throws when a vendored package no longer matches kf.lock; for use by anything that reads vendor/. */
export function verifyVendored(appRoot: string, key: string, library: LibrarySpec, locked: LockedPackage | undefined): boolean {
  if (!locked || locked.version !== library.version) return false;
  const actual = hashVendored(appRoot, library.registry, library.name, library.version);
  if (actual === undefined) return false;
  if (actual !== locked.integrity) throw tamperedError(
      key,
      vendorLabel(library.registry, library.name, library.version),
      actual,
      locked.integrity,
    );
  return true;
}

type Loader = (name: string, uri: string, options: LoadOptions) => Promise<LoadedRegistry>;

/** Loads each (registry, pin, refresh) once per command, so a plan's files stay in place until applied. */
function memoLoader(appRoot: string): Loader {
  const loaded = new Map<string, Promise<LoadedRegistry>>();
  return (name, uri, options) => {
    const key = JSON.stringify([name, uri, options.pin ?? '', options.refresh ?? false]);
    let promise = loaded.get(key);
    if (!promise) loaded.set(key, (promise = loadRegistry(appRoot, name, uri, options)));
    return promise;
  };
}

/** What installing one package will do, decided (and checked) before any file is written. */
type InstallPlan =
  | { kind: 'none'; result: InstallResult }
  | { kind: 'rescope'; result: InstallResult; envs?: string[] }
  | {
      kind: 'vendor';
      result: InstallResult;
      library: LibrarySpec;
      locked: LockedPackage;
      packageDir: string;
      entries: TreeEntry[];
    };

async function planInstall(
  appRoot: string,
  spec: AppSpec,
  lock: Lock,
  refText: string,
  options: InstallOptions,
  load: Loader,
): Promise<InstallPlan> {
  const ref = parsePackageRef(refText);
  const key = libraryKey(ref.registry, ref.name);
  const existing = spec.libraries[key];
  // An installed package needs its registry only when it must be fetched; a new one needs it now.
  if (!existing) findRegistrySpec(spec, ref.registry);
  if (options.env && !spec.environments[options.env]) {
    throw new UserError(`unknown environment '${options.env}'`, {
      hint: didYouMean(options.env, Object.keys(spec.environments)) ?? "add it with 'kf env add'",
    });
  }
  const locked = lock.packages[key];
  const envs = options.keepScope ? existing?.envs : nextScope(existing, options.env);
  const scopeNote = envs ? ` (environment${envs.length > 1 ? 's' : ''} ${envs.join(', ')} only)` : '';

  if (existing && locked && locked.version !== existing.version && !options.force) {
    throw new UserError(`kf.lock records ${key}@${locked.version} but app.yaml records ${key}@${existing.version}`, {
      location: { file: join(appRoot, LOCK_FILE) },
      hint: `run 'kf pkg install ${key} --force' to install the version app.yaml names and record it in kf.lock`,
    });
  }
  if (existing && !options.force) {
    if (ref.version && ref.version !== existing.version) {
      throw new UserError(`${key}@${existing.version} is installed, not ${ref.version}`, {
        hint: `use 'kf pkg install ${key}@${ref.version} --force' to replace it`,
      });
    }
    if (verifyVendored(appRoot, key, existing, locked)) {
      const label = `${key}@${existing.version}`;
      if (sameScope(existing.envs, envs)) {
        const message = `${label} is already installed; nothing to do`;
        return { kind: 'none', result: { key, version: existing.version, action: 'unchanged', message } };
      }
      const message = `${label} is now available to ${envs ? envs.join(', ') : 'every environment'}`;
      return { kind: 'rescope', envs, result: { key, version: existing.version, action: 'rescoped', message } };
    }
  }

  const registrySpec = findRegistrySpec(spec, ref.registry);
  // Without --force, a package already in kf.lock is fetched at its locked content, so a missing
  // vendor/ folder comes back byte-for-byte (or the command fails instead of silently upgrading).
  // --force takes whatever the registry offers now, fetching it again.
  const usableLock =
    !options.force && locked && locked.uri === registrySpec.uri && (!ref.version || ref.version === locked.version)
      ? locked
      : undefined;
  const pin = usableLock?.resolved?.startsWith('kf@') ? undefined : usableLock?.resolved;
  const registry = await load(ref.registry, registrySpec.uri, { pin, refresh: options.force });
  const entry = registry.index.packages.find((p) => p.name === ref.name);
  if (!entry) {
    const names = registry.index.packages.map((p) => p.name);
    throw new UserError(`registry ${ref.registry} has no package '${ref.name}'`, {
      hint: didYouMean(ref.name, names) ?? (names.length > 0 ? `packages: ${names.join(', ')}` : 'the registry is empty'),
    });
  }
  checkVersion(ref, entry.version, existing, options.force, parseRegistryUri(registrySpec.uri, appRoot).kind);

  const packageDir = join(registry.root, entry.path);
  assertPackageFolder(registry.root, packageDir, key);
  const entries = scanTree(packageDir, `package ${key}`);
  readParts(packageDir); // refuses a malformed parts.yaml before anything is written
  const integrity = hashTree(packageDir, entries);
  if (existing && usableLock && usableLock.version === entry.version && integrity !== usableLock.integrity) {
    throw new UserError(`the registry's copy of ${key}@${entry.version} differs from kf.lock`, {
      hint: `use 'kf pkg install ${key} --force' to accept the registry's current content`,
    });
  }

  const action: InstallAction = !existing ? 'installed' : existing.version !== entry.version ? 'replaced' : 'restored';
  const verb =
    action === 'installed' ? 'installed' : action === 'replaced' ? `replaced ${key}@${existing?.version} with` : 'reinstalled';
  return {
    kind: 'vendor',
    result: {
      key,
      version: entry.version,
      action,
      message: `${verb} ${key}@${entry.version} into ${vendorLabel(ref.registry, ref.name, entry.version)}${scopeNote}`,
    },
    library: { registry: ref.registry, name: ref.name, version: entry.version, ...(envs ? { envs } : {}) },
    locked: {
      registry: ref.registry,
      name: ref.name,
      uri: registrySpec.uri,
      version: entry.version,
      ...(registry.resolved ? { resolved: registry.resolved } : {}),
      integrity,
    },
    packageDir,
    entries,
  };
}

/** Carries out checked plans: vendor folders first, then app.yaml and kf.lock once each. */
function applyPlans(appRoot: string, lock: Lock, plans: InstallPlan[]): void {
  const changes = plans.filter((plan) => plan.kind !== 'none');
  if (changes.length === 0) return;
  for (const plan of changes) {
    if (plan.kind !== 'vendor') continue;
    const { registry, name, version } = plan.library;
    vendorPackage(appRoot, registry, name, version, plan.packageDir, plan.entries, plan.locked.integrity);
  }
  updateAppFile(appRoot, (doc) => {
    for (const plan of changes) {
      if (plan.kind === 'vendor') doc.setIn(['libraries', plan.result.key], doc.createNode(plan.library));
      else if (plan.envs) doc.setIn(['libraries', plan.result.key, 'envs'], plan.envs);
      else doc.deleteIn(['libraries', plan.result.key, 'envs']);
    }
  });
  const vendored = changes.filter((plan) => plan.kind === 'vendor');
  if (vendored.length > 0) {
    for (const plan of vendored) lock.packages[plan.result.key] = plan.locked;
    writeLock(appRoot, lock);
  }
}

export async function installPackage(
  appRoot: string,
  refText: string,
  options: InstallOptions = {},
): Promise<InstallResult> {
  const lock = readLock(appRoot);
  const plan = await planInstall(appRoot, readAppSpec(appRoot), lock, refText, options, memoLoader(appRoot));
  applyPlans(appRoot, lock, [plan]);
  return plan.result;
}

/**
 * `kf pkg install` without a package: make vendor/ match app.yaml and kf.lock. Every package is
 * checked first, so one failure leaves every file as it was.
 */
export async function installAll(appRoot: string, options: { force?: boolean } = {}): Promise<InstallResult[]> {
  const spec = readAppSpec(appRoot);
  const lock = readLock(appRoot);
  const load = memoLoader(appRoot);
  const plans: InstallPlan[] = [];
  for (const key of Object.keys(spec.libraries).sort()) {
    plans.push(await planInstall(appRoot, spec, lock, key, { force: options.force, keepScope: true }, load));
  }
  applyPlans(appRoot, lock, plans);
  return plans.map((plan) => plan.result);
}

function checkVersion(
  ref: PackageRef,
  offered: string,
  existing: LibrarySpec | undefined,
  force: boolean | undefined,
  source: RegistrySource['kind'],
): void {
  const key = libraryKey(ref.registry, ref.name);
  if (ref.version && ref.version !== offered) {
    // A registry offers one version of a package: another version is another ref, folder or kf.
    const elsewhere = {
      git: `point the registry at a ref that has ${ref.version} with 'kf registry set ${ref.registry} --uri …?ref=…'`,
      builtin: `this kf ships ${key}@${offered}: install ${key} without @${ref.version}, or add a registry that has ${ref.version}`,
      folder: `point the registry at a folder that has ${ref.version} with 'kf registry set ${ref.registry} --uri …'`,
      archive: `point the registry at an archive that has ${ref.version} with 'kf registry set ${ref.registry} --uri …'`,
    }[source];
    throw new UserError(`registry ${ref.registry} offers ${key}@${offered}, not ${ref.version}`, { hint: elsewhere });
  }
  if (existing && !force && existing.version !== offered) {
    throw new UserError(`app.yaml records ${key}@${existing.version} but registry ${ref.registry} now offers ${offered}`, {
      hint: `use 'kf pkg install ${key} --force' to install ${offered}`,
    });
  }
}

function assertPackageFolder(registryRoot: string, packageDir: string, key: string): void {
  if (!existsSync(packageDir) || !statSync(packageDir).isDirectory()) {
    throw new UserError(`package ${key}: folder ${relative(registryRoot, packageDir) || '.'} named in registry.yaml does not exist`, {
      hint: 'the registry is broken; tell its owner',
    });
  }
  const inside = relative(realpathSync.native(registryRoot), realpathSync.native(packageDir));
  if (inside === '..' || inside.startsWith(`..${sep}`)) {
    throw new UserError(`package ${key}: its folder leads outside the registry`, { hint: 'the registry is broken; tell its owner' });
  }
}
