// Number formatting as the reference Jsonnet prints numbers: whole numbers in full (C `%.0f`),
// others as C `%.17g`, `-0` kept. Also exact C-style `%e`/`%f`/`%g` digit helpers.
//
// JavaScript's toPrecision/toExponential round ties away from zero, C rounds the exact binary
// value half-to-even, so ties are detected and redone with exact BigInt arithmetic.

const TWO_53 = 2 ** 53;

/** The reference text of a number in JSON/YAML output, `std.toString` and string concatenation. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) {
    if (n === 0) return Object.is(n, -0) ? '-0' : '0';
    return n > -TWO_53 && n < TWO_53 ? String(n) : BigInt(n).toString();
  }
  return formatG(n, 17, false);
}

/** Significant digits of a finite non-negative number: value ≈ 0.`digits`… written d.ddd × 10^exp. */
export interface Digits {
  /** Exactly the requested number of digits (no sign, no point). */
  digits: string;
  /** Decimal exponent of the first digit. */
  exp: number;
}

/** The exact decimal expansion of a finite non-negative double (trailing zeros removed). */
export function exactDecimal(x: number): Digits {
  if (x === 0) return { digits: '0', exp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) {
    e2 = -1074;
  } else {
    mantissa |= 1n << 52n;
    e2 = biased - 1075;
  }
  let digits: string;
  let exp: number;
  if (e2 >= 0) {
    digits = (mantissa << BigInt(e2)).toString();
    exp = digits.length - 1;
  } else {
    digits = (mantissa * 5n ** BigInt(-e2)).toString();
    exp = digits.length - 1 + e2;
  }
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return { digits: digits.slice(0, end), exp };
}

/**
 * Rounds an exact digit string half-to-even, keeping `keep` leading digits (keep may be ≤ 0).
 * Returns the kept digits (length `keep`, or `keep + 1` after a carry such as 999 → 1000).
 */
function roundExact(digits: string, keep: number): string {
  if (keep < 0) return '';
  if (keep >= digits.length) return digits + '0'.repeat(keep - digits.length);
  const next = digits.charCodeAt(keep) - 48;
  const restNonZero = digits.length > keep + 1;
  const prevOdd = keep > 0 && (digits.charCodeAt(keep - 1) - 48) % 2 === 1;
  const up = next > 5 || (next === 5 && (restNonZero || prevOdd));
  const kept = digits.slice(0, keep);
  if (!up) return kept;
  return incrementDigits(kept);
}

function incrementDigits(s: string): string {
  let i = s.length - 1;
  while (i >= 0 && s.charCodeAt(i) === 57) i--;
  if (i < 0) return '1' + '0'.repeat(s.length);
  return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) + 1) + '0'.repeat(s.length - i - 1);
}

/** `n` significant digits of |x| rounded half-to-even on the exact value. */
export function significantDigits(x: number, n: number): Digits {
  const ax = Math.abs(x);
  if (ax === 0) return { digits: '0'.repeat(n), exp: 0 };
  if (n <= 100) {
    // Fast path: V8 rounds the exact value correctly except that ties go away from zero.
    const longer = ax.toExponential(n);
    const tie = longer.charCodeAt(longer.indexOf('e') - 1) === 53;
    if (!tie) {
      const s = ax.toExponential(n - 1);
      const e = s.indexOf('e');
      const digits = n === 1 ? s.slice(0, 1) : s[0] + s.slice(2, e);
      return { digits, exp: Number(s.slice(e + 1)) };
    }
  }
  const exact = exactDecimal(ax);
  const rounded = roundExact(exact.digits, n);
  if (rounded.length > n) return { digits: rounded.slice(0, n), exp: exact.exp + 1 };
  return { digits: rounded, exp: exact.exp };
}

/** C `%.{precision}e` of |x| (no sign): `d.ddde+XX`. */
export function formatE(x: number, precision: number, alt: boolean, upper = false): string {
  const { digits, exp } = significantDigits(x, precision + 1);
  const point = precision > 0 || alt ? '.' : '';
  return digits[0] + point + digits.slice(1) + exponentSuffix(exp, upper);
}

function exponentSuffix(exp: number, upper: boolean): string {
  const abs = Math.abs(exp);
  return (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + (abs < 10 ? '0' + abs : String(abs));
}

/** C `%.{precision}f` of |x| (no sign). */
export function formatF(x: number, precision: number, alt: boolean): string {
  const ax = Math.abs(x);
  let whole: string;
  if (ax === 0) {
    whole = '0'.repeat(precision + 1);
  } else {
    const exact = exactDecimal(ax);
    whole = roundExact(exact.digits, exact.exp + 1 + precision);
    if (whole === '') whole = '0';
    if (whole.length < precision + 1) whole = '0'.repeat(precision + 1 - whole.length) + whole;
  }
  const intPart = whole.slice(0, whole.length - precision);
  const frac = whole.slice(whole.length - precision);
  return precision > 0 ? intPart + '.' + frac : alt ? intPart + '.' : intPart;
}

/** C `%.{precision}g` of x (with its sign when negative, `-0` included). */
export function formatG(x: number, precision: number, alt: boolean, upper = false): string {
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  return sign + formatGAbs(x, precision, alt, upper);
}

/** C `%.{precision}g` of |x| (no sign). */
export function formatGAbs(x: number, precision: number, alt: boolean, upper = false): string {
  const p = precision === 0 ? 1 : precision;
  const { digits, exp } = significantDigits(x, p);
  let out: string;
  if (exp < -4 || exp >= p) {
    let mant = digits.slice(1);
    if (!alt) mant = stripZeros(mant);
    out = digits[0] + (mant.length > 0 || alt ? '.' : '') + mant + exponentSuffix(exp, upper);
  } else if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1);
    let frac = digits.slice(exp + 1);
    if (!alt) frac = stripZeros(frac);
    out = intPart + (frac.length > 0 || alt ? '.' + frac : '');
  } else {
    let frac = '0'.repeat(-exp - 1) + digits;
    if (!alt) frac = stripZeros(frac);
    out = '0' + (frac.length > 0 || alt ? '.' + frac : '');
  }
  return out;
}

function stripZeros(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return s.slice(0, end);
}

/**
 * go-jsonnet's number text in `std.manifestJsonEx` / `std.manifestYamlDoc` (Go
 * `strconv.FormatFloat(v, 'f', -1, 64)`): the shortest digits that read back exactly, written
 * without an exponent (`0.6`, `0.0000001`, `1e100` as `1` and 100 zeros), `-0` kept.
 */
export function formatNumberShortest(n: number): string {
  if (Number.isInteger(n) && n > -TWO_53 && n < TWO_53) return n === 0 && Object.is(n, -0) ? '-0' : String(n);
  const sign = n < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest round-trip digits (as Go's Ryū does).
  const s = Math.abs(n).toExponential();
  const e = s.indexOf('e');
  const digits = s[0] + s.slice(2, e);
  const exp = Number(s.slice(e + 1));
  if (exp < 0) return sign + '0.' + '0'.repeat(-exp - 1) + digits;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return sign + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
}

/**
 * Go's `%v` of a float64 (strconv's 'g' with the shortest digits), as go-jsonnet's messages print
 * numbers: an exponent when it is below -4 or at least 6 (`1.114112e+06`, `1e-05`), else plain.
 */
export function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, exponent] = x.toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  if (exp >= -4 && exp < 6) return String(x);
  const digits = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
  return `${mantissa}e${exp < 0 ? '-' : '+'}${digits}`;
}
