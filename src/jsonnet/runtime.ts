// The per-evaluation context the evaluator consults: the std object, the import hook and the
// stack limit. One is active at a time (evaluation is synchronous); Engine installs it.
import type { Loc } from './ast.js';
import { JsonnetError } from './errors.js';
import { nodeV8, nodeVm } from './lazy-builtin.js';
import type { JObject, Value } from './values.js';

export interface Runtime {
  std: JObject;
  maxStack: number;
  depth: number;
  /** Evaluates an import relative to the importing file. */
  importer: (kind: 'import' | 'importstr' | 'importbin', fromFile: string, path: string, loc: Loc) => Value;
  extVar: (name: string) => Value | undefined;
  nativeFunction: (name: string) => Value;
  trace: (message: string, loc: Loc | undefined) => void;
  /** Location of the builtin call being run (for std.trace). */
  callLoc: Loc | undefined;
}

export let rt: Runtime = undefined as unknown as Runtime;

export function withRuntime<T>(runtime: Runtime, fn: () => T): T {
  const saved = rt;
  rt = runtime;
  try {
    return fn();
  } finally {
    rt = saved;
  }
}

export function rtError(message: string, loc?: Loc): JsonnetError {
  return new JsonnetError('runtime', message, undefined, [{ loc, name: '' }]);
}

/**
 * Turns a host RangeError into a Jsonnet error (other errors pass through): the V8 stack running
 * out becomes "max stack frames exceeded." marked `hostStack` (Engine retries with a bigger
 * stack), V8's string and array size limits become a clear resource error.
 */
export function hostError(e: unknown, loc?: Loc): unknown {
  if (!(e instanceof RangeError)) return e;
  // Runs with the host stack nearly exhausted: plain string checks only (a regular expression
  // compiled here can itself overflow and turn into a SyntaxError). Should this still overflow,
  // the new RangeError reaches an outer frame's handler, which has more room.
  const m = e.message;
  if (m.includes('call stack')) {
    const err = rtError('max stack frames exceeded.', loc);
    err.hostStack = true;
    return err;
  }
  if (m.includes('string length')) return rtError(TOO_LONG_STRING, loc);
  if (m.includes('array length')) return rtError(TOO_LONG_ARRAY, loc);
  return rtError(`out of memory (${m}).`, loc);
}

/**
 * The most elements a builtin (std.range, std.makeArray, std.repeat, …) may create at once: far
 * above real configurations, low enough that the result fits Node's heap (a runaway std.range
 * otherwise ends in a V8 "heap out of memory" abort instead of a Jsonnet error).
 */
export const MAX_ARRAY_ELEMENTS = 2 ** 24;

/** Throws a clear Jsonnet error when a builtin would create more than MAX_ARRAY_ELEMENTS elements. */
export function checkArrayElements(n: number, fn: string): void {
  heapTick(undefined, n);
  if (n > MAX_ARRAY_ELEMENTS)
    throw rtError(
      `${fn}: the result would have ${n} elements, more than the limit of ${MAX_ARRAY_ELEMENTS}.`,
    );
}

/** Throws a clear Jsonnet error when a builtin would create a string longer than V8 allows. */
export function checkStringLength(n: number, fn: string): void {
  if (n > MAX_STRING_LENGTH)
    throw rtError(
      `${fn}: the result would be ${n} characters long, more than the limit of ${MAX_STRING_LENGTH}.`,
    );
}

/** V8's limits: strings up to 2^29 - 24 UTF-16 units, arrays up to 2^32 - 1 elements. */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;
export const TOO_LONG_STRING = `string too long: the result would exceed ${MAX_STRING_LENGTH} characters.`;
export const TOO_LONG_ARRAY = 'array too long: the result would exceed the maximum array length.';

/** Names the innermost unnamed trace entry (the frame the error is leaving). */
export function nameFrame(e: unknown, name: string): void {
  if (e instanceof JsonnetError) {
    const t = e.trace;
    const last = t[t.length - 1];
    if (last && last.name === '') last.name = name;
  }
}

/** Adds the location of the expression that was being evaluated when the error went through. */
export function pushSite(e: unknown, loc: Loc): void {
  if (e instanceof JsonnetError && e.trace.length < 2000) {
    e.trace.push({ loc, name: '' });
  }
}

/**
 * Adds a site when the error crossed a named frame or an output frame (so an operator's own error is
 * not doubled); an error raised without a place (a function met by string conversion) is placed here.
 */
export function pushCrossedSite(e: unknown, loc: Loc): void {
  if (e instanceof JsonnetError) {
    const last = e.trace[e.trace.length - 1];
    if (last === undefined) return;
    if (last.loc === undefined && last.raw === undefined) last.loc = loc;
    else if (last.name !== '' || last.raw !== undefined) pushSite(e, loc);
  }
}

