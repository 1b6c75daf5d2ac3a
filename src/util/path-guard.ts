// The one check every file operation on an app goes through: a path built from names kf read
// (environment names, package versions, registry names, fields of app.yaml and kf.lock) must stay
// inside its root, both as text and after following every symlink that exists on the way.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';

/** Longest file name most file systems accept, in bytes. */
const MAX_SEGMENT_BYTES = 255;
const MAX_PATH_BYTES = 4000;

/**
 * `root` joined with `segments` (each a single name, or a '/'-separated relative path), refused
 * with a UserError naming `what` when any segment is empty, '.', '..', absolute or too long, or
 * when the result (symlinks followed) is outside `root`.
 */
export function guardedPath(root: string, segments: readonly string[], what: string): string {
  const parts = segments.flatMap((s) => s.split('/'));
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..' || part.includes('\\') || part.includes('\0')) {
      throw outside(what, 'a path part is empty, "." or "..", so it could lead outside the app');
    }
    if (Buffer.byteLength(part) > MAX_SEGMENT_BYTES) {
      throw new UserError(
        `${what} is too long: '${part.slice(0, 40)}…' has ${Buffer.byteLength(part)} bytes`,
        {
          hint: `file names are limited to ${MAX_SEGMENT_BYTES} bytes; choose a shorter name`,
        },
      );
    }
  }
  const path = join(resolve(root), ...parts);
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) {
    throw new UserError(`${what} makes a path of ${Buffer.byteLength(path)} bytes`, {
      hint: 'choose a shorter name',
    });
  }
  assertInside(root, path, what);
  return path;
}

/** Refuses `path` when it, or what its deepest existing part resolves to, lies outside `root`. */
export function assertInside(root: string, path: string, what: string, rootName = 'the app'): void {
  const absolute = resolve(path);
  if (!isInside(resolve(root), absolute)) throw outside(what, `${path} is outside ${rootName}`);
  const realRoot = realpathOrSelf(root);
  const real = realpathOfExisting(absolute);
  if (!isInside(realRoot, real)) {
    throw outside(what, `a symlink on the way to ${path} leads to ${real}, outside ${rootName}`);
  }
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/** realpath of the deepest existing ancestor, with the missing rest appended. */
function realpathOfExisting(path: string): string {
  let existing = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync.native(existing), ...rest.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') return '/<symlink loop>';
      const parent = dirname(existing);
      if (parent === existing) return path;
      rest.push(existing.slice(parent.length).replace(/^[/\\]/, ''));
      existing = parent;
    }
  }
}

function outside(what: string, why: string): UserError {
  return new UserError(`${what} is refused: ${why}`, {
    hint: 'names read from app files may not point outside the app; fix the name in the file',
  });
}
