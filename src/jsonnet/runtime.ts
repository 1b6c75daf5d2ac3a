// The per-evaluation context the evaluator consults: the std object, the import hook and the
// stack limit. One is active at a time (evaluation is synchronous); Engine installs it.
import type { Loc } from './ast.js';
import { JsonnetError } from './errors.js';
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

/** Adds a site only when the error crossed a named frame (so an operator's own error is not doubled). */
export function pushCrossedSite(e: unknown, loc: Loc): void {
  if (e instanceof JsonnetError) {
    const last = e.trace[e.trace.length - 1];
    if (last && last.name !== '') pushSite(e, loc);
  }
}

/** Replaces the name of the innermost frame when it carries `from`. */
export function renameFrame(e: unknown, from: string, to: string): void {
  if (e instanceof JsonnetError) {
    const last = e.trace[e.trace.length - 1];
    if (last && last.name === from) last.name = to;
  }
}
