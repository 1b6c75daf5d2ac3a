// Reads what a package folder offers: parts.yaml metadata and its prototypes' names and short
// descriptions. Works on a registry's copy and on a vendored copy alike.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parsePartsFile, PARTS_FILE, type PartsSpec } from './parts-file.js';
import { readPrototypeSummary, type PrototypeSummary } from './prototype-header.js';

export interface PackageContents {
  parts?: PartsSpec;
  prototypes: PrototypeSummary[];
}

export function readPackageDir(dir: string): PackageContents {
  const partsFile = join(dir, PARTS_FILE);
  const parts = existsSync(partsFile) ? parsePartsFile(readFileSync(partsFile, 'utf8'), partsFile) : undefined;
  return { parts, prototypes: readPrototypes(join(dir, 'prototypes')) };
}

function readPrototypes(dir: string): PrototypeSummary[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const found: PrototypeSummary[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.jsonnet')) {
        found.push(readPrototypeSummary(readFileSync(join(dir, path), 'utf8'), path));
      }
    }
  };
  walk('');
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
