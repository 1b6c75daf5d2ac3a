// The app's vendor/ folder: one folder per installed package, vendor/<registry>/<pkg>@<version>/.
// Packages are copied into a temporary folder inside vendor/<registry>/ and renamed into place,
// so an interrupted install never leaves a half-written package.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { guardedPath } from '../util/path-guard.js';
import { removeTree } from '../util/remove-tree.js';
import { copyTree, hashTree, scanTree, type TreeEntry } from './tree.js';

export const VENDOR_DIR = 'vendor';

export function vendorPath(appRoot: string, registry: string, name: string, version: string): string {
  return guardedPath(appRoot, [VENDOR_DIR, registry, `${name}@${version}`], `package ${registry}/${name}@${version}`);
}

/** Relative form for messages: vendor/<registry>/<pkg>@<version>. */
export function vendorLabel(registry: string, name: string, version: string): string {
  return `${VENDOR_DIR}/${registry}/${name}@${version}`;
}

/** sha256 of a vendored package folder, or undefined when it is missing. */
export function hashVendored(appRoot: string, registry: string, name: string, version: string): string | undefined {
  const dir = vendorPath(appRoot, registry, name, version);
  if (!existsSync(dir)) return undefined;
  return hashTree(dir, scanTree(dir, `${vendorLabel(registry, name, version)}`));
}

/**
 * Copies a scanned package into vendor/<registry>/<name>@<version>/, checks the copy still has
 * `integrity`, swaps it into place and removes other versions of the same package.
 */
export function vendorPackage(
  appRoot: string,
  registry: string,
  name: string,
  version: string,
  source: string,
  entries: readonly TreeEntry[],
  integrity: string,
): void {
  const registryDir = join(appRoot, VENDOR_DIR, registry);
  const target = vendorPath(appRoot, registry, name, version);
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = join(registryDir, `.tmp-${name}-${suffix}`);
  const old = join(registryDir, `.old-${name}-${suffix}`);
  mkdirSync(registryDir, { recursive: true });
  removeLeftovers(registryDir);
  try {
    copyTree(source, temp, entries);
    const copied = hashTree(temp, scanTree(temp, `package ${registry}/${name}`));
    if (copied !== integrity) throw new Error(`package ${registry}/${name} changed while it was being copied`);
    if (existsSync(target)) renameSync(target, old);
    renameSync(temp, target);
  } finally {
    removeTree(temp);
  }
  // The package is in place: an old copy that cannot be removed is left for the next install
  // (removeLeftovers), not reported as a failed install with kf.lock left unwritten.
  try {
    removeTree(old);
  } catch {
    // left for the next install
  }
  removeOtherVersions(appRoot, registry, name, version);
}

/**
 * Temporary folders of an install that was killed (kill -9, power loss) before its cleanup ran.
 * Only called under the app lock, so no running install owns them.
 */
function removeLeftovers(registryDir: string): void {
  for (const entry of readdirSync(registryDir)) {
    if (entry.startsWith('.tmp-') || entry.startsWith('.old-')) removeTree(join(registryDir, entry));
  }
}

function removeOtherVersions(appRoot: string, registry: string, name: string, keep: string | undefined): void {
  const registryDir = join(appRoot, VENDOR_DIR, registry);
  if (!existsSync(registryDir)) return;
  for (const entry of readdirSync(registryDir)) {
    if (entry.startsWith(`${name}@`) && (keep === undefined || entry !== `${name}@${keep}`)) {
      removeTree(join(registryDir, entry));
    }
  }
}

/** Removes every vendored version of a package, and vendor/<registry>/ when it ends up empty. */
export function unvendorPackage(appRoot: string, registry: string, name: string): void {
  removeOtherVersions(appRoot, registry, name, undefined);
  const registryDir = join(appRoot, VENDOR_DIR, registry);
  if (existsSync(registryDir) && readdirSync(registryDir).length === 0) rmdirSync(registryDir);
}
