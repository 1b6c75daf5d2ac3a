// Files that ship inside the kf package (prototypes/, registry/, docs/), found from the running code
// wherever kf is installed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The kf package root (its package.json names kf), from src/ under tsx or from dist/. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'kf')
          return (cachedRoot = dir);
      } catch {
        // an unreadable package.json on the way up is not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`kf's package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/**
 * Where a hint sends the user for a document of kf's (docs/<name>, `#section` kept): the absolute
 * path of the copy installed with kf, so it can be opened from any directory.
 */
export function docsFile(name: string): string {
  return join(packageRoot(), 'docs', name);
}
