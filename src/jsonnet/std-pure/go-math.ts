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

// Go's math.Sin, Cos, Tan (sin.go, tan.go: Cephes polynomials after a reduction by π/4 in three
// parts, Payne-Hanek beyond 2^29) and Asin, Acos, Atan, Atan2 (asin.go, atan.go, atan2.go), pure Go
// on amd64, which go-jsonnet's std.sin … std.atan2 call: V8's differ in the last digit on about a
// quarter of arguments.
const SIN = [
  1.5896230157654656e-10, -2.5050747762857807e-8, 2.7557313621385722e-6, -1.984126982958954e-4,
  8.333333333322118e-3, -1.666666666666663e-1,
];
const COS = [
  -1.1358536521387682e-11, 2.087570084197473e-9, -2.755731417929674e-7, 2.4801587288851704e-5,
  -1.3888888888873056e-3, 4.1666666666666595e-2,
];
const PI4A = 7.853981256484985e-1;
const PI4B = 3.774894707930798e-8;
const PI4C = 2.6951514290790595e-15;
const REDUCE_THRESHOLD = 2 ** 29;
const M_PI4 = [
  0x0000000000000001n,
  0x45f306dc9c882a53n,
  0xf84eafa3ea69bb81n,
  0xb6c52b3278872083n,
  0xfca2c757bd778ac3n,
  0x6e48dc74849ba5c0n,
  0x0c925dd413a32439n,
  0xfc3bd63962534e7dn,
  0xd1046bea5d768909n,
  0xd338e04d68befc82n,
  0x7323ac7306a673e9n,
  0x3908bf177bf25076n,
  0x3ff12fffbc0b301fn,
  0xde5e2316b414da3en,
  0xda6cfd9e4f96136en,
  0x9e8c7ecd3cbfd45an,
  0xea4f758fd7cbe2f6n,
  0x7a0e73ef14a525d4n,
  0xd7f6bf623f1aba10n,
  0xac06608df8f6d757n,
];
const U64 = (1n << 64n) - 1n;

/** Go's trigReduce (trig_reduce.go): x ≥ 2^29 as j·π/4 + z, Payne-Hanek with 4/π's bits. */
function trigReduce(x: number): [number, number] {
  if (x < Math.PI / 4) return [0, x];
  f64.setFloat64(0, x);
  let ix = f64.getBigUint64(0);
  const exp = Number((ix >> 52n) & 0x7ffn) - 1023 - 52;
  ix = (ix & ((1n << 52n) - 1n)) | (1n << 52n);
  const digit = Math.floor((exp + 61) / 64);
  const bitshift = BigInt((exp + 61) % 64);
  const word = (i: number): bigint =>
    (((M_PI4[digit + i] as bigint) << bitshift) & U64) |
    ((M_PI4[digit + i + 1] as bigint) >> (64n - bitshift));
  const z0 = word(0);
  const z1 = word(1);
  const z2 = word(2);
  const z2hi = (z2 * ix) >> 64n;
  const z1full = z1 * ix;
  const z1hi = z1full >> 64n;
  const z1lo = z1full & U64;
  const z0lo = (z0 * ix) & U64;
  const loSum = z1lo + z2hi;
  const lo = loSum & U64;
  let hi = (z0lo + z1hi + (loSum >> 64n)) & U64;
  let j = Number(hi >> 61n);
  hi = ((hi << 3n) & U64) | (lo >> 61n);
  const lz = BigInt(64 - hi.toString(2).length);
  const e = BigInt(1023) - (lz + 1n);
  hi = ((hi << (lz + 1n)) & U64) | (lo >> (64n - (lz + 1n)));
  hi >>= 64n - 52n;
  hi |= e << 52n;
  f64.setBigUint64(0, hi);
  let z = f64.getFloat64(0);
  if (j & 1) {
    j = (j + 1) & 7;
    z--;
  }
  return [j, z * (Math.PI / 4)];
}

/** The octant j and the reduced argument z of |x| (sin.go's reduction). */
function reduce(x: number): [number, number] {
  if (x >= REDUCE_THRESHOLD) return trigReduce(x);
  let j = Math.trunc(x * (4 / Math.PI));
  let y = j;
  if (j & 1) {
    j++;
    y++;
  }
  return [j & 7, x - y * PI4A - y * PI4B - y * PI4C];
}

