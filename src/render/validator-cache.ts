// On-disk cache of compiled schema validators. ajv turns a schema into JavaScript; for the
// Kubernetes kinds that is most of `kf validate`'s time (a Deployment's validator, with the whole
// PodSpec behind it, takes ~250 ms to compile). ajv's standalone code of each validator is kept
// here, named after the SHA-256 of everything it is made from (ajv's version, its options, the
// schema bundle's file, the schema), so a changed schema, bundle or ajv never reads a stale entry.
// Entries are written atomically, the folder keeps its newest MAX_ENTRIES, and deleting it is always
// safe. An entry is JavaScript that kf runs, like the V8 code caches beside it: the folder is the
// user's own cache.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { kfCacheFolder } from '../jsonnet/compile-cache.js';
import { makeDirs } from '../util/make-dirs.js';

const FORMAT = 1;
const SUFFIX = '.cjs';
const MAX_ENTRIES = 400;
const requireHere = createRequire(import.meta.url);
let ajvVersion: string | undefined;

/** The folder the kf CLI uses: `$XDG_CACHE_HOME/kf/validators` (default `~/.cache/...`); none with KF_NO_COMPILE_CACHE=1. */
export function defaultValidatorCacheDir(): string | undefined {
  return kfCacheFolder('validators');
}

export class ValidatorCache {
  constructor(private readonly dir: string) {}

  /** The entry's name for a validator made from `parts` (with ajv's options among them). */
  key(parts: readonly string[]): string {
    ajvVersion ??= (requireHere('ajv/package.json') as { version: string }).version;
    const hash = createHash('sha256').update(`kf-validator ${FORMAT} ajv ${ajvVersion}`);
    for (const part of parts) hash.update('\0').update(part);
    return hash.digest('hex').slice(0, 40);
  }

  /** The cached validator, or undefined (none, or an entry that does not load). */
  load(key: string): ValidateFunction | undefined {
    let code: string;
    try {
      code = readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const module = { exports: {} as { default?: unknown } };
      // ajv's standalone code, written by kf (store) from what ajv compiled.
      new Function('require', 'module', 'exports', code)(requireHere, module, module.exports);
      const fn = module.exports.default ?? module.exports;
      return typeof fn === 'function' ? (fn as ValidateFunction) : undefined;
    } catch {
      return undefined; // damaged: compiled again and replaced
    }
  }

  /** Stores ajv's standalone code of a validator; a cache that cannot be written is only slower. */
  store(key: string, code: string): void {
    const file = this.file(key);
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      makeDirs(this.dir); // not mkdirSync's recursive mode, which never returns under /proc
      writeFileSync(temp, code);
      renameSync(temp, file);
      this.bound();
    } catch {
      try {
        unlinkSync(temp);
      } catch {
        // Never written.
      }
    }
  }

  private file(key: string): string {
    return path.join(this.dir, key + SUFFIX);
  }

  /** Keeps the newest entries (by write time) once there are more than MAX_ENTRIES. */
  private bound(): void {
    const names = readdirSync(this.dir).filter((n) => n.endsWith(SUFFIX));
    if (names.length <= MAX_ENTRIES) return;
    const entries = names.map((n) => {
      const file = path.join(this.dir, n);
      try {
        return { file, time: statSync(file).mtimeMs };
      } catch {
        return { file, time: 0 };
      }
    });
    entries.sort((a, b) => a.time - b.time);
    for (const e of entries.slice(0, entries.length - MAX_ENTRIES)) {
      try {
        unlinkSync(e.file);
      } catch {
        // Removed meanwhile by another kf.
      }
    }
  }
}
