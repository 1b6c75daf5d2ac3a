// kf.lock: the exact content of every installed package (registry URI, version, resolved git
// commit or archive hash, sha256 of the vendored files). Deterministic: keys sorted, no dates.
import { existsSync } from 'node:fs';
import { readUtf8 } from '../util/fs-error.js';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { libraryProblem } from '../app/app-names.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { isPlainObject, parseYamlFile, yamlFieldError } from './yaml-file.js';

export const LOCK_FILE = 'kf.lock';
export const LOCK_VERSION = 1;

export interface LockedPackage {
  registry: string;
  name: string;
  /** the registry's URI when the package was installed */
  uri: string;
  version: string;
  /** git commit, `sha256:` of the archive, or `kf@<version>` for built-in registries */
  resolved?: string;
  /** sha256 over the package's files (see tree.ts hashTree) */
  integrity: string;
}

export interface Lock {
  /** keyed by "<registry>/<package>" */
  packages: Record<string, LockedPackage>;
}

const HINT = 'kf.lock is written by kf; delete it and run kf pkg install --force for each package to rebuild it';

export function readLock(appRoot: string): Lock {
  const file = join(appRoot, LOCK_FILE);
  if (!existsSync(file)) return { packages: {} };
  const yaml = parseYamlFile(readUtf8(file), file, HINT);
  const data = yaml.data;
  if (!isPlainObject(data) || data.lockVersion !== LOCK_VERSION) {
    throw yamlFieldError(yaml, ['lockVersion'], `unsupported kf.lock (expected lockVersion: ${LOCK_VERSION})`, HINT);
  }
  const packages: Record<string, LockedPackage> = {};
  const raw = data.packages ?? {};
  if (!isPlainObject(raw)) throw yamlFieldError(yaml, ['packages'], 'packages must be a mapping', HINT);
  for (const [key, value] of Object.entries(raw)) {
    const ok =
      isPlainObject(value) &&
      ['registry', 'name', 'uri', 'version', 'integrity'].every((field) => typeof value[field] === 'string') &&
      (value.resolved === undefined || typeof value.resolved === 'string');
    if (!ok) throw yamlFieldError(yaml, ['packages', key], `packages.${key} is incomplete`, HINT);
    const problem = libraryProblem(key, value);
    if (problem !== undefined) throw yamlFieldError(yaml, ['packages', key], problem.replace(/^libraries\./, 'packages.'), HINT);
    packages[key] = value as unknown as LockedPackage;
  }
  return { packages };
}

export function renderLock(lock: Lock): string {
  const packages: Record<string, LockedPackage> = {};
  for (const key of Object.keys(lock.packages).sort()) {
    const p = lock.packages[key];
    packages[key] = {
      registry: p.registry,
      name: p.name,
      uri: p.uri,
      version: p.version,
      ...(p.resolved === undefined ? {} : { resolved: p.resolved }),
      integrity: p.integrity,
    };
  }
  const body = stringify({ lockVersion: LOCK_VERSION, packages }, { lineWidth: 0 });
  return `# kf.lock: exact content of installed packages. Written by kf; commit it with app.yaml and vendor/.\n${body}`;
}

export function writeLock(appRoot: string, lock: Lock): void {
  writeFileAtomic(join(appRoot, LOCK_FILE), renderLock(lock), { root: appRoot });
}