const sinPoly = (z: number, zz: number): number =>
  z + z * zz * (((((SIN[0]! * zz + SIN[1]!) * zz + SIN[2]!) * zz + SIN[3]!) * zz + SIN[4]!) * zz + SIN[5]!);
const cosPoly = (zz: number): number =>
  1.0 -
  0.5 * zz +
  zz * zz * (((((COS[0]! * zz + COS[1]!) * zz + COS[2]!) * zz + COS[3]!) * zz + COS[4]!) * zz + COS[5]!);

export function goSin(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return NaN;
  let sign = x < 0;
  const [octant, z] = reduce(Math.abs(x));
  let j = octant;
  if (j > 3) {
    sign = !sign;
    j -= 4;
  }
  const zz = z * z;
  const y = j === 1 || j === 2 ? cosPoly(zz) : sinPoly(z, zz);
  return sign ? -y : y;
}

export function goCos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  let sign = false;
  const [octant, z] = reduce(Math.abs(x));
  let j = octant;
  if (j > 3) {
    j -= 4;
    sign = !sign;
  }
  if (j > 1) sign = !sign;
  const zz = z * z;
  const y = j === 1 || j === 2 ? sinPoly(z, zz) : cosPoly(zz);
  return sign ? -y : y;
}

export function goTan(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return NaN;
  const sign = x < 0;
  const [j, z] = reduce(Math.abs(x));
  const zz = z * z;
  let y =
    zz > 1e-14
      ? z +
        z *
          ((zz * ((-1.3093693918138379e4 * zz + 1.1535166483858742e6) * zz + -1.7956525197648488e7)) /
            ((((zz + 1.3681296347069296e4) * zz + -1.3208923444021097e6) * zz + 2.500838018233579e7) * zz +
              -5.3869575592945464e7))
      : z;
  if (j & 2) y = -1 / y;
  return sign ? -y : y;
}

function xatan(x: number): number {
  let z = x * x;
  z =
    (z *
      ((((-8.750608600031904e-1 * z + -1.6157537187333652e1) * z + -7.500855792314705e1) * z +
        -1.2288666844901361e2) *
        z +
        -6.485021904942025e1)) /
    (((((z + 2.4858464901423062e1) * z + 1.6502700983169885e2) * z + 4.3288106049129027e2) * z +
      4.853903996359137e2) *
      z +
      1.945506571482614e2);
  return x * z + x;
}

const MOREBITS = 6.123233995736766e-17;

function satan(x: number): number {
  if (x <= 0.66) return xatan(x);
  if (x > 2.414213562373095) return Math.PI / 2 - xatan(1 / x) + MOREBITS;
  return Math.PI / 4 + xatan((x - 1) / (x + 1)) + 0.5 * MOREBITS;
}

export function goAtan(x: number): number {
  if (x === 0) return x;
  return x > 0 ? satan(x) : -satan(-x);
}

export function goAsin(x: number): number {
  if (x === 0) return x;
  const sign = x < 0;
  const a = Math.abs(x);
  if (a > 1) return NaN;
  let t = Math.sqrt(1 - a * a);
  t = a > 0.7 ? Math.PI / 2 - satan(t / a) : satan(a / t);
  return sign ? -t : t;
}

export function goAcos(x: number): number {
  return Math.PI / 2 - goAsin(x);
}

export function goAtan2(y: number, x: number): number {
  if (Number.isNaN(y) || Number.isNaN(x)) return NaN;
  const signed = (m: number): number => (y < 0 || Object.is(y, -0) ? -m : m);
  if (y === 0) return x >= 0 && !Object.is(x, -0) ? signed(0) : signed(Math.PI);
  if (x === 0) return signed(Math.PI / 2);
  if (!Number.isFinite(x)) {
    if (x > 0) return Number.isFinite(y) ? signed(0) : signed(Math.PI / 4);
    return Number.isFinite(y) ? signed(Math.PI) : signed((3 * Math.PI) / 4);
  }
  if (!Number.isFinite(y)) return signed(Math.PI / 2);
  const q = goAtan(y / x);
  if (x < 0) return q <= 0 ? q + Math.PI : q - Math.PI;
  return q;
}
