// Read-only views of registries and packages for list/describe commands. Installed packages are
// described from vendor/ (no network); others from the registry (cache, else fetched once).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { didYouMean, UserError } from '../errors.js';
import type { AppSpec, LibrarySpec } from '../app/app-file.js';
import { findRegistrySpec } from './registries.js';
import { loadRegistry, type LoadedRegistry } from './load-registry.js';
import { libraryKey, parsePackageRef } from './names.js';
import { readPackageDir, readParts, type PrototypeSummary } from './package-dir.js';
import type { QuickStart } from './parts-file.js';
import { vendorLabel, vendorPath } from './vendor.js';

export interface PackageRow {
  registry: string;
  name: string;
  version: string;
  description?: string;
  /** installed version, with its environments when scoped: "0.1.0" or "0.1.0 (dev)" */
  installed?: string;
}

export interface RegistryView {
  name: string;
  uri: string;
  kind: string;
  resolved?: string;
  description?: string;
  packages: PackageRow[];
}

export interface PackageView extends PackageRow {
  source: string;
  author?: string;
  license?: string;
  keywords: string[];
  quickStart?: QuickStart;
  prototypes: PrototypeSummary[];
}

function installedLabel(library: LibrarySpec | undefined): string | undefined {
  if (!library) return undefined;
  return library.envs ? `${library.version} (${library.envs.join(', ')})` : library.version;
}

function packageRows(spec: AppSpec, registry: LoadedRegistry): PackageRow[] {
  return registry.index.packages.map((entry) => {
    let description = entry.description;
    if (description === undefined) {
      const dir = join(registry.root, entry.path);
      if (existsSync(dir)) description = readParts(dir)?.description;
    }
    return {
      registry: registry.name,
      name: entry.name,
      version: entry.version,
      description,
      installed: installedLabel(spec.libraries[libraryKey(registry.name, entry.name)]),
    };
  });
}

export async function describeRegistry(root: string, spec: AppSpec, name: string): Promise<RegistryView> {
  const { uri } = findRegistrySpec(spec, name);
  const registry = await loadRegistry(root, name, uri);
  return {
    name,
    uri,
    kind: registry.source.kind,
    resolved: registry.resolved,
    description: registry.index.description,
    packages: packageRows(spec, registry),
  };
}

/**
 * Every package of every registry in app.yaml. A registry that cannot be read (its folder gone,
 * its host unreachable) is left out and its error added to `unreadable`, when given; without it,
 * the first such error is thrown.
 */
export async function listAvailablePackages(root: string, spec: AppSpec, unreadable?: UserError[]): Promise<PackageRow[]> {
  const rows: PackageRow[] = [];
  for (const name of Object.keys(spec.registries).sort()) {
    try {
      rows.push(...packageRows(spec, await loadRegistry(root, name, spec.registries[name].uri)));
    } catch (error) {
      if (unreadable === undefined || !(error instanceof UserError)) throw error;
      unreadable.push(error);
    }
  }
  return rows;
}

/** Installed packages only, from app.yaml: never touches the network. */
export function listInstalledPackages(spec: AppSpec): PackageRow[] {
  return Object.keys(spec.libraries)
    .sort()
    .map((key) => {
      const library = spec.libraries[key];
      return { registry: library.registry, name: library.name, version: library.version, installed: installedLabel(library) };
    });
}

export async function describePackage(root: string, spec: AppSpec, refText: string): Promise<PackageView> {
  const ref = parsePackageRef(refText);
  const key = libraryKey(ref.registry, ref.name);
  const library = spec.libraries[key];
  let dir: string;
  let source: string;
  let version: string;
  let description: string | undefined;
  if (library && (!ref.version || ref.version === library.version) && existsSync(vendorPath(root, library.registry, library.name, library.version))) {
    dir = vendorPath(root, library.registry, library.name, library.version);
    source = vendorLabel(library.registry, library.name, library.version);
    version = library.version;
  } else {
    const { uri } = findRegistrySpec(spec, ref.registry);
    const registry = await loadRegistry(root, ref.registry, uri);
    const entry = registry.index.packages.find((p) => p.name === ref.name);
    if (!entry) {
      const names = registry.index.packages.map((p) => p.name);
      throw new UserError(`registry ${ref.registry} has no package '${ref.name}'`, {
        hint: didYouMean(ref.name, names) ?? (names.length > 0 ? `packages: ${names.join(', ')}` : 'the registry is empty'),
      });
    }
    if (ref.version && ref.version !== entry.version) {
      throw new UserError(`registry ${ref.registry} offers ${key}@${entry.version}, not ${ref.version}`);
    }
    dir = join(registry.root, entry.path);
    source = `registry ${ref.registry}`;
    version = entry.version;
    description = entry.description;
  }
  const contents = readPackageDir(dir, { kind: 'package', registry: ref.registry, pkg: ref.name, version });
  const parts = contents.parts;
  return {
    registry: ref.registry,
    name: ref.name,
    version,
    description: description ?? parts?.description,
    installed: installedLabel(library),
    source,
    author: parts?.author,
    license: parts?.license,
    keywords: parts?.keywords ?? [],
    quickStart: parts?.quickStart,
    prototypes: contents.prototypes,
  };
}
