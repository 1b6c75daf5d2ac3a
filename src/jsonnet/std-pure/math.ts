// Numeric functions of the standard library. Jsonnet has no NaN or infinity: an operation that
// would produce one fails with the reference messages `not a number` / `overflow`.
import { StdError } from './std-error.js';

/** Returns `x`, or throws the reference error when `x` is NaN or infinite. */
export function checkNumber(x: number): number {
  if (Number.isFinite(x)) return x;
  throw new StdError(Number.isNaN(x) ? 'Not a number' : 'Overflow');
}

/** `std.modulo(a, b)` / `a % b` on numbers: C `fmod` (the result has the sign of `a`). */
export function modulo(a: number, b: number): number {
  if (b === 0) throw new StdError('Division by zero.');
  return checkNumber(a % b);
}

/** `a / b` on numbers. */
export function divide(a: number, b: number): number {
  if (b === 0) throw new StdError('Division by zero.');
  return checkNumber(a / b);
}

export function pow(x: number, n: number): number {
  return checkNumber(Math.pow(x, n));
}

export function exp(x: number): number {
  return checkNumber(Math.exp(x));
}

/**
 * `std.log(x)`, correctly rounded like glibc's `log` (V8's Math.log is sometimes one ulp off,
 * e.g. log(3), which would change printed digits).
 */
export function log(x: number): number {
  if (!(x > 0) || x === Infinity || x === 1) return checkNumber(Math.log(x));
  return exactLog(x);
}

// Natural logarithm in 100-bit fixed point: x = m·2^e with m in [√½, √2], ln m = 2·atanh((m-1)/(m+1)).
const FRACTION_BITS = 100n;
const ONE = 1n << FRACTION_BITS;
let ln2Fixed: bigint | undefined;

function atanhSeries(s: bigint): bigint {
  // Summed on |s| (a right shift of a negative BigInt never reaches 0); atanh is odd.
  const negative = s < 0n;
  const a = negative ? -s : s;
  const a2 = (a * a) >> FRACTION_BITS;
  let term = a;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * a2) >> FRACTION_BITS;
  }
  return negative ? -2n * sum : 2n * sum;
}

function exactLog(x: number): number {
  ln2Fixed ??= atanhSeries(ONE / 3n);
  let [m, e] = frexp(x);
  m *= 2;
  e -= 1;
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  // m has at most 53 significant bits and lies in [0.7, 1.5), so m·2^60 is an exact integer.
  const mFixed = BigInt(m * 2 ** 60) << (FRACTION_BITS - 60n);
  const s = ((mFixed - ONE) << FRACTION_BITS) / (mFixed + ONE);
  const total = BigInt(e) * ln2Fixed + atanhSeries(s);
  // BigInt → Number rounds to nearest (ties to even); dividing by a power of two is exact.
  return Number(total) / 2 ** Number(FRACTION_BITS);
}

/** `std.log2(x)` = log(x) / log(2), as the reference computes it. */
export function log2(x: number): number {
  return checkNumber(log(x) / Math.LN2);
}

/** `std.log10(x)` = log(x) / log(10) (so `std.log10(1000)` is 2.9999999999999996, as in the reference). */
export function log10(x: number): number {
  return checkNumber(log(x) / Math.LN10);
}

export function sqrt(x: number): number {
  return checkNumber(Math.sqrt(x));
}

/** `std.hypot(a, b)` = sqrt(a² + b²), overflowing like the reference. */
export function hypot(a: number, b: number): number {
  return sqrt(checkNumber(checkNumber(a * a) + checkNumber(b * b)));
}

export function deg2rad(x: number): number {
  return checkNumber((x * Math.PI) / 180);
}

export function rad2deg(x: number): number {
  return checkNumber((x * 180) / Math.PI);
}

const scratchView = new DataView(new ArrayBuffer(8));

/** C `frexp`: x = mantissa × 2^exponent with 0.5 ≤ |mantissa| < 1 (0 gives 0, 0). */
export function frexp(x: number): [mantissa: number, exponent: number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  const view = scratchView;
  view.setFloat64(0, x);
  let biased = (view.getUint16(0) >>> 4) & 0x7ff;
  let shift = 0;
  if (biased === 0) {
    // Subnormal: scale into the normal range first.
    view.setFloat64(0, x * 2 ** 64);
    biased = (view.getUint16(0) >>> 4) & 0x7ff;
    shift = 64;
  }
  const exponent = biased - 1022 - shift;
  view.setUint16(0, (view.getUint16(0) & 0x800f) | (1022 << 4));
  return [view.getFloat64(0), exponent];
}

/** C `ldexp`: mantissa × 2^exponent. */
export function ldexp(mantissa: number, exponent: number): number {
  let e = exponent;
  let m = mantissa;
  // Split the scaling so intermediate powers of two stay finite and non-zero.
  while (e > 1000) {
    m *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    m *= 2 ** -1000;
    e += 1000;
  }
  return checkNumber(m * 2 ** e);
}

/** `std.mantissa(x)`. */
export function mantissa(x: number): number {
  return frexp(x)[0];
}

/** `std.exponent(x)`. */
export function exponent(x: number): number {
  return frexp(x)[1];
}

/** `std.round(x)` = floor(x + 0.5), as the reference defines it (so round(-2.5) is -2). */
export function round(x: number): number {
  return Math.floor(x + 0.5);
}

export function floor(x: number): number {
  return Math.floor(x);
}

export function ceil(x: number): number {
  return Math.ceil(x);
}

/** Truncation toward zero (no `std` name; used by `%d`). */
export function trunc(x: number): number {
  return Math.trunc(x);
}

/** `std.abs(n)`: like the reference, `abs(-0)` is 0. */
export function abs(n: number): number {
  return n > 0 ? n : -n;
}

/** `std.sign(n)`: -1, 0 or 1. */
export function sign(n: number): number {
  return n > 0 ? 1 : n < 0 ? -1 : 0;
}

/** `std.clamp(x, minVal, maxVal)`. */
export function clamp(x: number, minVal: number, maxVal: number): number {
  return x < minVal ? minVal : x > maxVal ? maxVal : x;
}

/** `std.isInteger(x)`: round(x) == x. */
export function isInteger(x: number): boolean {
  return round(x) === x;
}

/** `std.isDecimal(x)`: round(x) != x. */
export function isDecimal(x: number): boolean {
  return round(x) !== x;
}

/** `std.isEven(x)`: round(x) is even (the reference rounds first, so isEven(3.5) is true). */
export function isEven(x: number): boolean {
  return round(x) % 2 === 0;
}

/** `std.isOdd(x)`: round(x) is odd. */
export function isOdd(x: number): boolean {
  return round(x) % 2 !== 0;
}
