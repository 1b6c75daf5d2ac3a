// `kf fmt`: formats Jsonnet files as go-jsonnet v0.22's jsonnetfmt does (the formatter Tanka's
// `tk fmt` runs). Folders are searched for *.jsonnet and *.libsonnet; a file that does not parse is
// reported and the others are still formatted; only files whose text changes are written.
import { isUtf8 } from 'node:buffer';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { compareCodePoints } from '../app/app.js';
import { UserError } from '../errors.js';
import { JsonnetError } from '../jsonnet/errors.js';
import { formatJsonnet, type FormatOptions } from '../jsonnet/fmt/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { fileSystemUserError, readBytes } from '../util/fs-error.js';

/** Tanka's: hidden files and folders, and vendored packages. */
export const DEFAULT_FMT_EXCLUDES = ['**/.*', '.*', '**/vendor/**', 'vendor/**'];

export interface FormatFilesOptions {
  /** Files and folders. A file named here is formatted whatever its name and the excludes. */
  paths: string[];
  /**
   * Globs (picomatch, dotfiles included) matched against each path found in a folder, relative to
   * that folder; a matching folder is not searched. Default: DEFAULT_FMT_EXCLUDES.
   */
  exclude?: string[];
  /** Compare only; write nothing. */
  check?: boolean;
  /** Keep each file's text before and after in the result (for diffs and --stdout). */
  keepText?: boolean;
  format?: Partial<FormatOptions>;
}

export interface FormattedFile {
  path: string;
  changed: boolean;
  /** Set with `keepText`. */
  before?: string;
  after?: string;
}

export interface FormatFailure {
  path: string;
  /** One or more lines, ready to print (a parse error reads `STATIC ERROR: path:line:col: …`). */
  message: string;
}

export interface FormatFilesResult {
  files: FormattedFile[];
  failures: FormatFailure[];
}

/** Formats `paths` (files and folders searched for Jsonnet files). */
export function formatFiles(options: FormatFilesOptions): FormatFilesResult {
  const files: FormattedFile[] = [];
  const failures: FormatFailure[] = [];
  for (const file of jsonnetFilesIn(options.paths, options.exclude)) {
    let before: string;
    let after: string;
    try {
      before = decodeSource(readBytes(file), file);
      after = formatJsonnet(file, before, options.format);
    } catch (error) {
      failures.push({ path: file, message: failureMessage(error) });
      continue;
    }
    const changed = before !== after;
    if (changed && !options.check) {
      // A file kf cannot write (a read-only folder) is that file's failure, as one that does not
      // parse is: the others are still formatted.
      try {
        writeFileAtomic(file, after);
      } catch (error) {
        failures.push({ path: file, message: failureMessage(error) });
        continue;
      }
    }
    files.push(options.keepText ? { path: file, changed, before, after } : { path: file, changed });
  }
  return { files, failures };
}

/**
 * The text of a Jsonnet file, which must be UTF-8: decoding other bytes would replace them with
 * U+FFFD, and writing the file back would lose them (jsonnetfmt does just that).
 */
export function decodeSource(bytes: Buffer, name: string): string {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return text;
  const bad = text.indexOf('\uFFFD');
  const line = text.slice(0, bad).split('\n').length;
  throw new UserError(`${name}:${line}: not UTF-8 text; left as it is`, {
    hint: 'Jsonnet source is UTF-8: convert the file (e.g. iconv -f latin1 -t utf-8) and run kf fmt again',
  });
}

function failureMessage(error: unknown): string {
  if (error instanceof JsonnetError) return parseErrorLine(error);
  if (error instanceof UserError) return error.format();
  throw error;
}

/**
 * The Jsonnet files that kf fmt and kf lint take from `paths`: each folder's in name order, less
 * `exclude` (default DEFAULT_FMT_EXCLUDES); named files as given; a file named twice once.
 */
export function jsonnetFilesIn(paths: readonly string[], exclude?: readonly string[]): string[] {
  const isExcluded = picomatch([...(exclude ?? DEFAULT_FMT_EXCLUDES)], { dot: true });
  const seen = new Set<string>();
  return findJsonnetFiles(paths, isExcluded).filter((file) => {
    const key = path.resolve(file);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The Jsonnet files under `paths`, each folder's in name order; named files as given. */
function findJsonnetFiles(paths: readonly string[], isExcluded: (p: string) => boolean): string[] {
  const found: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new UserError('no such file or folder', { location: { file: p }, hint: 'check the path' });
      throw fileSystemUserError(error, p) ?? error;
    }
    if (!isDir) found.push(p);
    else walk(p, '', isExcluded, found);
  }
  return found;
}

function walk(root: string, rel: string, isExcluded: (p: string) => boolean, found: string[]): void {
  const dir = rel === '' ? root : path.join(root, rel);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw fileSystemUserError(error, dir) ?? error;
  }
  entries.sort((a, b) => compareCodePoints(a.name, b.name));
  for (const entry of entries) {
    const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (isExcluded(relPath)) continue;
    // Symbolic links are not followed: they may lead out of the folder, or in a loop.
    if (entry.isDirectory()) walk(root, relPath, isExcluded, found);
    else if (entry.isFile() && /\.(jsonnet|libsonnet)$/.test(entry.name))
      found.push(path.join(root, relPath));
  }
}

/** kf fmt's line for a file that does not parse: `STATIC ERROR: path:line:col: message`. */
export function parseErrorLine(error: JsonnetError): string {
  const loc = error.location;
  return loc === undefined
    ? `STATIC ERROR: ${error.detail}`
    : `STATIC ERROR: ${loc.file}:${loc.start.line}:${loc.start.column}: ${error.detail}`;
}
