// Finds the registries shipped inside kf (`registry/<name>` next to kf's package.json), whether kf
// runs from dist/ or from src/ under tsx.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/package-root.js';

export function kfVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function builtinRegistryDir(name: string): string {
  return join(packageRoot(), 'registry', name);
}

export function builtinRegistryNames(): string[] {
  const dir = join(packageRoot(), 'registry');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'registry.yaml')))
    .map((e) => e.name)
    .sort();
}
