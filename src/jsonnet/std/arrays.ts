// std: array functions (higher-order ones keep elements lazy where the reference does).
import { compare, equals, codepoints, plus, sliceIndexable, toStr } from '../evaluator.js';
import { checkArrayElements, checkStringLength, rtError } from '../runtime.js';
import {
  booleanElementForced,
  checkedArg,
  COUNT,
  deepJoinFrames,
  FIND_ELEMENT,
  FLATTEN_ARRAYS,
  forced,
  LINES,
  notBooleanElement,
  REPEAT,
  sliceError,
} from '../std-checks.js';
import {
  callForElement,
  FILTER_MAP_FILTER,
  FLATTEN_DEEP,
  MAP_ARG,
  MAP_CALL,
  MAP_WITH_INDEX_ARG,
  MAP_WITH_INDEX_CALL,
  stdError,
  withStdFrames,
  type StdFrame,
} from '../std-frames.js';
import { goFloat } from '../std-pure/number-format.js';
import { JArray, JFunction, Thunk, typeOf, type Slot, type Value } from '../values.js';
import { arr, call, def, func, int32, opt, optFunc, val, type Args, type Builtin } from './args.js';

function indexable(args: Args, i: number): JArray | string {
  const v = val(args[i]);
  if (typeof v === 'string' || v instanceof JArray) return v;
  throw rtError(`Unexpected type ${typeOf(v)}, expected array`);
}

/** An element forced by go-jsonnet's Jsonnet code at `frames`. */
function forcedSlot(s: Thunk, frames: readonly StdFrame[]): Value {
  try {
    return s.force();
  } catch (e) {
    throw withStdFrames(e, frames);
  }
}

/** std.lines' `arr + ['']`: another type than an array fails there, or in std.join after. */
function linesArg(args: Args): JArray {
  const v = val(args[0]);
  if (v instanceof JArray) return v;
  let joined: Value;
  try {
    joined = plus(v, new JArray(['']), undefined);
  } catch (e) {
    throw withStdFrames(e, LINES.plus);
  }
  throw stdError(`Unexpected type ${typeOf(joined)}, expected array`, LINES.join);
}

/** A slice bound: a number, or null for its default. */
function isBound(v: Value): boolean {
  return v === null || typeof v === 'number';
}

function foldable(args: Args, i: number, fn: string): JArray | string {
  const v = val(args[i]);
  if (typeof v === 'string' || v instanceof JArray) return v;
  throw rtError(`${fn} second parameter should be string or array, got ${typeOf(v)}`);
}

/** Elements of an array or the characters of a string, as slots. */
/** std.map's source: an array, or a string's characters. */
function asArray(v: JArray | string): JArray {
  return typeof v === 'string' ? JArray.of(codepoints(v)) : v;
}

/**
 * go-jsonnet's builtinMinArray / builtinMaxArray: a given `onEmpty` is forced with the other
 * arguments; each element is forced, then its key, then compared with the best key so far.
 */
function minMax(args: Args, fn: string, sign: number): Value {
  const a = arr(args, 0, fn);
  const keyF = optFunc(args, 1, fn);
  const onEmpty = args[2] === undefined ? undefined : val(args[2]);
  if (a.length === 0) {
    if (onEmpty !== undefined) return onEmpty;
    throw rtError('Expected at least one element in array. Got none');
  }
  let best = a.get(0);
  let bestKey = keyF ? call(keyF, a.slot(0)) : best;
  for (let i = 1; i < a.length; i++) {
    const current = a.get(i);
    const key = keyF ? call(keyF, a.slot(i)) : current;
    if (sign * compare(bestKey, key) < 0) {
      best = current;
      bestKey = key;
    }
  }
  return best;
}

/** std.all / std.any's element `i`, which must be a boolean (go-jsonnet's frames when it is not, or fails). */
function booleanElement(a: JArray, i: number, fn: 'all' | 'any'): boolean {
  let e: Value;
  try {
    e = a.get(i);
  } catch (err) {
    throw withStdFrames(err, booleanElementForced(fn, i));
  }
  if (typeof e !== 'boolean') throw notBooleanElement(fn, i, e, toStr(e));
  return e;
}

function joinArrays(sep: JArray, a: JArray): Value {
  let out = new JArray([]);
  let first = true;
  for (let i = 0; i < a.length; i++) {
    const e = a.get(i);
    if (e === null) continue;
    if (!(e instanceof JArray)) throw rtError(`Unexpected type ${typeOf(e)}, expected array`);
    if (!first) out = out.concat(sep);
    out = out.concat(e);
    first = false;
  }
  return new JArray(out.slots().slice());
}

