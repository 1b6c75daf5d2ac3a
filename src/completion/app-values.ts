// The names completion offers, read from the app around the working directory. Never touches the
// network (git and https registries are skipped) and never fails: a broken app completes nothing.
import { loadAppIfAny, type App } from '../app/app.js';
import { findAppPrototype, listPrototypes, shortName } from '../app/prototypes.js';
import { builtinRegistryNames } from '../registry/builtin.js';
import { loadRegistry } from '../registry/load-registry.js';
import { parseRegistryUri } from '../registry/registry-uri.js';
import type { CompletionData, ValueKind } from './complete.js';

export async function appCompletionData(cwd: string = process.cwd()): Promise<CompletionData> {
  const app = quietly(() => loadAppIfAny(cwd), undefined);
  // Local registries are read up front (loadRegistry is async); complete() itself stays synchronous.
  const available = app === undefined ? [] : await localPackages(app);
  return {
    values(kind: ValueKind): string[] {
      switch (kind) {
        case 'environment':
          return Object.keys(app?.spec.environments ?? {});
        case 'component':
          return app?.components.map((c) => c.name) ?? [];
        case 'prototype':
          return quietly(() => listPrototypes(app).map(shortName), []);
        case 'installed-package':
          return Object.values(app?.spec.libraries ?? {}).map((l) => `${l.registry}/${l.name}`);
        case 'package':
          return available;
        case 'registry':
          return Object.keys(app?.spec.registries ?? {});
        case 'builtin-registry':
          return quietly(() => builtinRegistryNames(), []);
      }
    },
    prototypeParams(prototype: string): string[] {
      return quietly(() => findAppPrototype(app, prototype).params.map((p) => p.name), []);
    },
  };
}

async function localPackages(app: App): Promise<string[]> {
  const names: string[] = [];
  for (const [name, { uri }] of Object.entries(app.spec.registries)) {
    try {
      const kind = parseRegistryUri(uri, app.root).kind;
      if (kind !== 'builtin' && kind !== 'folder') continue;
      const registry = await loadRegistry(app.root, name, uri);
      for (const pkg of registry.index.packages) names.push(`${name}/${pkg.name}`);
    } catch {
      // an unreadable registry offers no packages
    }
  }
  return names;
}

function quietly<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
