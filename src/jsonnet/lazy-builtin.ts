// Node's built-in modules that only some runs need (node:crypto for hashes, node:child_process and
// node:v8 for the deep-recursion fallback, node:v8 and node:vm for the heap watchdog), loaded on first use: a static import loads them, and node:crypto
// alone costs a small program's start-up more than its evaluation.
import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
type ChildProcess = typeof import('node:child_process');
type V8 = typeof import('node:v8');
type Vm = typeof import('node:vm');
type Zlib = typeof import('node:zlib');

const load = (id: string): unknown =>
  // process.getBuiltinModule exists from Node 20.16; require works on every Node 20.
  (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.(id) ??
  createRequire(import.meta.url)(id);

let crypto: Crypto | undefined;
let childProcess: ChildProcess | undefined;
let v8: V8 | undefined;
let vm: Vm | undefined;
let zlib: Zlib | undefined;

export function nodeCrypto(): Crypto {
  return (crypto ??= load('node:crypto') as Crypto);
}

export function nodeChildProcess(): ChildProcess {
  return (childProcess ??= load('node:child_process') as ChildProcess);
}

/** node:v8: the heap watchdog's statistics (first needed after 16k frames) and the deep child's results. */
export function nodeV8(): V8 {
  return (v8 ??= load('node:v8') as V8);
}

/** node:zlib: crc32 of compile-cache entries. */
export function nodeZlib(): Zlib {
  return (zlib ??= load('node:zlib') as Zlib);
}

/** node:vm: the heap watchdog's full collection. */
export function nodeVm(): Vm {
  return (vm ??= load('node:vm') as Vm);
}

/**
 * The hex digest of a string's UTF-8 bytes: node:crypto's one-shot hash() (Node 20.12+), ~3× faster
 * than a Hash object for the short strings std.md5 and friends usually get; createHash before it.
 */
export function hexDigest(algorithm: string, text: string): string {
  const crypto = nodeCrypto() as Crypto & {
    hash?: (algorithm: string, data: string, encoding: 'hex') => string;
  };
  return crypto.hash !== undefined
    ? crypto.hash(algorithm, text, 'hex')
    : crypto.createHash(algorithm).update(text, 'utf8').digest('hex');
}
