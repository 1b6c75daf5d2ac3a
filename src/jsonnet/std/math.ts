// std: numeric functions. Results are checked: Jsonnet has no NaN or infinity.
import { checkNumber, compare } from '../evaluator.js';
import { formatValues } from './format-bridge.js';
import { rtError } from '../runtime.js';
import { MOD_FORMAT, MOD_MODULO, MOD_TYPE_ERROR, stdError, withStdFrames } from '../std-frames.js';
import { typeOf, type Value } from '../values.js';
import { def, num, val, type Builtin } from './args.js';
import {
  goAcos,
  goAsin,
  goAtan,
  goAtan2,
  goCos,
  goExp,
  goLog,
  goPow,
  goSin,
  goTan,
} from '../std-pure/go-math.js';

function unaryMath(name: string, f: (x: number) => number, param = 'x'): Builtin {
  return def(name, [param], (a) => checkNumber(f(num(a, 0, name)), undefined));
}

function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  const ax = Math.abs(x);
  let e = Math.max(-1073, Math.floor(Math.log2(ax)) + 1);
  let m = ax * Math.pow(2, -e);
  while (m < 0.5) {
    m *= 2;
    e--;
  }
  while (m >= 1) {
    m /= 2;
    e++;
  }
  return [x < 0 ? -m : m, e];
}

/**
 * std.mod, which `a % b` calls: the remainder of two numbers or the formatting of a string. Its
 * errors have the frames of go-jsonnet's std.mod (Jsonnet code), the caller adds its own.
 */
export function stdMod(x: Value, y: Value): number | string {
  if (typeof x === 'number' && typeof y === 'number') {
    if (y === 0) throw stdError('Division by zero.', MOD_MODULO);
    return checkNumber(x % y, undefined);
  }
  if (typeof x === 'string') {
    try {
      return formatValues(x, y);
    } catch (e) {
      throw withStdFrames(e, MOD_FORMAT);
    }
  }
  throw stdError(`Operator % cannot be used on types ${typeOf(x)} and ${typeOf(y)}.`, MOD_TYPE_ERROR);
}

function round(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export const mathBuiltins: Builtin[] = [
  unaryMath('abs', Math.abs, 'n'),
  unaryMath('sign', (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), 'n'),
  // Go's Exp and Log (Math.exp and Math.log differ in the last digit now and then)
  unaryMath('exp', goExp),
  unaryMath('log', goLog),
  // std.jsonnet's std.log(x) / std.log(2): std.log10(1000) is 2.9999999999999996 with go-jsonnet
  unaryMath('log2', (x) => goLog(x) / goLog(2)),
  unaryMath('log10', (x) => goLog(x) / goLog(10)),
  unaryMath('floor', Math.floor),
  unaryMath('ceil', Math.ceil),
  unaryMath('sqrt', Math.sqrt),
  // Go's (std-pure/go-math.ts): V8's differ in the last digit on about a quarter of arguments
  unaryMath('sin', goSin),
  unaryMath('cos', goCos),
  unaryMath('tan', goTan),
  unaryMath('asin', goAsin),
  unaryMath('acos', goAcos),
  unaryMath('atan', goAtan),
  unaryMath('round', round),
  unaryMath('deg2rad', (x) => (x * Math.PI) / 180),
  unaryMath('rad2deg', (x) => (x * 180) / Math.PI),
  unaryMath('exponent', (x) => frexp(x)[1]),
  unaryMath('mantissa', (x) => frexp(x)[0]),
  // go-jsonnet's: the integral part (math.Modf), not the rounded number: std.isEven(2.7) is true
  def('isEven', ['x'], (a) => Math.trunc(num(a, 0, 'isEven')) % 2 === 0),
  def('isOdd', ['x'], (a) => Math.trunc(num(a, 0, 'isOdd')) % 2 !== 0),
  def('isInteger', ['x'], (a) => Number.isInteger(num(a, 0, 'isInteger'))),
  def('isDecimal', ['x'], (a) => !Number.isInteger(num(a, 0, 'isDecimal'))),
  def('pow', ['x', 'n'], (a) => checkNumber(goPow(num(a, 0, 'pow'), num(a, 1, 'pow')), undefined)),
  def('atan2', ['y', 'x'], (a) => checkNumber(goAtan2(num(a, 0, 'atan2'), num(a, 1, 'atan2')), undefined)),
  def('hypot', ['a', 'b'], (a) => checkNumber(Math.hypot(num(a, 0, 'hypot'), num(a, 1, 'hypot')), undefined)),
  def('max', ['a', 'b'], (a) => Math.max(num(a, 0, 'max'), num(a, 1, 'max'))),
  def('min', ['a', 'b'], (a) => Math.min(num(a, 0, 'min'), num(a, 1, 'min'))),
  // std.jsonnet's: `<` and `>` on any comparable values (strings, arrays), maxVal forced only if needed
  def('clamp', ['x', 'minVal', 'maxVal'], (a) => {
    const x = val(a[0]);
    const lo = val(a[1]);
    if (compare(x, lo) < 0) return lo;
    const hi = val(a[2]);
    return compare(x, hi) > 0 ? hi : x;
  }),
  def('mod', ['a', 'b'], (a) => stdMod(val(a[0]), val(a[1]))),
  def('modulo', ['x', 'y'], (a) => {
    const x = num(a, 0, 'modulo');
    const y = num(a, 1, 'modulo');
    if (y === 0) throw rtError('Division by zero.');
    return checkNumber(x % y, undefined);
  }),
];
