// Go's math.Pow, Exp and Log as go-jsonnet v0.22 calls them (std.pow, std.exp, std.log, std.log2,
// std.log10 and std.format's powers of ten), on amd64: V8's Math.pow, Math.exp and Math.log differ
// from them in the last digit now and then (std.pow(1.1, 100), std.exp(1.151292546497023),
// std.log(3)), which changes printed numbers. Checked against the go-jsonnet binary on 1000 random
// arguments of std.pow and 3000 each of std.exp and std.log: no difference.
import { frexp } from './math.js';

const f64 = new DataView(new ArrayBuffer(8));

/** Go's math.Ldexp: frac × 2^exp, rounded once when the result is subnormal. */
function goLdexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  const [f, e] = frexp(frac);
  exp += e;
  if (exp < -1075) return f < 0 ? -0 : 0;
  if (exp > 1024) return f < 0 ? -Infinity : Infinity;
  if (exp < -1021) return f * 2 ** (exp + 53) * 2 ** -53;
  return exp === 1024 ? f * 2 * 2 ** 1023 : f * 2 ** exp;
}

const isOddInt = (y: number): boolean =>
  Math.abs(y) < 2 ** 53 && Number.isInteger(y) && Math.abs(y % 2) === 1;

/**
 * Go's math.Pow, which go-jsonnet's std.pow (and std.format's 10^precision) calls: the integer part
 * of the exponent by repeated squaring of the mantissa, not correctly rounded as Math.pow is
 * (std.pow(1.1, 100) differs in its last digits); a fractional part through goExp(yf·goLog(x)).
 */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0) {
    if (y < 0) return Object.is(x, -0) && isOddInt(y) ? -Infinity : Infinity;
    return Object.is(x, -0) && isOddInt(y) ? x : 0;
  }
  if (!Number.isFinite(y)) {
    if (x === -1) return 1;
    return Math.abs(x) < 1 === y > 0 ? 0 : Infinity;
  }
  if (!Number.isFinite(x)) {
    if (x < 0) return goPow(1 / x, -y);
    return y < 0 ? 0 : Infinity;
  }
  if (y === 0.5) return Math.sqrt(x);
  if (y === -0.5) return 1 / Math.sqrt(x);
  let yi = Math.trunc(Math.abs(y));
  let yf = Math.abs(y) - yi;
  if (yf !== 0 && x < 0) return NaN;
  if (yi >= 2 ** 63) {
    if (x === -1) return 1;
    return Math.abs(x) < 1 === y > 0 ? 0 : Infinity;
  }
  let a1 = 1;
  let ae = 0;
  if (yf !== 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = goExp(yf * goLog(x));
  }
  let [x1, xe] = frexp(x);
  for (let i = yi; i !== 0; i = Math.floor(i / 2)) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe;
      break;
    }
    if (i % 2 === 1) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe *= 2;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return goLdexp(a1, ae);
}

/** A finite double as mantissa × 2^exponent, both exact. */
function exactParts(x: number): [bigint, number] {
  f64.setFloat64(0, x);
  const hi = f64.getUint32(0);
  const lo = f64.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) m |= 1n << 52n;
  const e = (biased === 0 ? 1 : biased) - 1075;
  return [hi >>> 31 ? -m : m, e];
}

/** a·b + c rounded once (the FMA instruction), for finite arguments and a result of normal size. */
export function fma(a: number, b: number, c: number): number {
  const [ma, ea] = exactParts(a);
  const [mb, eb] = exactParts(b);
  const [mc, ec] = exactParts(c);
  const ep = ea + eb;
  const e = Math.min(ep, ec);
  let sum = ((ma * mb) << BigInt(ep - e)) + (mc << BigInt(ec - e));
  if (sum === 0n) return a * b + c;
  const negative = sum < 0n;
  if (negative) sum = -sum;
  // keep 64 bits and a sticky bit: Number() then rounds to nearest even once
  const bits = sum.toString(2).length;
  let shift = 0;
  if (bits > 64) {
    shift = bits - 64;
    const rest = sum & ((1n << BigInt(shift)) - 1n);
    sum >>= BigInt(shift);
    if (rest !== 0n) sum |= 1n;
  }
  const r = Number(sum) * 2 ** (e + shift);
  return negative ? -r : r;
}

