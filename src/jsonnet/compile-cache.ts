// On-disk cache of compiled files (ir-codec.ts), so a library like ksonnet-lib's 2 MB
// k8s.libsonnet is lexed, parsed and compiled once, not on every run. An entry is for one engine
// build, display name (locations and std.thisFile carry it) and text, so a changed file or engine
// never reads a stale entry:
// - a file under 256 KiB: the entry is named after a fingerprint of the three and holds the text,
//   and it is used only when that text equals the file's, byte for byte (no node:crypto, whose
//   loading costs a small command more than the rest of the cache);
// - a larger file: the entry is named after the SHA-256 of the three (storing and comparing the
//   text would cost more than hashing it).
// Entries are written atomically (temporary file + rename) with a CRC-32 of their content (a
// damaged entry, which would fail only when a lazily decoded part is read, is never used), the
// folder is trimmed to a size bound (looked at no more than every 10 minutes), and deleting it is
// always safe.
import {
  closeSync,
  fstatSync,
  futimesSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeProgram, encodeProgram } from './ir-codec.js';
import { nodeCrypto, nodeZlib } from './lazy-builtin.js';
import type { CompiledProgram } from './static.js';

export interface CompileCacheOptions {
  /** The cache folder (created on first write). */
  dir: string;
  /** Identifies the engine build: entries of another build are never read. */
  engineId: string;
  /** Size bound of the folder in bytes (default 256 MiB); the least recently used entries go first. */
  maxBytes?: number;
  /** Files shorter than this (UTF-16 units) are compiled every time (default 1 KiB): parsing them is cheaper. */
  minLength?: number;
}

const MAGIC = 0x5249464b; // "KFIR", little-endian
const FORMAT = 5;
const HEADER = 24;
const SUFFIX = '.kfir';
/** Files of this many UTF-16 units or more are named by SHA-256 instead of holding their text. */
const HASHED_LENGTH = 256 * 1024;
/** A read entry's recency is refreshed when older than this (a write per hit would cost more). */
const RECENCY_MS = 60 * 60 * 1000;
/**
 * The folder's size is looked at no more often than this: by the first write of a process after the
 * marker file's time. Looking costs a stat per entry (~50 ms for 6,000 entries on a slow disk),
 * which every render after an edit would pay otherwise.
 */
const TRIM_INTERVAL_MS = 10 * 60 * 1000;
const TRIM_MARKER = 'last-trim';

/** Set by scripts/bundle.js (esbuild `define`): a hash of the built engine. */
declare const __KF_ENGINE_ID__: string | undefined;

/**
 * The folder `name` of the kf CLI's caches: `$XDG_CACHE_HOME/kf/<name>` (default `~/.cache/...`),
 * or none with KF_NO_COMPILE_CACHE=1 or without a home directory. (bin/run.js finds its V8 code
 * caches, `v8-code`, the same way.)
 */
export function kfCacheFolder(name: string): string | undefined {
  if (process.env.KF_NO_COMPILE_CACHE === '1') return undefined;
  try {
    return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'kf', name);
  } catch {
    return undefined; // no home directory
  }
}

/**
 * The cache the kf CLI uses: kfCacheFolder('jsonnet-compiled'), or none in an unbundled build
 * (which has no engine id).
 */
export function defaultCompileCache(): CompileCacheOptions | undefined {
  const engineId = typeof __KF_ENGINE_ID__ === 'string' ? __KF_ENGINE_ID__ : undefined;
  if (engineId === undefined) return undefined;
  const dir = kfCacheFolder('jsonnet-compiled');
  return dir === undefined ? undefined : { dir, engineId };
}

/**
 * Where a file's entry is, and the text (bytes) it must hold to be used (none: named by SHA-256);
 * `code` is the file's text (the program's locations are offsets into it).
 */
export interface CacheEntry {
  path: string;
  text: Uint8Array | undefined;
  code: string;
}

const EMPTY = new Uint8Array(0);

