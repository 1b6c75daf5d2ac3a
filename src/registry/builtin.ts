// Finds the registries shipped inside kf (`registry/<name>` next to kf's package.json), whether kf
// runs from dist/ or from src/ under tsx.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

export function kfPackageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'kf') return (cachedRoot = dir);
      } catch {
        // an unreadable package.json on the way up is not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`kf's package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function kfVersion(): string {
  return (JSON.parse(readFileSync(join(kfPackageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function builtinRegistryDir(name: string): string {
  return join(kfPackageRoot(), 'registry', name);
}

export function builtinRegistryNames(): string[] {
  const dir = join(kfPackageRoot(), 'registry');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'registry.yaml')))
    .map((e) => e.name)
    .sort();
}
