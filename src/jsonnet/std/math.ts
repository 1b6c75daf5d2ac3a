// std: numeric functions. Results are checked: Jsonnet has no NaN or infinity.
import { checkNumber, compare } from '../evaluator.js';
import { wrongArg } from '../std-checks.js';
import { formatValues } from './format-bridge.js';
import { rtError } from '../runtime.js';
import {
  MOD_FORMAT,
  MOD_MODULO,
  MOD_TYPE_ERROR,
  stdError,
  withStdFrames,
  type StdFrame,
} from '../std-frames.js';
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

/** std.clamp's two comparisons, `x < minVal` and `x > maxVal`. */
const CLAMP_BELOW: StdFrame[] = [[896, 8, 18, 'function <anonymous>']];
const CLAMP_ABOVE: StdFrame[] = [[897, 13, 23, 'function <anonymous>']];

function compareAt(x: Value, y: Value, frames: readonly StdFrame[]): number {
  try {
    return compare(x, y);
  } catch (e) {
    throw withStdFrames(e, frames);
  }
}

function round(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export const mathBuiltins: Builtin[] = [
  def('abs', ['n'], (a) => {
    const n = val(a[0]);
    if (typeof n !== 'number') wrongArg('abs', 0, n);
    return Math.abs(n);
  }),
  def('sign', ['n'], (a) => {
    const n = val(a[0]);
    if (typeof n !== 'number') wrongArg('sign', 0, n);
    return n > 0 ? 1 : n < 0 ? -1 : 0;
  }),
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
  def('max', ['a', 'b'], (a) => {
    const x = val(a[0]);
    if (typeof x !== 'number') wrongArg('max', 0, x);
    const y = val(a[1]);
    if (typeof y !== 'number') wrongArg('max', 1, y);
    return x > y ? x : y;
  }),
  def('min', ['a', 'b'], (a) => {
    const x = val(a[0]);
    if (typeof x !== 'number') wrongArg('min', 0, x);
    const y = val(a[1]);
    if (typeof y !== 'number') wrongArg('min', 1, y);
    return x < y ? x : y;
  }),
  def('clamp', ['x', 'minVal', 'maxVal'], (a) => {
    // go-jsonnet's `if x < minVal then minVal else if x > maxVal then maxVal else x`: any values
    // that compare.
    const x = val(a[0]);
    const lo = val(a[1]);
    if (typeof x === 'number' && typeof lo === 'number' && x < lo) return lo;
    if (compareAt(x, lo, CLAMP_BELOW) < 0) return lo;
    const hi = val(a[2]);
    return compareAt(x, hi, CLAMP_ABOVE) > 0 ? hi : x;
  }),
  def('mod', ['a', 'b'], (a) => stdMod(val(a[0]), val(a[1]))),
  def('modulo', ['x', 'y'], (a) => {
    const x = num(a, 0, 'modulo');
    const y = num(a, 1, 'modulo');
    if (y === 0) throw rtError('Division by zero.');
    return checkNumber(x % y, undefined);
  }),
];
