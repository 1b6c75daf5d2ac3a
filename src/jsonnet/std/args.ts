// Argument helpers shared by the native std functions: forcing and type-checking with the
// reference error wording.
import { callFunction } from '../evaluator.js';
import { rtError } from '../runtime.js';
import {
  JArray,
  JFunction,
  JObject,
  Thunk,
  typeOf,
  type NativeImpl,
  type NativeParam,
  type Slot,
  type Value,
} from '../values.js';

export type Args = (Slot | undefined)[];

export interface Builtin {
  name: string;
  params: (string | NativeParam)[];
  impl: NativeImpl;
}

export function def(name: string, params: (string | NativeParam)[], impl: NativeImpl): Builtin {
  return { name, params, impl };
}

export function opt(name: string): NativeParam {
  return { name, optional: true };
}

export function val(s: Slot | undefined): Value {
  if (s === undefined) return null;
  return s instanceof Thunk ? s.force() : s;
}

function typeError(fn: string, expected: string, got: Value): never {
  throw rtError(`Builtin function ${fn} expected (${expected}) but got (${typeOf(got)})`);
}

export function str(args: Args, i: number, fn: string): string {
  const v = val(args[i]);
  if (typeof v !== 'string') typeError(fn, 'string', v);
  return v;
}

export function num(args: Args, i: number, fn: string): number {
  const v = val(args[i]);
  if (typeof v !== 'number') typeError(fn, 'number', v);
  return v;
}

export function bool(args: Args, i: number, fn: string): boolean {
  const v = val(args[i]);
  if (typeof v !== 'boolean') typeError(fn, 'boolean', v);
  return v;
}

export function arr(args: Args, i: number, fn: string): JArray {
  const v = val(args[i]);
  if (!(v instanceof JArray)) typeError(fn, 'array', v);
  return v;
}

export function obj(args: Args, i: number, fn: string): JObject {
  const v = val(args[i]);
  if (!(v instanceof JObject)) typeError(fn, 'object', v);
  return v;
}

export function func(args: Args, i: number, fn: string): JFunction {
  const v = val(args[i]);
  if (!(v instanceof JFunction)) typeError(fn, 'function', v);
  return v;
}

/** An optional function argument (`keyF`, `onEmpty` …): undefined when omitted. */
export function optFunc(args: Args, i: number, fn: string): JFunction | undefined {
  if (args[i] === undefined) return undefined;
  return func(args, i, fn);
}

export function call(fn: JFunction, ...args: Slot[]): Value {
  return callFunction(fn, args, null, undefined);
}

export function isInt(n: number): boolean {
  return Number.isInteger(n);
}
