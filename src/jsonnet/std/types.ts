// std: type tests, length, equality helpers, trace, extVar/native and other general members.
import { compare, equals, strLength } from '../evaluator.js';
import { manifestSingleLine } from '../manifest.js';
import { rt, rtError } from '../runtime.js';
import { JsonnetError } from '../errors.js';
import { forced, splitArgs } from '../std-checks.js';
import {
  afterElement,
  ASSERT_EQUAL,
  builtinCallError,
  GET,
  RESOLVE_PATH,
  stdError,
  typeTest,
  withStdFrames,
} from '../std-frames.js';
import { JArray, JFunction, JObject, typeOf, type Value } from '../values.js';
import { bool, def, opt, str, val, type Builtin } from './args.js';
import { forcedFirst } from './forced-first.js';

// go-jsonnet's are Jsonnet (`std.type(v) == 'string'`): the frames of an error forcing `v`.
function isType(name: string, test: (v: Value) => boolean): Builtin {
  return forcedFirst(name, ['v'], typeTest(name), (a) => test(val(a[0])));
}

/** std.jsonnet's std.__compare: -1, 0 or 1 for two values of one comparable type. */
function threeWay(x: Value, y: Value): number {
  const t1 = typeOf(x);
  const t2 = typeOf(y);
  if (t1 !== t2) throw rtError(`Comparison requires matching types. Got ${t1} and ${t2}`);
  if (x instanceof JArray) return compareArrays(x, y);
  if (t1 === 'function' || t1 === 'object' || t1 === 'boolean')
    throw rtError(`Values of type ${t1} are not comparable.`);
  const c = compare(x, y);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/** std.jsonnet's std.__compare_array: element by element, then the shorter first. */
function compareArrays(x: Value, y: Value): number {
  if (!(x instanceof JArray) || !(y instanceof JArray)) return threeWay(x, y);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const c = threeWay(x.get(i), y.get(i));
    if (c !== 0) return c;
  }
  return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
}