/** Replaces the name of the innermost frame when it carries `from`. */
export function renameFrame(e: unknown, from: string, to: string): void {
  if (e instanceof JsonnetError) {
    const last = e.trace[e.trace.length - 1];
    if (last && last.name === from) last.name = to;
  }
}

/**
 * Heap watchdog. V8 ends a process whose heap is full with a fatal "heap out of memory" abort
 * (after minutes of garbage collection) that no code can catch, so the evaluator looks at the
 * heap every HEAP_CHECK_EVERY frames it enters (function calls, thunks, output of arrays and
 * objects) and turns a heap that stays above HEAP_FRACTION of its limit after a full collection
 * into a Jsonnet error, which unwinds the evaluation and frees what it held.
 */
const HEAP_CHECK_EVERY = 1 << 14;
const HEAP_FRACTION = 0.85;
let ticks = 0;

/**
 * Called where a frame is entered (`weight` 1) or many values are allocated at once (`weight`
 * their number); cheap except every HEAP_CHECK_EVERY units.
 */
export function heapTick(loc?: Loc, weight = 1): void {
  if ((ticks += weight) < HEAP_CHECK_EVERY) return;
  ticks = 0;
  checkHeap(loc);
}

let collect: (() => void) | null | undefined;

/** A full garbage collection (V8's gc(), exposed on first use), so garbage is not mistaken for use. */
function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setHostFlag('--expose-gc', '--no-expose-gc');
      collect = nodeVm().runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

/** V8 flags the engine changed in this process → the setting that puts each back. */
const changedFlags = new Map<string, string>();

function setHostFlag(flag: string, restore: string): void {
  nodeV8().setFlagsFromString(flag);
  changedFlags.set(flag, restore);
}

/**
 * Puts back the V8 flags the engine changed (the young generation's growth, `--expose-gc`). V8
 * accepts a code cache only from a process with the same flags, so the CLI calls this before it
 * writes one: a cache written with changed flags would be rejected, and rewritten, by every run.
 */
export function restoreHostFlags(): void {
  for (const restore of changedFlags.values()) nodeV8().setFlagsFromString(restore);
  changedFlags.clear();
}

/**
 * Runs `compile` (lexing, parsing, compiling and encoding a file the compile cache missed) with
 * functions optimised later. V8 optimises a function (TurboFan, on its background thread) each time
 * it has run its interrupt budget of bytecode; a first run (empty compile cache) spent most of that
 * thread's CPU optimising these phases, which run over each file once and are done before that pays
 * off. While they run, the budget is 8 times Node 20's (V8 11.3, where it was measured; others keep
 * theirs): Tempo's microservices, first run, 300 → 270 ms of CPU (the second thread's 120 → 50).
 * Evaluation keeps the default (and so do the V8 code caches bin/run.js writes and checks: V8 takes
 * one only in a process with the flags it was written with). Armed by EngineOptions.tuneHostHeap,
 * and used by `kf fmt` (kube-prometheus's 55 files: 400 → 290 ms of CPU, 290 → 260 wall).
 */
export function compilingWithLaterOptimisation<T>(compile: () => T): T {
  if (!process.versions.v8.startsWith('11.3.')) return compile();
  const v8 = nodeV8();
  v8.setFlagsFromString('--interrupt-budget=540672');
  try {
    return compile();
  } finally {
    v8.setFlagsFromString('--interrupt-budget=67584');
  }
}

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

/** V8's heap limit counts the young generation (up to 3 semi-spaces) that old objects cannot use. */
const YOUNG_GENERATION = 64 * 2 ** 20;

/**
 * Jsonnet keeps most of what it allocates (every field value is memoised), and V8's young
 * generation, sized for short-lived garbage, copies all of it at every scavenge while it grows to
 * 16 MB on fresh, page-faulting memory. Armed by EngineOptions.tuneHostHeap (the kf CLI), the first
 * heap check (after 16k frames: only an evaluation of some size gets there) stops that growth.
 * Process-wide, hence opt-in.
 */
let youngGrowthToStop = false;

export function stopYoungGenerationGrowthWhenBig(): void {
  youngGrowthToStop = true;
}

export function checkHeap(loc?: Loc): void {
  if (youngGrowthToStop) {
    youngGrowthToStop = false;
    setHostFlag('--semi-space-growth-factor=1', '--semi-space-growth-factor=2'); // 2: V8's default
  }
  const { getHeapStatistics } = nodeV8();
  const limit = getHeapStatistics().heap_size_limit;
  const threshold = (limit - YOUNG_GENERATION) * HEAP_FRACTION;
  if (getHeapStatistics().used_heap_size < threshold) return;
  collectGarbage();
  const used = getHeapStatistics().used_heap_size;
  if (used < threshold) return;
  throw rtError(
    `out of memory: the evaluation holds ${mb(used)} MB of a ${mb(limit)} MB heap (to allow more: NODE_OPTIONS=--max-old-space-size=<MB>).`,
    loc,
  );
}