/**
 * A 64-bit fingerprint of strings (FNV-1a and a multiply-xorshift lane over UTF-16 units), naming
 * entries of files under 256 KiB. Of a part over 1 KiB it takes the length and every 8th unit (a
 * cold start runs this loop unoptimised). load() compares the text itself, so a collision, or an
 * edit that keeps the length and misses the sampled units, only costs a miss (the entry is rewritten).
 */
export function fingerprint(parts: readonly string[]): string {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (const part of parts) {
    const step = part.length > 1024 ? 8 : 1;
    for (let i = 0; i < part.length; i += step) {
      const c = part.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 13;
    }
    // Each part ends with its length and a mark no UTF-16 unit equals: ['ab', 'c'] and ['a', 'bc'] differ.
    for (const c of [part.length & 0xffff, part.length >>> 16, 0x10000]) {
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 13;
    }
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * `mkdir -p` as src/util/make-dirs.ts does it (the engine imports nothing of kf): not mkdirSync's
 * recursive mode, which under /proc (an XDG_CACHE_HOME there) never returns.
 */
function makeFolder(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return; // a file there fails the write
    const parent = path.dirname(dir);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === dir) throw error;
    makeFolder(parent);
    mkdirSync(dir);
  }
}

let crcTable: Int32Array | undefined;

/**
 * CRC-32 (IEEE, zlib's): node:zlib's (Node 20.15+; ~1 ms for ksonnet-lib's 2.7 MB entry), else the
 * same sum computed here, so every Node shares the entries.
 */
export function crc32(bytes: Uint8Array): number {
  const native = (nodeZlib() as { crc32?: (data: Uint8Array) => number }).crc32;
  return native !== undefined ? native(bytes) : crc32Computed(bytes);
}

/** crc32 without node:zlib's (exported for its test). */
export function crc32Computed(bytes: Uint8Array): number {
  crcTable ??= Int32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c;
  });
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

export class CompileCache {
  /** The folder is trimmed by the first write of a process (when due: TRIM_INTERVAL_MS), not on every write. */
  private trimmed = false;

  constructor(private readonly options: CompileCacheOptions) {}

  /** True when `code` is long enough to be worth caching. */
  wants(code: string): boolean {
    return code.length >= (this.options.minLength ?? 1024);
  }

  /** The entry of a file (`bytes`: its content as read, instead of the UTF-8 of `code`). */
  entryFor(displayName: string, code: string, bytes?: Uint8Array): CacheEntry {
    if (code.length >= HASHED_LENGTH) {
      const hash = nodeCrypto()
        .createHash('sha256')
        .update(this.options.engineId)
        .update('\0')
        .update(displayName)
        .update('\0')
        .update(bytes ?? code)
        .digest('hex');
      return { path: path.join(this.options.dir, hash + SUFFIX), text: undefined, code };
    }
    const name = fingerprint([this.options.engineId, displayName, code]);
    return {
      path: path.join(this.options.dir, name + SUFFIX),
      text: bytes ?? Buffer.from(code, 'utf8'),
      code,
    };
  }

