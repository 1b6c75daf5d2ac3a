// Makes a registry's files available on disk and reads its index. Folder and builtin registries
// are read in place; git and archive registries are fetched into the app's cache
// (.kf/cache/registries/, git-ignored, safe to delete) and served from there afterwards.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { downloadArchive, extractArchive } from './archive.js';
import { builtinRegistryDir, builtinRegistryNames, kfVersion } from './builtin.js';
import { fetchGitCommit } from './git.js';
import { parseRegistryIndex, REGISTRY_FILE, type RegistryIndex } from './registry-index.js';
import { describeSource, parseRegistryUri, type RegistrySource } from './registry-uri.js';
import { docsFile } from '../util/package-root.js';

export const CACHE_DIR = join('.kf', 'cache');

export interface LoadedRegistry {
  name: string;
  uri: string;
  source: RegistrySource;
  /** folder holding registry.yaml */
  root: string;
  /** git commit, archive sha256 (`sha256:…`) or `kf@<version>`; absent for folder registries */
  resolved?: string;
  index: RegistryIndex;
}

export interface LoadOptions {
  /** fetch again even when the cache holds this registry */
  refresh?: boolean;
  /** exact content wanted (a git commit or archive sha256 from kf.lock) */
  pin?: string;
}

interface CacheMeta {
  uri: string;
  resolved: string;
}

export async function loadRegistry(appRoot: string, name: string, uri: string, options: LoadOptions = {}): Promise<LoadedRegistry> {
  const source = parseRegistryUri(uri, appRoot);
  switch (source.kind) {
    case 'builtin': {
      const dir = builtinRegistryDir(source.name);
      if (!existsSync(join(dir, REGISTRY_FILE))) {
        const known = builtinRegistryNames();
        throw new UserError(`kf ships no registry named '${source.name}'`, {
          hint: known.length > 0 ? `built-in registries: ${known.join(', ')}` : 'this kf installation has no built-in registries',
        });
      }
      return { name, uri, source, root: dir, resolved: `kf@${kfVersion()}`, index: readIndex(dir, source) };
    }
    case 'folder': {
      if (!existsSync(source.path) || !statSync(source.path).isDirectory()) {
        throw new UserError(`registry folder ${source.path} does not exist`, { hint: 'check the path given to kf registry add/set' });
      }
      return { name, uri, source, root: source.path, index: readIndex(source.path, source) };
    }
    case 'git':
    case 'archive': {
      // The index is read before the fetched copy enters the cache, so a bad registry leaves no trace.
      const { tree, resolved } = await fetchIntoCache(appRoot, name, uri, source, options, (fetched) =>
        readIndex(registryRootIn(fetched, source), source),
      );
      const root = registryRootIn(tree, source);
      return { name, uri, source, root, resolved, index: readIndex(root, source) };
    }
  }
}

function readIndex(root: string, source: RegistrySource): RegistryIndex {
  const file = join(root, REGISTRY_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`no ${REGISTRY_FILE} in ${describeSource(source)}`, {
      hint: `a registry folder needs a registry.yaml at its root; see ${docsFile('registry-format.md')}`,
    });
  }
  return parseRegistryIndex(text, file);
}

/** The folder holding registry.yaml: the sub-folder if one was named, else the top, else a single top-level folder (GitHub-style archives). */
function registryRootIn(tree: string, source: RegistrySource & { subdir: string }): string {
  const root = join(tree, source.subdir);
  if (source.subdir || existsSync(join(root, REGISTRY_FILE))) return root;
  const folders = readdirSync(tree, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== '.git');
  if (folders.length === 1 && existsSync(join(tree, folders[0].name, REGISTRY_FILE))) return join(tree, folders[0].name);
  return root;
}

function cacheFolder(appRoot: string, name: string, uri: string, pin: string | undefined): string {
  const key = createHash('sha256').update(`${uri}\n${pin ?? ''}`).digest('hex').slice(0, 16);
  return join(appRoot, CACHE_DIR, 'registries', `${name}-${key}`);
}

function ensureCacheIgnored(appRoot: string): void {
  const ignore = join(appRoot, CACHE_DIR, '.gitignore');
  if (!existsSync(ignore)) writeFileAtomic(ignore, '# kf cache: safe to delete at any time\n*\n');
}

async function fetchIntoCache(
  appRoot: string,
  name: string,
  uri: string,
  source: Extract<RegistrySource, { kind: 'git' | 'archive' }>,
  options: LoadOptions,
  validate: (tree: string) => void,
): Promise<{ tree: string; resolved: string }> {
  const folder = cacheFolder(appRoot, name, uri, options.pin);
  if (!options.refresh) {
    // A pinned request may be served by the unpinned copy when that holds the same content.
    const candidates = options.pin ? [folder, cacheFolder(appRoot, name, uri, undefined)] : [folder];
    for (const candidate of candidates) {
      const meta = readCacheMeta(candidate);
      if (meta?.uri === uri && (!options.pin || meta.resolved === options.pin)) {
        return { tree: join(candidate, 'tree'), resolved: meta.resolved };
      }
    }
  }

  const temp = join(appRoot, CACHE_DIR, 'tmp', randomBytes(6).toString('hex'));
  mkdirSync(temp, { recursive: true });
  try {
    const tree = join(temp, 'tree');
    let resolved: string;
    if (source.kind === 'git') {
      resolved = await fetchGitCommit(source.url, options.pin ?? source.ref, tree);
    } else {
      const archive = join(temp, 'registry.tar.gz');
      resolved = await downloadArchive(source.url, archive);
      if (options.pin && resolved !== options.pin) {
        throw new UserError(`registry archive ${source.url} changed since kf.lock was written (${resolved}, locked ${options.pin})`, {
          hint: 'use --force to accept the new content',
        });
      }
      await extractArchive(archive, tree, `registry archive ${source.url}`);
      rmSync(archive, { force: true });
    }
    validate(tree);
    ensureCacheIgnored(appRoot);
    writeFileAtomic(join(temp, 'meta.json'), `${JSON.stringify({ uri, resolved } satisfies CacheMeta, null, 2)}\n`);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(join(folder, '..'), { recursive: true });
    renameSync(temp, folder);
    return { tree: join(folder, 'tree'), resolved };
  } finally {
    rmSync(temp, { recursive: true, force: true });
    removeEmptyFolders(join(appRoot, CACHE_DIR, 'tmp'), join(appRoot, CACHE_DIR), join(appRoot, '.kf'));
  }
}

function removeEmptyFolders(...folders: string[]): void {
  for (const folder of folders) {
    try {
      rmdirSync(folder);
    } catch {
      return; // not empty (or already gone): stop here
    }
  }
}

function readCacheMeta(folder: string): CacheMeta | undefined {
  try {
    return JSON.parse(readFileSync(join(folder, 'meta.json'), 'utf8')) as CacheMeta;
  } catch {
    return undefined; // missing or damaged cache entries are simply fetched again
  }
}

/** Deletes the cached copies of registry `name` (only those fetched from `uri`, when given). */
export function forgetCachedRegistry(appRoot: string, name: string, uri?: string): void {
  const dir = join(appRoot, CACHE_DIR, 'registries');
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    if (!entry.startsWith(`${name}-`) || !/^[0-9a-f]{16}$/.test(entry.slice(name.length + 1))) continue;
    if (uri !== undefined && readCacheMeta(join(dir, entry))?.uri !== uri) continue;
    rmSync(join(dir, entry), { recursive: true, force: true });
  }
}
