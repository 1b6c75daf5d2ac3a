// `kf pkg rm`: remove a package from vendor/, app.yaml and kf.lock, unless components still use it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { didYouMean, UserError } from '../errors.js';
import { readAppSpec, updateAppFile } from '../app/app-file.js';
import { componentsUsingPackage } from './component-usage.js';
import { LOCK_FILE, readLock, writeLock } from './lockfile.js';
import { libraryKey, parsePackageRef } from './names.js';
import { unvendorPackage } from './vendor.js';

export function removePackage(appRoot: string, refText: string, options: { force?: boolean } = {}): string {
  const ref = parsePackageRef(refText);
  const key = libraryKey(ref.registry, ref.name);
  const spec = readAppSpec(appRoot);
  const library = spec.libraries[key];
  if (!library) {
    const installed = Object.keys(spec.libraries);
    throw new UserError(`package ${key} is not installed`, {
      hint: didYouMean(key, installed) ?? (installed.length > 0 ? `installed: ${installed.join(', ')}` : 'no packages are installed'),
    });
  }
  if (ref.version && ref.version !== library.version) {
    throw new UserError(`${key}@${library.version} is installed, not ${ref.version}`, { hint: `run 'kf pkg rm ${key}'` });
  }
  const users = componentsUsingPackage(appRoot, key);
  if (users.length > 0 && !options.force) {
    const names = users.map((u) => `components/${u.component}`).join(', ');
    throw new UserError(`package ${key} is used by ${names}`, {
      hint: "remove those components first ('kf component rm'), or use --force",
    });
  }
  const lock = readLock(appRoot);
  unvendorPackage(appRoot, ref.registry, ref.name);
  updateAppFile(appRoot, (doc) => doc.deleteIn(['libraries', key]));
  if (lock.packages[key] || existsSync(join(appRoot, LOCK_FILE))) {
    delete lock.packages[key];
    writeLock(appRoot, lock);
  }
  const note = users.length > 0 ? ` (${users.length} component(s) still import it)` : '';
  return `removed ${key}@${library.version}${note}`;
}
