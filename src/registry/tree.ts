// Walks, hashes and copies package trees, refusing anything that could reach outside the tree:
// symlinks whose target leaves it, special files, and trees over the size limits.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  symlinkSync,
} from 'node:fs';
import { join, posix, relative as relativePath, sep } from 'node:path';
import { UserError } from '../errors.js';

export interface TreeLimits {
  maxFiles: number;
  maxBytes: number;
}

export const DEFAULT_LIMITS: TreeLimits = { maxFiles: 10_000, maxBytes: 200 * 1024 * 1024 };

export interface TreeEntry {
  /** POSIX path relative to the tree root */
  path: string;
  type: 'file' | 'symlink';
  size: number;
  /** symlink target as stored */
  target?: string;
}

/** True when `target`, a link stored at `linkPath` (both relative, POSIX), stays inside the root. */
export function linkStaysInside(linkPath: string, target: string): boolean {
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) return false;
  const resolved = posix.normalize(posix.join(posix.dirname(linkPath), target));
  return resolved !== '..' && !resolved.startsWith('../');
}

/**
 * Lists the files and symlinks under `root` (directories are implied; `.git` folders are skipped).
 * `label` names the tree in error messages, e.g. "package kubeflow/core".
 */
export function scanTree(root: string, label: string, limits: TreeLimits = DEFAULT_LIMITS): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const realRoot = realpathSync.native(root);
  let bytes = 0;
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(root, relative)).sort()) {
      if (name === '.git') continue;
      const path = relative === '' ? name : `${relative}/${name}`;
      const stat = lstatSync(join(root, path));
      if (stat.isDirectory()) {
        walk(path);
        continue;
      }
      if (stat.isSymbolicLink()) {
        const target = readlinkSync(join(root, path));
        if (!linkStaysInside(path, target) || !resolvesInside(realRoot, join(root, path))) {
          throw new UserError(`${label}: symlink ${path} points outside the package or nowhere (${target})`, {
            hint: 'registries may only contain links that stay inside the package folder',
          });
        }
        entries.push({ path, type: 'symlink', size: 0, target });
      } else if (stat.isFile()) {
        bytes += stat.size;
        entries.push({ path, type: 'file', size: stat.size });
      } else {
        throw new UserError(`${label}: ${path} is not a regular file, folder or symlink`, {
          hint: 'registries may only contain regular files, folders and symlinks',
        });
      }
      if (entries.length > limits.maxFiles) {
        throw new UserError(`${label} has more than ${limits.maxFiles} files`, { hint: 'packages this large are refused' });
      }
      if (bytes > limits.maxBytes) {
        throw new UserError(`${label} is larger than ${formatBytes(limits.maxBytes)}`, {
          hint: 'packages this large are refused',
        });
      }
    }
  };
  walk('');
  return entries.sort((a, b) => compare(a.path, b.path));
}

/**
 * sha256 over the tree in a canonical order: one line per entry, sorted by path (UTF-16 code
 * units), `file <sha256 of content> <path>` or `link <sha256 of target> <path>`; returns
 * `sha256:<hex>` of the concatenated lines. Modes, times and empty folders do not count.
 */
export function hashTree(root: string, entries: readonly TreeEntry[]): string {
  const whole = createHash('sha256');
  for (const entry of [...entries].sort((a, b) => compare(a.path, b.path))) {
    const content = entry.type === 'file' ? readFileSync(join(root, entry.path)) : Buffer.from(entry.target ?? '');
    const digest = createHash('sha256').update(content).digest('hex');
    whole.update(`${entry.type === 'file' ? 'file' : 'link'} ${digest} ${entry.path}\n`);
  }
  return `sha256:${whole.digest('hex')}`;
}

/** Copies scanned entries from `source` into the (new) folder `destination`. */
export function copyTree(source: string, destination: string, entries: readonly TreeEntry[]): void {
  mkdirSync(destination, { recursive: true });
  for (const entry of entries) {
    const to = join(destination, entry.path);
    mkdirSync(join(to, '..'), { recursive: true });
    if (entry.type === 'symlink') symlinkSync(entry.target ?? '', to);
    else copyFileSync(join(source, entry.path), to);
  }
}

/** Physical check: following every link on the way, `path` ends up inside `realRoot`. */
function resolvesInside(realRoot: string, path: string): boolean {
  let real: string;
  try {
    real = realpathSync.native(path);
  } catch {
    return false; // dangling or looping links are refused too
  }
  const rel = relativePath(realRoot, real);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