  /** The cached program, or undefined when there is no (readable, well-formed, same-text) entry. */
  load(entry: CacheEntry): CompiledProgram | undefined {
    let bytes: Buffer;
    let fd: number;
    try {
      fd = openSync(entry.path, 'r');
    } catch {
      return undefined;
    }
    try {
      const st = fstatSync(fd);
      bytes = Buffer.allocUnsafe(st.size);
      let read = 0;
      while (read < st.size) {
        const n = readSync(fd, bytes, read, st.size - read, read);
        if (n === 0) break;
        read += n;
      }
      if (read < st.size) return undefined;
      if (Date.now() - st.mtimeMs > RECENCY_MS) {
        // Recency for the size bound; a read-only cache still serves.
        const now = new Date();
        try {
          futimesSync(fd, now, now);
        } catch {
          // Not ours to touch.
        }
      }
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
    if (bytes.length < HEADER) return undefined;
    const magic = bytes.readUInt32LE(0);
    const format = bytes.readUInt32LE(4);
    const textBytes = bytes.readUInt32LE(8);
    const stringBytes = bytes.readUInt32LE(12);
    const codeBytes = bytes.readUInt32LE(16);
    if (magic !== MAGIC || format !== FORMAT || HEADER + textBytes + stringBytes + codeBytes !== bytes.length)
      return undefined;
    if (crc32(bytes.subarray(HEADER)) !== bytes.readUInt32LE(20)) return undefined;
    // Another text with the same fingerprint is simply not a hit.
    const text = entry.text ?? EMPTY;
    if (
      textBytes !== text.length ||
      (textBytes > 0 && bytes.compare(text, 0, textBytes, HEADER, HEADER + textBytes) !== 0)
    )
      return undefined;
    const strings = HEADER + textBytes;
    let program: CompiledProgram;
    try {
      const table = JSON.parse(bytes.toString('utf8', strings, strings + stringBytes)) as string[];
      const code = new Uint8Array(bytes.buffer, bytes.byteOffset + strings + stringBytes, codeBytes);
      program = decodeProgram({ strings: table, code }, entry.code);
    } catch {
      return undefined;
    }
    return program;
  }

  /** Writes the entry (best effort: a cache that cannot be written is simply not used). */
  store(entry: CacheEntry, program: CompiledProgram): void {
    try {
      const { strings, code } = encodeProgram(program);
      const table = Buffer.from(JSON.stringify(strings), 'utf8');
      const header = Buffer.alloc(HEADER);
      header.writeUInt32LE(MAGIC, 0);
      header.writeUInt32LE(FORMAT, 4);
      const text = entry.text ?? EMPTY;
      header.writeUInt32LE(text.length, 8);
      header.writeUInt32LE(table.length, 12);
      header.writeUInt32LE(code.length, 16);
      const bytes = Buffer.concat([header, text, table, code]);
      bytes.writeUInt32LE(crc32(bytes.subarray(HEADER)), 20);
      const temp = `${entry.path}.${process.pid}.${Date.now()}.tmp`;
      try {
        try {
          writeFileSync(temp, bytes);
        } catch (e) {
          // The folder is made when a write finds it missing: a mkdir per entry was the costliest
          // call of a cold run's cache writes (~120 µs each on an overlay file system).
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          makeFolder(this.options.dir);
          writeFileSync(temp, bytes);
        }
        renameSync(temp, entry.path);
      } catch (e) {
        try {
          unlinkSync(temp);
        } catch {
          // Never written.
        }
        throw e;
      }
      if (!this.trimmed) {
        this.trimmed = true;
        if (this.trimDue()) this.trim();
      }
    } catch {
      // Full disk, read-only home, …: compiling again next time is correct, only slower.
    }
  }

  /** Whether the folder is due a look at its size (then the marker's time is now). */
  private trimDue(): boolean {
    const marker = path.join(this.options.dir, TRIM_MARKER);
    const now = Date.now();
    let last: number | undefined;
    try {
      last = statSync(marker).mtimeMs;
    } catch {
      last = undefined; // never trimmed
    }
    // A marker from the future (a clock set back) does not put trimming off.
    if (last !== undefined && now - last < TRIM_INTERVAL_MS && last <= now + TRIM_INTERVAL_MS) return false;
    if (last === undefined) {
      const temp = `${marker}.${process.pid}.${now}.tmp`;
      writeFileSync(temp, '');
      renameSync(temp, marker);
    } else {
      utimesSync(marker, now / 1000, now / 1000);
    }
    return true;
  }

  /** Deletes the least recently used entries while the folder exceeds its size bound. */
  private trim(): void {
    const max = this.options.maxBytes ?? 256 * 1024 * 1024;
    const entries: { file: string; size: number; used: number }[] = [];
    let total = 0;
    for (const name of readdirSync(this.options.dir)) {
      if (!name.endsWith(SUFFIX)) continue;
      const file = path.join(this.options.dir, name);
      try {
        const st = statSync(file);
        entries.push({ file, size: st.size, used: st.mtimeMs });
        total += st.size;
      } catch {
        // Removed meanwhile by another kf.
      }
    }
    if (total <= max) return;
    entries.sort((a, b) => a.used - b.used);
    for (const e of entries) {
      if (total <= max) break;
      try {
        unlinkSync(e.file);
      } catch {
        // Already gone.
      }
      total -= e.size;
    }
  }
}
