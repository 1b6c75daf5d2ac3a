// `std.format(str, vals)` and the `%` operator on strings, byte-compatible with the reference,
// including its floating-point quirks (e.g. `'%f' % 1e20`, `'%.0g' % 5`). Each format string
// is parsed once and cached; values are rendered by small per-conversion functions.
import { manifestSingleLine } from './json.js';
import { goLog, goPow } from './go-math.js';
import { formatNumber } from './number-format.js';
import { isPlainObject, typeName, type PlainObject, type PlainValue } from './plain-value.js';
import { StdError } from './std-error.js';
import { char, codePointLength } from './strings.js';

interface Code {
  /** Literal text before this code. */
  prefix: string;
  /** The `(name)` mapping key, if any. */
  key: string | undefined;
  alt: boolean;
  zero: boolean;
  left: boolean;
  blank: boolean;
  plus: boolean;
  /** Field width: a number, `'*'` (taken from the values), or undefined. */
  width: number | '*' | undefined;
  precision: number | '*' | undefined;
  /** Conversion type: one of `d o x X e E f F g G c s %` (`i`/`u` normalised to `d`). */
  type: string;
}

interface ParsedFormat {
  codes: Code[];
  /** Literal text after the last code. */
  tail: string;
  /** True when every code is a bare `%d`/`%s`-style conversion (the fast path). */
  simple: boolean;
  /** How many of an array's values the codes read. */
  reads: number;
}

/**
 * Where go-jsonnet's std.format (Jsonnet code) raises an error, for its `<std>` frames
 * (std-frames.ts): too many values, a code's `missing` value or its value failing when `forced`, or the code's rendering of its
 * value, which needed a `number` or, for `%c`, a 1-long string (`charLength`) or a number or
 * string (`charType`), or its `*` width that is not a number (`width`), missing or failing when
 * forced, or a failure inside an array or object a `%s` prints (`printed`); with the code's
 * conversion type and `-` flag.
 */
export interface FormatFailure {
  step:
    | 'tooMany'
    | 'missing'
    | 'forced'
    | 'mappingKey'
    | 'number'
    | 'charLength'
    | 'charType'
    | 'width'
    | 'widthMissing'
    | 'widthForced'
    | 'widthObject'
    | 'printed';
  type: string;
  left: boolean;
}

export class FormatError extends StdError {
  constructor(
    message: string,
    readonly failure: FormatFailure,
  ) {
    super(message);
  }
}

/**
 * A format string that does not parse: `code`, the index after the `%` of the code that does not
 * (where go-jsonnet's parse_code starts, for its frames: format-parse-frames.ts).
 */