export const typeBuiltins: Builtin[] = [
  def('type', ['x'], (a) => typeOf(val(a[0]))),
  isType('isArray', (v) => v instanceof JArray),
  isType('isBoolean', (v) => typeof v === 'boolean'),
  isType('isFunction', (v) => v instanceof JFunction),
  isType('isNumber', (v) => typeof v === 'number'),
  isType('isObject', (v) => v instanceof JObject),
  isType('isString', (v) => typeof v === 'string'),
  def('isNull', ['v'], (a) => val(a[0]) === null),
  def('length', ['x'], (a) => {
    const v = val(a[0]);
    if (typeof v === 'string') return strLength(v);
    if (v instanceof JArray) return v.length;
    if (v instanceof JObject) {
      let n = 0;
      for (const vis of v.fieldVisibility().values()) if (vis) n++;
      return n;
    }
    if (v instanceof JFunction) return v.requiredParams;
    throw rtError(`Unexpected type ${typeOf(v)}`);
  }),
  def('equals', ['a', 'b'], (a) => equals(val(a[0]), val(a[1]))),
  // go-jsonnet's std has these too (a builtin, and std.jsonnet's three-way comparisons)
  def('id', ['x'], (a) => val(a[0])),
  def('__compare', ['v1', 'v2'], (a) => threeWay(val(a[0]), val(a[1]))),
  def('__compare_array', ['arr1', 'arr2'], (a) => compareArrays(val(a[0]), val(a[1]))),
  def('__array_less', ['arr1', 'arr2'], (a) => compareArrays(val(a[0]), val(a[1])) === -1),
  def('__array_greater', ['arr1', 'arr2'], (a) => compareArrays(val(a[0]), val(a[1])) === 1),
  def('__array_less_or_equal', ['arr1', 'arr2'], (a) => compareArrays(val(a[0]), val(a[1])) <= 0),
  def('__array_greater_or_equal', ['arr1', 'arr2'], (a) => compareArrays(val(a[0]), val(a[1])) >= 0),
  def('primitiveEquals', ['a', 'b'], (a) => {
    const x = val(a[0]);
    const y = val(a[1]);
    if (typeOf(x) !== typeOf(y)) return false;
    if (x instanceof JArray || x instanceof JObject) {
      throw rtError(`primitiveEquals operates on primitive types, got ${typeOf(x)}`);
    }
    if (x instanceof JFunction) throw rtError('Cannot test equality of functions');
    return x === y;
  }),
  def('xor', ['x', 'y'], (a) => bool(a, 0, 'xor') !== bool(a, 1, 'xor')),
  def('xnor', ['x', 'y'], (a) => bool(a, 0, 'xnor') === bool(a, 1, 'xnor')),
  def('assertEqual', ['a', 'b'], (a) => {
    let at = 0;
    let x: Value;
    let y: Value;
    try {
      x = val(a[0]);
      at = 1;
      y = val(a[1]);
    } catch (e) {
      throw builtinCallError(e, ASSERT_EQUAL, at);
    }
    if (equals(x, y)) return true;
    const message = `Assertion failed. ${manifestSingleLine(x)} != ${manifestSingleLine(y)}`;
    throw builtinCallError(rtError(message), ASSERT_EQUAL, -1);
  }),
  def('trace', ['str', 'rest'], (a) => {
    // the line of this call: the message's own calls (std.manifestJsonEx of a value whose fields
    // call std functions) move rt.callLoc before it is written
    const loc = rt.callLoc;
    const s = val(a[0]);
    if (typeof s !== 'string') {
      throw rtError(`Unexpected type ${typeOf(s)}, expected string`);
    }
    rt.trace(s, loc);
    return val(a[1]);
  }),
  def('extVar', ['x'], (a) => {
    const name = str(a, 0, 'extVar');
    const v = rt.extVar(name);
    if (v === undefined) throw rtError(`Undefined external variable: ${name}`);
    return v;
  }),
  def('native', ['x'], (a) => rt.nativeFunction(str(a, 0, 'native'))),
  // go-jsonnet's is Jsonnet: `std.join('/', <std.split(f, '/') but its last> + [r])`, with its frames.
  def('resolvePath', ['f', 'r'], (a) => {
    let f: string;
    try {
      f = splitArgs([a[0], '/'])[0];
    } catch (e) {
      const f = a[0];
      if (e instanceof JsonnetError && e.kind === 'runtime' && f !== undefined)
        afterElement(e, f, RESOLVE_PATH.f);
      throw withStdFrames(e, RESOLVE_PATH.arr);
    }
    const dir = f.slice(0, f.lastIndexOf('/') + 1);
    const r = forced(a, 1, RESOLVE_PATH.r);
    // std.join leaves a null out, with its separator.
    if (r === null) return dir.slice(0, -1);
    if (typeof r !== 'string')
      throw stdError(`Unexpected type ${typeOf(r)}, expected string`, RESOLVE_PATH.join);
    return dir + r;
  }),
  // go-jsonnet's is Jsonnet (std-frames.ts GET): its frames.
  def('get', ['o', 'f', opt('default'), opt('inc_hidden')], (a) => {
    let at = 0;
    let o: Value;
    let f: string;
    let shown: boolean;
    try {
      // The parameters std.objectHasEx is given, forced first, then its own checks.
      o = val(a[0]);
      at = 1;
      val(a[1]);
      at = 3;
      const incHidden = a[3] === undefined ? true : val(a[3]);
      at = -1;
      f = str(a, 1, 'get');
      if (!(o instanceof JObject)) throw rtError(`Unexpected type ${typeOf(o)}, expected object`);
      const vis = o.fieldVisible(f);
      shown = !(vis === undefined || (!vis && !incHidden));
    } catch (e) {
      throw builtinCallError(e, GET, at);
    }
    try {
      return shown ? getFieldOf(o, f) : val(a[2]);
    } catch (e) {
      throw withStdFrames(e, shown ? GET.field : GET.default);
    }
  }),
];

import { getField } from '../evaluator.js';
function getFieldOf(o: JObject, f: string): Value {
  return getField(o, f, undefined);
}
