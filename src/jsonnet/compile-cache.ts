// On-disk cache of compiled files (ir-codec.ts), so a library like ksonnet-lib's 2 MB
// k8s.libsonnet is lexed, parsed and compiled once, not on every run. Entries are keyed by the
// SHA-256 of the engine build, the file's display name (locations and std.thisFile carry it) and
// its text: a changed file or engine never reads a stale entry. Entries are written atomically
// (temporary file + rename), the folder is trimmed to a size bound, and deleting it is always safe.
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
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeProgram, encodeProgram } from './ir-codec.js';
import { nodeCrypto } from './lazy-builtin.js';
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
const FORMAT = 1;
const HEADER = 16;
const SUFFIX = '.kfir';
/** A read entry's recency is refreshed when older than this (a write per hit would cost more). */
const RECENCY_MS = 60 * 60 * 1000;

/** Set by scripts/bundle.js (esbuild `define`): a hash of the built engine. */
declare const __KF_ENGINE_ID__: string | undefined;

/**
 * The cache the kf CLI uses: `$XDG_CACHE_HOME/kf/jsonnet-compiled` (default `~/.cache/...`), or none
 * in an unbundled build (which has no engine id) or with KF_NO_COMPILE_CACHE=1.
 */
export function defaultCompileCache(): CompileCacheOptions | undefined {
  const engineId = typeof __KF_ENGINE_ID__ === 'string' ? __KF_ENGINE_ID__ : undefined;
  if (engineId === undefined || process.env.KF_NO_COMPILE_CACHE === '1') return undefined;
  const home = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return { dir: path.join(home, 'kf', 'jsonnet-compiled'), engineId };
}

export class CompileCache {
  /** The folder is trimmed on the first write of a process, not on every write. */
  private trimmed = false;

  constructor(private readonly options: CompileCacheOptions) {}

  /** True when `code` is long enough to be worth caching. */
  wants(code: string): boolean {
    return code.length >= (this.options.minLength ?? 1024);
  }

  /** The entry's path for a file (`bytes`: its content as read, hashed instead of the text when given). */
  entryPath(displayName: string, code: string, bytes?: Uint8Array): string {
    const hash = nodeCrypto()
      .createHash('sha256')
      .update(this.options.engineId)
      .update('\0')
      .update(displayName)
      .update('\0')
      .update(bytes ?? code)
      .digest('hex');
    return path.join(this.options.dir, hash + SUFFIX);
  }

  /** The cached program, or undefined when there is no (readable, well-formed) entry. */
  load(entry: string): CompiledProgram | undefined {
    let bytes: Buffer;
    let fd: number;
    try {
      fd = openSync(entry, 'r');
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
    const stringBytes = bytes.readUInt32LE(8);
    const codeBytes = bytes.readUInt32LE(12);
    if (magic !== MAGIC || format !== FORMAT || HEADER + stringBytes + codeBytes !== bytes.length)
      return undefined;
    let program: CompiledProgram;
    try {
      const strings = JSON.parse(bytes.toString('utf8', HEADER, HEADER + stringBytes)) as string[];
      const code = new Uint8Array(bytes.buffer, bytes.byteOffset + HEADER + stringBytes, codeBytes);
      program = decodeProgram({ strings, code });
    } catch {
      return undefined;
    }
    return program;
  }

  /** Writes the entry (best effort: a cache that cannot be written is simply not used). */
  store(entry: string, program: CompiledProgram): void {
    try {
      const { strings, code } = encodeProgram(program);
      const table = Buffer.from(JSON.stringify(strings), 'utf8');
      const header = Buffer.alloc(HEADER);
      header.writeUInt32LE(MAGIC, 0);
      header.writeUInt32LE(FORMAT, 4);
      header.writeUInt32LE(table.length, 8);
      header.writeUInt32LE(code.length, 12);
      mkdirSync(this.options.dir, { recursive: true });
      const temp = `${entry}.${process.pid}.${Date.now()}.tmp`;
      try {
        writeFileSync(temp, Buffer.concat([header, table, code]));
        renameSync(temp, entry);
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
        this.trim();
      }
    } catch {
      // Full disk, read-only home, …: compiling again next time is correct, only slower.
    }
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
