// Reads what a package folder offers: parts.yaml metadata and its prototypes' names and short
// descriptions (through the app model's prototype parser). Works on a registry's copy and on a
// vendored copy alike.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { readUtf8 } from '../util/fs-error.js';
import { join } from 'node:path';
import { parsePrototype, type PrototypeSource } from '../app/prototype.js';
import { parsePartsFile, PARTS_FILE, type PartsSpec } from './parts-file.js';

export interface PrototypeSummary {
  name: string;
  shortDescription: string;
  /** path under the package's prototypes/ folder */
  file: string;
}

export interface PackageContents {
  parts?: PartsSpec;
  prototypes: PrototypeSummary[];
}

/** parts.yaml of a package folder, or undefined when it has none; a malformed one is a UserError. */
export function readParts(dir: string): PartsSpec | undefined {
  const file = join(dir, PARTS_FILE);
  return existsSync(file) ? parsePartsFile(readUtf8(file), file) : undefined;
}

export function readPackageDir(dir: string, source: PrototypeSource): PackageContents {
  return { parts: readParts(dir), prototypes: readPrototypes(join(dir, 'prototypes'), source) };
}

function readPrototypes(dir: string, source: PrototypeSource): PrototypeSummary[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const found: PrototypeSummary[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.jsonnet')) {
        const prototype = parsePrototype(readFileSync(join(dir, path), 'utf8'), join(dir, path), source);
        found.push({ name: prototype.name, shortDescription: prototype.shortDescription, file: path });
      }
    }
  };
  walk('');
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