export class FormatSyntaxError extends StdError {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/**
 * The code that formats value `j` of an array (a `*` width or precision takes one of its own), as
 * the failure of that value when forced; undefined for none.
 */
export function codeOfValue(str: string, j: number): FormatFailure | undefined {
  let at = 0;
  for (const code of parsed(str).codes) {
    if (code.width === '*' && at++ === j) return { step: 'widthForced', type: code.type, left: code.left };
    if (code.precision === '*' && at++ === j) return undefined;
    if (code.type === '%') continue;
    if (at++ === j) return { step: 'forced', type: code.type, left: code.left };
  }
  return undefined;
}

/** Whether every code that formats field `key` of an object is a `%s`. */
export function onlyPrinted(str: string, key: string): boolean {
  return parsed(str).codes.every((c) => c.key !== key || c.type === '%' || c.type === 's');
}

/** How many of an array's values the codes read (go-jsonnet never reads the others). */
export function valuesRead(str: string): number {
  return parsed(str).reads;
}

/** The first code that formats field `key` of an object, as the failure of that field when forced. */
export function codeOfKey(str: string, key: string): FormatFailure | undefined {
  const code = parsed(str).codes.find((c) => c.key === key && c.type !== '%');
  return code && { step: 'forced', type: code.type, left: code.left };
}

function tooMany(given: number, used: number): FormatError {
  return new FormatError(`Too many values to format: ${given}, expected ${used}`, {
    step: 'tooMany',
    type: '',
    left: false,
  });
}

function missing(given: number, at: number, code: Code): FormatError {
  return new FormatError(`Not enough values to format: ${given}, expected more than ${at}`, {
    step: 'missing',
    type: code.type,
    left: code.left,
  });
}

const CONVERSIONS = new Set(['d', 'i', 'u', 'o', 'x', 'X', 'e', 'E', 'f', 'F', 'g', 'G', 'c', 's', '%']);
const TRUNCATED = 'Truncated format code.';

function parseFormat(str: string): ParsedFormat {
  const codes: Code[] = [];
  let i = 0;
  let literalStart = 0;
  let simple = true;
  const n = str.length;
  while (true) {
    const pct = str.indexOf('%', i);
    if (pct < 0) break;
    const prefix = str.slice(literalStart, pct);
    i = pct + 1;
    const codeAt = i;
    if (i >= n) throw truncated(codeAt);
    let key: string | undefined;
    if (str[i] === '(') {
      const close = str.indexOf(')', i + 1);
      if (close < 0) throw truncated(codeAt);
      key = str.slice(i + 1, close);
      i = close + 1;
      if (i >= n) throw truncated(codeAt);
    }
    const code: Code = {
      prefix,
      key,
      alt: false,
      zero: false,
      left: false,
      blank: false,
      plus: false,
      width: undefined,
      precision: undefined,
      type: '',
    };
    for (; i < n; i++) {
      const c = str[i];
      if (c === '#') code.alt = true;
      else if (c === '0') code.zero = true;
      else if (c === '-') code.left = true;
      else if (c === ' ') code.blank = true;
      else if (c === '+') code.plus = true;
      else break;
    }
    if (i >= n) throw truncated(codeAt);
    if (str[i] === '*') {
      code.width = '*';
      i++;
    } else {
      const start = i;
      while (i < n && isDigit(str.charCodeAt(i))) i++;
      if (i > start) code.width = Number(str.slice(start, i));
    }
    if (i >= n) throw truncated(codeAt);
    if (str[i] === '.') {
      i++;
      if (i >= n) throw truncated(codeAt);
      if (str[i] === '*') {
        code.precision = '*';
        i++;
      } else {
        const start = i;
        while (i < n && isDigit(str.charCodeAt(i))) i++;
        code.precision = Number(str.slice(start, i) || '0');
      }
    }
    if (i >= n) throw truncated(codeAt);
    // One length modifier, as go-jsonnet's (`%lld` is an unknown conversion type `l`).
    if (str[i] === 'h' || str[i] === 'l' || str[i] === 'L') i++;
    if (i >= n) throw truncated(codeAt);
    const type = str[i] as string;
    if (!CONVERSIONS.has(type))
      throw new FormatSyntaxError(
        'Unrecognised conversion type: ' + String.fromCodePoint(str.codePointAt(i) as number),
        codeAt,
      );
    code.type = type === 'i' || type === 'u' ? 'd' : type;
    i++;
    literalStart = i;
    if (code.alt || code.zero || code.left || code.blank || code.plus || code.width !== undefined)
      simple = false;
    if (code.precision !== undefined || code.key !== undefined) simple = false;
    if (code.type !== 'd' && code.type !== 's' && code.type !== '%') simple = false;
    codes.push(code);
  }
  let reads = 0;
  for (const code of codes) {
    if (code.width === '*') reads++;
    if (code.precision === '*') reads++;
    if (code.type !== '%') reads++;
  }
  return { codes, tail: str.slice(literalStart), simple, reads };
}

function truncated(code: number): FormatSyntaxError {
  return new FormatSyntaxError(TRUNCATED, code);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const cache = new Map<string, ParsedFormat>();
const CACHE_LIMIT = 2048;

function parsed(str: string): ParsedFormat {
  let p = cache.get(str);
  if (p === undefined) {
    p = parseFormat(str);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(str, p);
  }
  return p;
}

/**
 * The mapping keys an object-formatting `str` reads, in order, up to the first code it would
 * refuse (no key, `*` width or precision; a left-aligned code reads its field first): with an
 * object, only these fields are needed.
 */
export function formatMappingKeys(str: string): string[] {
  const keys: string[] = [];
  for (const code of parsed(str).codes) {
    if (code.type === '%') {
      if (code.width === '*') break;
      continue;
    }
    // A `*` is refused: a right-aligned code's width before its value is read, the rest after.
    if (code.key === undefined || (code.width === '*' && !code.left)) break;
    keys.push(code.key);
    if (code.width === '*' || code.precision === '*') break;
  }
  return keys;
}

/** `std.format(str, vals)`: `vals` is an array, an object (for `%(key)s` codes) or a single value. */
export function format(str: string, vals: PlainValue): string {
  const p = parsed(str);
  if (isPlainObject(vals)) return formatObject(p, vals);
  const arr = Array.isArray(vals) ? vals : [vals];
  if (p.simple) return formatSimple(p, arr);
  let out = '';
  let j = 0;
  const value = (code: Code): PlainValue => {
    if (j >= arr.length) throw missing(arr.length, j, code);
    return arr[j++] as PlainValue;
  };
  for (const code of p.codes) {
    out += code.prefix;
    // The reference's pad_left reads a `*` width before the code's text, pad_right after it; it
    // checks the width's type once it has both.
    const widthAt = j;
    if (code.width === '*' && j >= arr.length && (!code.left || code.type === '%'))
      throw widthMissing(arr.length, j, code);
    const width = code.width === '*' ? arr[j++] : (code.width ?? 0);
    // A `*` precision is read only by a numeric conversion, after its value (none there: the default).
    const precision = code.precision === '*' ? arr[j++] : code.precision;
    if (code.type === '%') {
      out += pad(code, '%', starWidth(width, code, arr.length, widthAt));
      continue;
    }
    const index = j;
    const s = renderCode(code, value(code), typeof width === 'number' ? width : 0, precision, index);
    out += pad(code, s, starWidth(width, code, arr.length, widthAt));
  }
  if (j < arr.length) throw tooMany(arr.length, j);
  return out + p.tail;
}

function formatSimple(p: ParsedFormat, arr: readonly PlainValue[]): string {
  let out = '';
  let j = 0;
  for (const code of p.codes) {
    out += code.prefix;
    if (code.type === '%') {
      out += '%';
      continue;
    }
    if (j >= arr.length) throw missing(arr.length, j, code);
    const v = arr[j] as PlainValue;
    if (code.type === 's') out += typeof v === 'string' ? v : manifestSingleLine(v);
    else if (typeof v === 'number' && Number.isSafeInteger(v)) out += String(v);
    else out += renderCode(code, v, 0, undefined, j);
    j++;
  }
  if (j < arr.length) throw tooMany(arr.length, j);
  return out + p.tail;
}

function formatObject(p: ParsedFormat, obj: PlainObject): string {
  let out = '';
  for (const code of p.codes) {
    out += code.prefix;
    if (code.type === '%') {
      if (code.width === '*') throw objectWidth(code);
      out += pad(code, '%', code.width ?? 0);
      continue;
    }
    if (code.key === undefined)
      throw new FormatError('Mapping keys required.', {
        step: 'mappingKey',
        type: code.type,
        left: code.left,
      });
    // pad_left reads the width before the code's text, pad_right after it.
    if (code.width === '*' && !code.left) throw objectWidth(code);
    if (code.precision === '*') throw new StdError('Cannot use * precision with object.');
    if (!Object.prototype.hasOwnProperty.call(obj, code.key))
      throw new FormatError('No such field: ' + code.key, {
        step: 'missing',
        type: code.type,
        left: code.left,
      });
    const width = code.width === '*' ? 0 : (code.width ?? 0);
    const text = renderCode(code, obj[code.key] as PlainValue, width, code.precision, code.key);
    if (code.width === '*') throw objectWidth(code);
    out += pad(code, text, width);
  }
  return out + p.tail;
}

/** A code's width, a `*` one read from value `at` of `given` (undefined: there is none). */
function starWidth(v: PlainValue | undefined, code: Code, given: number, at: number): number {
  if (v === undefined) throw widthMissing(given, at, code);
  if (typeof v !== 'number')
    throw codeError(`Unexpected type ${typeName(v)}, expected number`, 'width', code);
  return v;
}

function objectWidth(code: Code): FormatError {
  return codeError('Cannot use * field width with object.', 'widthObject', code);
}

function widthMissing(given: number, at: number, code: Code): FormatError {
  return codeError(`Not enough values to format: ${given}, expected at least ${at}`, 'widthMissing', code);
}

/**
 * A code's precision, given or from a `*`'s value (null or none: the default), as the reference's
 * std.max (integers) or arithmetic (floats) refuses another type.
 */
function precisionOf(p: PlainValue | undefined, type: string): number | undefined {
  if (p === undefined || p === null || typeof p === 'number') return p ?? undefined;
  if ('doxX'.includes(type)) throw new StdError(`std.max second param expected number, got ${typeName(p)}`);
  throw new StdError(`Unexpected type ${typeName(p)}, expected number`);
}

function pad(code: Code, s: string, width: number): string {
  const len = codePointLength(s);
  if (len >= width) return s;
  // go-jsonnet's padding adds one more while the count left is > 0: a fractional width rounds up.
  const fill = ' '.repeat(Math.ceil(width - len));
  return code.left ? s + fill : fill + s;
}

function codeError(message: string, step: FormatFailure['step'], code: Code): FormatError {
  return new FormatError(message, { step, type: code.type, left: code.left });
}

function renderCode(
  code: Code,
  v: PlainValue,
  width: number,
  given: PlainValue | undefined,
  at: number | string,
): string {
  const t = code.type;
  if (t === 's') return typeof v === 'string' ? v : manifestSingleLine(v);
  if (t === 'c') {
    if (typeof v === 'number') return char(v);
    if (typeof v === 'string') {
      const len = codePointLength(v);
      if (len !== 1) throw codeError(`%c expected 1-sized string got: ${len}`, 'charLength', code);
      return v;
    }
    throw codeError(`%c expected number / string, got: ${typeName(v)}`, 'charType', code);
  }
  if (typeof v !== 'number')
    throw codeError(`Format required number at ${at}, got ${typeName(v)}`, 'number', code);
  const precision = precisionOf(given, t);
  const zeroPad = code.zero && !code.left ? width : 0;
  switch (t) {
    case 'd': {
      const whole = Math.trunc(v);
      return renderInt(whole < 0, Math.abs(whole), zeroPad, precision ?? 0, code.blank, code.plus, 10, '');
    }
    case 'o': {
      const whole = Math.trunc(v);
      const zeroPrefix = code.alt ? '0' : '';
      return renderInt(
        whole < 0,
        Math.abs(whole),
        zeroPad,
        precision ?? 0,
        code.blank,
        code.plus,
        8,
        zeroPrefix,
      );
    }
    case 'x':
    case 'X': {
      const whole = Math.floor(v);
      const prefix = code.alt ? (t === 'X' ? '0X' : '0x') : '';
      const body = renderInt(
        whole < 0,
        Math.abs(whole),
        zeroPad - prefix.length,
        precision ?? 0,
        code.blank,
        code.plus,
        16,
        '',
      );
      const digits = t === 'X' ? body.toUpperCase() : body;
      if (prefix === '') return digits;
      const signed = digits[0] === '-' || digits[0] === '+' || digits[0] === ' ';
      return signed ? digits[0] + prefix + digits.slice(1) : prefix + digits;
    }
    case 'f':
    case 'F':
      return renderFloatDec(v, zeroPad, code.blank, code.plus, code.alt, true, precision ?? 6);
    case 'e':
    case 'E':
      return renderFloatSci(v, zeroPad, code.blank, code.plus, code.alt, true, t === 'E', precision ?? 6);
    default: {
      // 'g' / 'G'
      const p = precision ?? 6;
      const exponent = v === 0 ? 0 : floorLog10(Math.abs(v));
      if (exponent < -4 || exponent >= p) {
        return renderFloatSci(v, zeroPad, code.blank, code.plus, code.alt, code.alt, t === 'G', p - 1);
      }
      const digitsBeforePoint = Math.max(1, exponent + 1);
      return renderFloatDec(v, zeroPad, code.blank, code.plus, code.alt, code.alt, p - digitsBeforePoint);
    }
  }
}

const TWO_53 = 2 ** 53;

/** floor(std.log(a) / std.log(10)) as go-jsonnet's std.format computes it (Go's math.Log). */
function floorLog10(a: number): number {
  return Math.floor(goLog(a) / goLog(10));
}

/**
 * Digits of a non-negative number in `radix`, produced like the reference: repeated `% radix`
 * and `floor(/ radix)` in floating point (so huge values print the same "garbage" digits, and
 * a fractional remainder prints as a decimal number). `zeroPrefix` leads non-zero numbers.
 */
function digitsOf(n: number, radix: number, zeroPrefix: string): string {
  if (n === 0) return '0';
  if (Number.isInteger(n) && n < TWO_53) return zeroPrefix + n.toString(radix);
  let s = '';
  while (n !== 0) {
    const d = n % radix;
    // a fractional digit (from a fractional `*` precision) joins as Jsonnet's number text
    s = (Number.isInteger(d) ? d.toString(radix) : formatNumber(d)) + s;
    n = Math.floor(n / radix);
  }
  return zeroPrefix + s;
}

function renderInt(
  negative: boolean,
  n: number,
  minChars: number,
  minDigits: number,
  blank: boolean,
  plus: boolean,
  radix: number,
  zeroPrefix: string,
): string {
  const digits = digitsOf(n, radix, zeroPrefix);
  const signed = negative || blank || plus;
  const zp = Math.max(minChars - (signed ? 1 : 0), minDigits);
  const padded = digits.length < zp ? '0'.repeat(Math.ceil(zp - digits.length)) + digits : digits;
  return (negative ? '-' : plus ? '+' : blank ? ' ' : '') + padded;
}

/**
 * 10^k as go-jsonnet's std.format computes it (std.pow: Go's math.Pow). A `*` precision can be
 * fractional: Number('1e1.7') would be NaN, and NaN digits never end.
 */
function pow10(k: number): number {
  return goPow(10, k);
}

function renderFloatDec(
  v: number,
  zeroPad: number,
  blank: boolean,
  plus: boolean,
  ensurePoint: boolean,
  trailing: boolean,
  prec: number,
): string {
  const abs = Math.abs(v);
  const denominator = pow10(prec);
  const numerator = abs * denominator + 0.5;
  if (numerator === Infinity) throw new StdError('Overflow');
  // The reference special-cases zero (for negative precisions, 0.5 / 10^prec is not zero).
  const whole = abs === 0 ? 0 : Math.floor(numerator / denominator);
  const dotSize = prec === 0 && !ensurePoint ? 0 : 1;
  const str = renderInt(v < 0, whole, zeroPad - prec - dotSize, 0, blank, plus, 10, '');
  if (prec === 0) return ensurePoint ? str + '.' : str;
  const frac = abs === 0 ? 0 : Math.floor(numerator) % denominator;
  if (!trailing && !(frac > 0)) return str;
  const fracStr = renderInt(false, frac, prec, 0, false, false, 10, '');
  return str + '.' + (trailing ? fracStr : stripTrailingZeros(fracStr));
}

function stripTrailingZeros(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return s.slice(0, end);
}

function renderFloatSci(
  v: number,
  zeroPad: number,
  blank: boolean,
  plus: boolean,
  ensurePoint: boolean,
  trailing: boolean,
  caps: boolean,
  prec: number,
): string {
  const exponent = v === 0 ? 0 : floorLog10(Math.abs(v));
  const suffix = (caps ? 'E' : 'e') + renderInt(exponent < 0, Math.abs(exponent), 3, 0, false, true, 10, '');
  // 10^-324 underflows to 0, so the smallest exponent divides in two steps.
  const mantissa = exponent === -324 ? (v * 10) / pow10(exponent + 1) : v / pow10(exponent);
  return renderFloatDec(mantissa, zeroPad - suffix.length, blank, plus, ensurePoint, trailing, prec) + suffix;
}
