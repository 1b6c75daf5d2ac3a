// Argument helpers shared by the native std functions: forcing and type-checking with the
// reference error wording.
import { callFunction } from '../evaluator.js';
import { rtError } from '../runtime.js';
import { goFloat } from '../std-pure/number-format.js';
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

/**
 * go-jsonnet's type error, which does not name the builtin (the helpers below still take its name,
 * `_fn`, from their many callers).
 */
function typeError(expected: string, got: Value): never {
  throw rtError(`Unexpected type ${typeOf(got)}, expected ${expected.split(' ')[0]}`);
}

export function str(args: Args, i: number, _fn: string): string {
  const v = val(args[i]);
  if (typeof v !== 'string') typeError('string', v);
  return v;
}

export function num(args: Args, i: number, _fn: string): number {
  const v = val(args[i]);
  if (typeof v !== 'number') typeError('number', v);
  return v;
}

/** A number go-jsonnet's getInt accepts: a whole int32 ('Expected an integer, but got 1.5'). */
export function int32(args: Args, i: number, fn: string): number {
  const n = num(args, i, fn);
  if ((n | 0) !== n) throw rtError(`Expected an integer, but got ${goFloat(n)}`);
  return n;
}

export function bool(args: Args, i: number, _fn: string): boolean {
  const v = val(args[i]);
  if (typeof v !== 'boolean') typeError('boolean', v);
  return v;
}

export function arr(args: Args, i: number, _fn: string): JArray {
  const v = val(args[i]);
  if (!(v instanceof JArray)) typeError('array', v);
  return v;
}

export function obj(args: Args, i: number, _fn: string): JObject {
  const v = val(args[i]);
  if (!(v instanceof JObject)) typeError('object', v);
  return v;
}

export function func(args: Args, i: number, _fn: string): JFunction {
  const v = val(args[i]);
  if (!(v instanceof JFunction)) typeError('function', v);
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