const LOG2E = 1.4426950408889634;
// exp_amd64.s's constants, as the doubles they are
const LN2U = 0.693147180559663;
const LN2L = 2.8235290563031577e-13;

/** 2^k for an exponent field in the normal range. */
function twoTo(biased: number): number {
  f64.setUint32(0, biased << 20);
  f64.setUint32(4, 0);
  return f64.getFloat64(0);
}

/**
 * Go's math.Exp on amd64 with FMA (its exp_amd64.s, the path of any x86-64 CPU since 2013), which
 * go-jsonnet's std.exp and std.pow call: Math.exp differs in the last digit (exp(1.151292546497023)
 * is 3.1622776601683795 there, 3.16227766016838 here). Go without FMA takes another path.
 */
export function goExp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === -Infinity) return 0;
  if (x > 7.09782712893384e2) return Infinity;
  const t = LOG2E * x;
  // CVTSD2SL: rounded to nearest even, out of the int32 range the "integer indefinite"
  let k = Math.abs(t) < 2 ** 31 ? roundHalfEven(t) : -(2 ** 31);
  let r = fma(-LN2U, k, x);
  r = fma(-LN2L, k, r);
  r *= 0.0625;
  let p = 2.48015873015873e-5;
  for (const c of [
    1.984126984126984e-4, 1.388888888888889e-3, 8.333333333333333e-3, 4.1666666666666664e-2,
    1.6666666666666666e-1, 0.5, 1.0,
  ])
    p = fma(p, r, c);
  r *= p;
  for (let i = 0; i < 3; i++) r *= r + 2;
  r = fma(r, r + 2, 1);
  k += 0x3ff;
  if (k <= 0) {
    if (k < -52) return 0;
    return r * twoTo(k + 0x3fe) * twoTo(1);
  }
  if (k >= 0x7ff) return Infinity;
  return r * twoTo(k);
}

function roundHalfEven(t: number): number {
  const f = Math.floor(t);
  const d = t - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Go's math.Log on amd64 (log_amd64.s: log.go's steps, with a frexp that takes a subnormal's
 * exponent field as it is), which go-jsonnet's std.log, std.log2, std.log10, std.pow and
 * std.format call. Correctly rounded it is not: log(3) is 1.0986122886681096.
 */
export function goLog(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x < 0) return NaN;
  if (x === 0) return -Infinity;
  f64.setFloat64(0, x);
  const hi = f64.getUint32(0);
  let ki = ((hi >>> 20) & 0x7ff) - 0x3fe;
  f64.setUint32(0, (hi & 0xfffff) | (0x3fe << 20));
  let f1 = f64.getFloat64(0);
  if (f1 < Math.SQRT2 / 2) {
    f1 *= 2;
    ki--;
  }
  const f = f1 - 1;
  const k = ki;
  const s = f / (2 + f);
  const s2 = s * s;
  const s4 = s2 * s2;
  const t1 =
    s2 *
    (6.66666666666673513e-1 +
      s4 * (2.857142874366239149e-1 + s4 * (1.818357216161805012e-1 + s4 * 1.479819860511658591e-1)));
  const t2 = s4 * (3.999999999940941908e-1 + s4 * (2.222219843214978396e-1 + s4 * 1.531383769920937332e-1));
  const R = t1 + t2;
  const hfsq = 0.5 * f * f;
  return k * 6.9314718036912381649e-1 - (hfsq - (s * (hfsq + R) + k * 1.90821492927058770002e-10) - f);
}
