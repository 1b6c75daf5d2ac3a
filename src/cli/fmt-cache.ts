// Which file contents `kf fmt` has already found formatted, so a later run (the edit and
// pre-commit loop) skips them, as prettier's and eslint's --cache do. Content-addressed: an entry
// is named by the SHA-256 of kf's version, the formatter build, the layout options and the file's
// bytes, so any change to one of them is a miss. An entry is an empty file, made in one step
// (created or not, never half written: no temporary file and rename, which cost a cold run of 83
// files ~15 ms), and anything else under its name (a damaged entry) is ignored and replaced. The
// folder is trimmed to a bound (looked at once a day), and deleting it is always safe.
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { kfCacheFolder } from '../jsonnet/compile-cache.js';
import { defaultFormatOptions, type FormatOptions } from '../jsonnet/fmt/index.js';
import { nodeCrypto } from '../jsonnet/lazy-builtin.js';
import { makeDirs } from '../util/make-dirs.js';
import {
  formatFiles,
  jsonnetFilesIn,
  type FormatFilesOptions,
  type FormatFilesResult,
  type FormattedFile,
} from '../workflow/fmt.js';

/** Set by scripts/bundle.js (esbuild `define`): a hash of the built engine, the formatter included. */
declare const __KF_ENGINE_ID__: string | undefined;

/** Past `maxEntries` entries the oldest go, down to half as many (an entry takes a disk block). */
const MAX_ENTRIES = 20_000;
const TRIM_INTERVAL_MS = 24 * 60 * 60 * 1000;
const TRIM_MARKER = 'last-trim';

export class FormattedCache {
  private readonly prefix: string;
  private readonly pending = new Set<string>();

  /** `build` identifies the formatter (kf's version and build): entries of another are never read. */
  constructor(
    private readonly dir: string,
    build: string,
    options: Partial<FormatOptions>,
    private readonly maxEntries = MAX_ENTRIES,
  ) {
    // Every option, defaults included, in one fixed order: `--indent 2` and no flag share entries.
    const set = { ...defaultFormatOptions } as Record<string, unknown>;
    for (const [k, v] of Object.entries(options)) if (v !== undefined) set[k] = v;
    const layout = Object.keys(set)
      .sort()
      .map((k) => `${k}=${String(set[k])}`)
      .join(',');
    this.prefix = `kf-fmt\0${build}\0${layout}\0`;
  }

  /**
   * The cache of the kf CLI: `$XDG_CACHE_HOME/kf/fmt` (default `~/.cache/...`); none with
   * KF_NO_COMPILE_CACHE=1, without a home directory, or in an unbundled build (no build id).
   */
  static forCli(version: string, options: Partial<FormatOptions>): FormattedCache | undefined {
    const engineId = typeof __KF_ENGINE_ID__ === 'string' ? __KF_ENGINE_ID__ : undefined;
    const dir = kfCacheFolder('fmt');
    if (engineId === undefined || dir === undefined) return undefined;
    return new FormattedCache(dir, `${version}\0${engineId}`, options);
  }

  private key(bytes: Uint8Array): string {
    return nodeCrypto().createHash('sha256').update(this.prefix).update(bytes).digest('hex');
  }

  /** True when these bytes were found formatted, with the same build and options. */
  has(bytes: Uint8Array): boolean {
    try {
      return isEntry(path.join(this.dir, this.key(bytes)));
    } catch {
      return false;
    }
  }

  /** Remembers that these bytes are formatted (written by save()). */
  add(bytes: Uint8Array | string): void {
    this.pending.add(this.key(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes));
  }

  /** Writes the entries added; a cache that cannot be written only costs the next run its time. */
  save(): void {
    if (this.pending.size === 0) return;
    try {
      makeDirs(this.dir);
      for (const key of this.pending) makeEntry(path.join(this.dir, key));
      this.pending.clear();
      this.trimWhenDue();
    } catch {
      // Only slower.
    }
  }

  private trimWhenDue(): void {
    const marker = path.join(this.dir, TRIM_MARKER);
    try {
      if (Date.now() - statSync(marker).mtimeMs < TRIM_INTERVAL_MS) return;
      const now = new Date();
      utimesSync(marker, now, now);
    } catch {
      writeFileSync(marker, '');
    }
    const entries = readdirSync(this.dir).filter((name) => /^[0-9a-f]{64}$/.test(name));
    if (entries.length <= this.maxEntries) return;
    const dated = entries.map((name) => {
      try {
        return { name, time: statSync(path.join(this.dir, name)).mtimeMs };
      } catch {
        return { name, time: 0 };
      }
    });
    dated.sort((a, b) => b.time - a.time);
    for (const { name } of dated.slice(Math.floor(this.maxEntries / 2))) {
      try {
        unlinkSync(path.join(this.dir, name));
      } catch {
        // Gone already (another kf trimming).
      }
    }
  }
}

/**
 * formatFiles (src/workflow/fmt.ts) with a cache: a file whose bytes `cache` knows to be formatted
 * is not formatted again (it counts as unchanged); the others go to formatFiles, and what it found
 * formatted, or wrote formatted, is added. Without a cache, formatFiles itself.
 */
export function formatFilesCached(
  options: FormatFilesOptions,
  cache: FormattedCache | undefined,
): FormatFilesResult {
  if (cache === undefined) return formatFiles(options);
  const found = jsonnetFilesIn(options.paths, options.exclude);
  const results = new Map<string, FormattedFile>();
  const misses: string[] = [];
  for (const file of found) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      misses.push(file); // formatFiles reports it
      continue;
    }
    if (!cache.has(bytes)) misses.push(file);
    else if (!options.keepText) results.set(file, { path: file, changed: false });
    else {
      const text = bytes.toString('utf8');
      results.set(file, { path: file, changed: false, before: text, after: text });
    }
  }
  // The misses are named files: formatFiles does not search or exclude them again.
  const formatted =
    misses.length === 0
      ? { files: [], failures: [] }
      : formatFiles({ ...options, paths: misses, keepText: true });
  for (const file of formatted.files) {
    // The text formatFiles read (valid UTF-8, so these are its bytes), not the one read above: the
    // file may have changed in between.
    if (!file.changed) cache.add(file.before!);
    else if (!options.check) cache.add(file.after!);
    results.set(file.path, options.keepText ? file : { path: file.path, changed: file.changed });
  }
  cache.save();
  return { files: found.flatMap((file) => results.get(file) ?? []), failures: formatted.failures };
}

/** An entry: an empty file (a miss, the first run's every file, is a stat that does not throw). */
function isEntry(entry: string): boolean {
  const st = statSync(entry, { throwIfNoEntry: false });
  return st !== undefined && st.isFile() && st.size === 0;
}

/** Makes an entry (two system calls), or finds one, replacing what else has its name (a damaged entry). */
function makeEntry(entry: string): void {
  try {
    closeSync(openSync(entry, 'wx'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (isEntry(entry)) return; // made by another kf, or by an earlier run
    unlinkSync(entry);
    closeSync(openSync(entry, 'wx'));
  }
}