/** go-jsonnet's `[y for x in value for y in std.flattenDeepArray(x)]`: an error has its frames. */
function flattenDeep(v: Value, out: Slot[]): void {
  if (!(v instanceof JArray)) {
    out.push(v);
    return;
  }
  // try/catch rather than framed(): no closure per element when nothing fails.
  for (let i = 0; i < v.length; i++) {
    try {
      let e: Value;
      try {
        e = v.get(i);
      } catch (err) {
        throw withStdFrames(err, FLATTEN_DEEP.element);
      }
      flattenDeep(e, out);
    } catch (err) {
      throw withStdFrames(err, FLATTEN_DEEP.level);
    }
  }
}

/** std.filter's elements of `a` that `f` keeps. */
function filtered(f: JFunction, a: JArray): Slot[] {
  const out: Slot[] = [];
  for (let i = 0; i < a.length; i++) {
    const keep = call(f, a.slot(i));
    if (typeof keep !== 'boolean') throw rtError(`Unexpected type ${typeOf(keep)}, expected boolean`);
    if (keep) out.push(a.slot(i));
  }
  return out;
}

export const arrayBuiltins: Builtin[] = [
  def('makeArray', ['sz', 'func'], (args) => {
    const sz = int32(args, 0, 'makeArray');
    const f = func(args, 1, 'makeArray');
    if (sz < 0) return JArray.of([]); // go-jsonnet: a negative size makes no elements
    checkArrayElements(sz, 'std.makeArray');
    return JArray.lazy(sz, (i) => Thunk.lazy(() => callForElement(() => call(f, i), [])));
  }),
  def('range', ['from', 'to'], (args) => {
    const from = int32(args, 0, 'range');
    const to = int32(args, 1, 'range');
    const n = Math.max(0, to - from + 1);
    checkArrayElements(n, 'std.range');
    const out: Slot[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = from + i;
    return new JArray(out);
  }),
  def('map', ['func', 'arr'], (args) => {
    const f = checkedArg(args, 'map', 0) as JFunction;
    const a = checkedArg(args, 'map', 1) as JArray | string;
    const source = asArray(a);
    return JArray.lazy(source.length, (i) => {
      const e = source.slot(i);
      return Thunk.lazy(() => callForElement(() => call(f, e), MAP_CALL, true, e, MAP_ARG));
    });
  }),
  def('mapWithIndex', ['func', 'arr'], (args) => {
    const f = checkedArg(args, 'mapWithIndex', 0) as JFunction;
    const a = checkedArg(args, 'mapWithIndex', 1) as JArray | string;
    const source = asArray(a);
    return JArray.lazy(source.length, (i) => {
      const e = source.slot(i);
      return Thunk.lazy(() =>
        callForElement(() => call(f, i, e), MAP_WITH_INDEX_CALL, true, e, MAP_WITH_INDEX_ARG),
      );
    });
  }),
  def('filter', ['func', 'arr'], (args) => {
    const a = arr(args, 1, 'filter');
    return new JArray(filtered(func(args, 0, 'filter'), a));
  }),
  // go-jsonnet's is `std.map(map_func, std.filter(filter_func, arr))`: their frames.
  def('filterMap', ['filter_func', 'map_func', 'arr'], (args) => {
    const f = checkedArg(args, 'filterMap', 0) as JFunction;
    const m = checkedArg(args, 'filterMap', 1) as JFunction;
    const a = checkedArg(args, 'filterMap', 2) as JArray;
    let kept: Slot[];
    try {
      kept = filtered(f, a);
    } catch (e) {
      throw withStdFrames(e, FILTER_MAP_FILTER);
    }
    return JArray.lazy(kept.length, (i) => {
      const e = kept[i];
      return Thunk.lazy(() => callForElement(() => call(m, e), MAP_CALL, true, e, MAP_ARG));
    });
  }),
  def('flatMap', ['func', 'arr'], (args) => {
    const f = func(args, 0, 'flatMap');
    const a = val(args[1]);
    if (typeof a === 'string') {
      let out = '';
      for (const c of codepoints(a)) {
        const r = call(f, c);
        if (typeof r !== 'string') {
          throw rtError(`Unexpected type ${typeOf(r)}, expected string`);
        }
        out += r;
      }
      return out;
    }
    if (!(a instanceof JArray))
      throw rtError(`std.flatMap second param must be array / string, got ${typeOf(a)}`);
    const out: Slot[] = [];
    for (let i = 0; i < a.length; i++) {
      const r = call(f, a.slot(i));
      if (r === null) continue;
      if (!(r instanceof JArray)) {
        throw rtError(`Unexpected type ${typeOf(r)}, expected array`);
      }
      for (let j = 0; j < r.length; j++) out.push(r.slot(j));
    }
    return new JArray(out);
  }),
  def('foldl', ['func', 'arr', 'init'], (args) => {
    const f = func(args, 0, 'foldl');
    const a = foldable(args, 1, 'foldl');
    let acc: Value = val(args[2]);
    const els = typeof a === 'string' ? codepoints(a) : null;
    const n = els ? els.length : (a as JArray).length;
    for (let i = 0; i < n; i++) acc = call(f, acc, els ? els[i] : (a as JArray).slot(i));
    return acc;
  }),
  def('foldr', ['func', 'arr', 'init'], (args) => {
    const f = func(args, 0, 'foldr');
    const a = foldable(args, 1, 'foldr');
    let acc: Value = val(args[2]);
    const els = typeof a === 'string' ? codepoints(a) : null;
    const n = els ? els.length : (a as JArray).length;
    for (let i = n - 1; i >= 0; i--) acc = call(f, els ? els[i] : (a as JArray).slot(i), acc);
    return acc;
  }),
  def('repeat', ['what', 'count'], (args) => {
    // go-jsonnet: `std.join(joiner, std.makeArray(count, function(i) what))`, the joiner '' or []
    // by the type of `what`; a negative count makes no elements.
    const what = forced(args, 0, REPEAT.whatForced);
    if (typeof what !== 'string' && !(what instanceof JArray))
      throw stdError('std.repeat first argument must be an array or a string', REPEAT.whatType);
    const c = val(args[1]);
    if (typeof c !== 'number') throw stdError(`Unexpected type ${typeOf(c)}, expected number`, REPEAT.count);
    if ((c | 0) !== c) throw stdError(`Expected an integer, but got ${goFloat(c)}`, REPEAT.count);
    const count = Math.max(0, c);
    if (typeof what === 'string') {
      checkStringLength(what.length * count, 'std.repeat');
      return what.repeat(count);
    }
    if (what instanceof JArray) {
      checkArrayElements(what.length * count, 'std.repeat');
      const out: Slot[] = [];
      const s = what.slots();
      for (let i = 0; i < count; i++) for (const e of s) out.push(e);
      return new JArray(out);
    }
    return what;
  }),
  def('slice', ['indexable', 'index', 'end', 'step'], (args) => {
    const x = val(args[0]);
    const from = val(args[1]);
    const to = val(args[2]);
    const step = val(args[3]);
    if ((typeof x !== 'string' && !(x instanceof JArray)) || !isBound(from) || !isBound(to) || !isBound(step))
      throw sliceError(x, from, to, step);
    return sliceIndexable(x, from as number | null, to as number | null, step as number | null);
  }),
  def('join', ['sep', 'arr'], (args) => {
    const sep = val(args[0]);
    const a = arr(args, 1, 'join');
    if (sep instanceof JArray) return joinArrays(sep, a);
    if (typeof sep !== 'string')
      throw rtError(`join first parameter should be string or array, got ${typeOf(sep)}`);
    const parts: string[] = [];
    for (let i = 0; i < a.length; i++) {
      const e = a.get(i);
      if (e === null) continue;
      if (typeof e !== 'string') throw rtError(`Unexpected type ${typeOf(e)}, expected string`);
      parts.push(e);
    }
    return parts.join(sep);
  }),
  def('deepJoin', ['arr'], (args) => {
    const parts: string[] = [];
    const walk = (v: Value, depth: number): void => {
      if (typeof v === 'string') parts.push(v);
      else if (v instanceof JArray) for (let i = 0; i < v.length; i++) walk(v.get(i), depth + 1);
      else throw stdError(`Expected string or array, got ${typeOf(v)}`, deepJoinFrames(depth));
    };
    walk(val(args[0]), 0);
    return parts.join('');
  }),
  def('lines', ['arr'], (args) => {
    const a = linesArg(args);
    const parts: string[] = [];
    for (let i = 0; i < a.length; i++) {
      const e = a.get(i);
      if (e === null) continue;
      if (typeof e !== 'string') throw stdError(`Unexpected type ${typeOf(e)}, expected string`, LINES.join);
      parts.push(e + '\n');
    }
    return parts.join('');
  }),
  def('flattenArrays', ['arrs'], (args) => {
    const a = val(args[0]);
    if (!(a instanceof JArray))
      throw stdError(
        `foldl second parameter should be string or array, got ${typeOf(a)}`,
        FLATTEN_ARRAYS.notArray,
      );
    const out: Slot[] = [];
    for (let i = 0; i < a.length; i++) {
      const s = a.slot(i);
      const e = s instanceof Thunk ? forcedSlot(s, FLATTEN_ARRAYS.element) : s;
      if (!(e instanceof JArray))
        throw stdError(`Unexpected type ${typeOf(e)}, expected array`, FLATTEN_ARRAYS.plus);
      for (let j = 0; j < e.length; j++) out.push(e.slot(j));
    }
    return new JArray(out);
  }),
  def('flattenDeepArray', ['value'], (args) => {
    const out: Slot[] = [];
    flattenDeep(forced(args, 0, FLATTEN_DEEP.value), out);
    return new JArray(out);
  }),
  def('reverse', ['arr'], (args) => {
    const a = indexable(args, 0);
    if (typeof a === 'string') return codepoints(a).slice().reverse().join('');
    return new JArray(a.slots().slice().reverse());
  }),
  def('member', ['arr', 'x'], (args) => {
    const a = val(args[0]);
    const x = val(args[1]);
    if (typeof a === 'string') return typeof x === 'string' && a.includes(x);
    if (a instanceof JArray) {
      for (let i = 0; i < a.length; i++) if (equals(a.get(i), x)) return true;
      return false;
    }
    throw rtError('std.member first argument must be an array or a string');
  }),
  def('contains', ['arr', 'elem'], (args) => {
    const a = arr(args, 0, 'contains');
    const x = val(args[1]);
    for (let i = 0; i < a.length; i++) if (equals(a.get(i), x)) return true;
    return false;
  }),
  def('count', ['arr', 'x'], (args) => {
    const a = val(args[0]);
    if (!(a instanceof JArray))
      throw stdError(`Unexpected type ${typeOf(a)}, expected array`, COUNT.notArray);
    let n = 0;
    for (let i = 0; i < a.length; i++) {
      const s = a.slot(i);
      if (equals(s instanceof Thunk ? forcedSlot(s, COUNT.element) : s, val(args[1]))) n++;
    }
    return n;
  }),
  def('find', ['value', 'arr'], (args) => {
    const a = checkedArg(args, 'find', 1) as JArray;
    const out: Slot[] = [];
    for (let i = 0; i < a.length; i++) {
      const s = a.slot(i);
      if (equals(s instanceof Thunk ? forcedSlot(s, FIND_ELEMENT) : s, val(args[0]))) out.push(i);
    }
    return new JArray(out);
  }),
  def('remove', ['arr', 'elem'], (args) => {
    const a = arr(args, 0, 'remove');
    const x = val(args[1]);
    for (let i = 0; i < a.length; i++) {
      if (equals(a.get(i), x)) {
        const s = a.slots().slice();
        s.splice(i, 1);
        return new JArray(s);
      }
    }
    return a;
  }),
  def('removeAt', ['arr', 'at'], (args) => {
    const a = arr(args, 0, 'removeAt');
    // go-jsonnet's getInt (an index out of range crashes go-jsonnet: kf leaves the array as it is)
    const at = int32(args, 1, 'removeAt');
    const s = a.slots().slice();
    if (Number.isInteger(at) && at >= 0 && at < s.length) s.splice(at, 1);
    return new JArray(s);
  }),
  def('all', ['arr'], (args) => {
    const a = checkedArg(args, 'all', 0) as JArray;
    for (let i = 0; i < a.length; i++) if (!booleanElement(a, i, 'all')) return false;
    return true;
  }),
  def('any', ['arr'], (args) => {
    const a = checkedArg(args, 'any', 0) as JArray;
    for (let i = 0; i < a.length; i++) if (booleanElement(a, i, 'any')) return true;
    return false;
  }),
  def('sum', ['arr'], (args) => {
    const a = arr(args, 0, 'sum');
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      const e = a.get(i);
      if (typeof e !== 'number') throw rtError(`Unexpected type ${typeOf(e)}, expected number`);
      s += e;
    }
    return s;
  }),
  def('avg', ['arr'], (args) => {
    const a = arr(args, 0, 'avg');
    if (a.length === 0) throw rtError('Cannot calculate average of an empty array.');
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      const e = a.get(i);
      if (typeof e !== 'number') throw rtError(`Unexpected type ${typeOf(e)}, expected number`);
      s += e;
    }
    return s / a.length;
  }),
  def('minArray', ['arr', opt('keyF'), opt('onEmpty')], (args) => minMax(args, 'minArray', -1)),
  def('maxArray', ['arr', opt('keyF'), opt('onEmpty')], (args) => minMax(args, 'maxArray', 1)),
];
