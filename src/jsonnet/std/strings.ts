// std: string functions, wired to the pure helpers in std-pure/strings.ts after type checks.
import { codepoints, strLength, toStr } from '../evaluator.js';
import { toPlain } from '../manifest.js';
import { rtError } from '../runtime.js';
import {
  asciiCase,
  checkedArg,
  hasLength,
  parseNatFrames,
  prefixArgs,
  splitArgs,
  STRING_CHARS,
  unexpected,
} from '../std-checks.js';
import {
  FORMAT_NOT_STRING,
  FORMAT_STRING_READ,
  FORMAT_VALS,
  formatParseFrames,
  stdError,
  withStdFrames,
  type StdFrame,
} from '../std-frames.js';
import { escapeStringJson } from '../std-pure/json.js';
import { goFloat } from '../std-pure/number-format.js';
import type { PlainValue } from '../std-pure/plain-value.js';
import * as S from '../std-pure/strings.js';
import { JArray, typeOf, type Value } from '../values.js';
import { def, int32, num, str, val, type Args, type Builtin } from './args.js';
import { formatValues, valsKind } from './format-bridge.js';

function charsArg(a: Args, i: number): string | PlainValue[] {
  const v = val(a[i]);
  if (typeof v === 'string') return v;
  if (v instanceof JArray) return toPlain(v) as PlainValue[];
  // go-jsonnet's rawMember, which std.member shares.
  throw rtError('std.member first argument must be an array or a string');
}

/**
 * std.parseInt as go-jsonnet's (Go's strconv.ParseInt(s, 10, 64) made a float64): a sign, + too,
 * then digits; beyond int64 an error; rounded once to a double (digit by digit in doubles,
 * 999999999999999999 came out 1000000000000000128).
 */
function parseInt10(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw rtError(`${s} is not a base 10 integer`);
  const n = BigInt(s);
  if (n < -(2n ** 63n) || n >= 2n ** 63n) throw rtError(`${s} is not a base 10 integer`);
  return Number(n);
}

function parseIntBase(s: string, base: number, what: string): number {
  const str = s;
  if (str.length === 0) throw rtError(`Not an integer: "${s}"`);
  let n = 0;
  for (const c of str) {
    const d = parseInt(c, base);
    if (Number.isNaN(d)) throw rtError(`${s} is not a ${what} integer`);
    n = n * base + d;
  }
  return n;
}

/**
 * A string argument of a function go-jsonnet writes over std.stringChars (std.length of it): a
 * null, boolean or number fails there, with `frames(fn)`.
 */
function stringOr<F extends string>(a: Args, frames: (fn: F) => StdFrame[], fn: F): string {
  const v = val(a[0]);
  if (typeof v === 'string') return v;
  if (!hasLength(v)) throw stdError(unexpected(v), frames(fn));
  return str(a, 0, fn);
}

/** std.parseOctal / std.parseHex: go-jsonnet's asserts, then parse_nat over the digits. */
function parseNat(a: Args, base: 8 | 16): number {
  const s = val(a[0]);
  if (typeof s === 'string' && s.length > 0) {
    try {
      return parseIntBase(s, base, `base ${base}`);
    } catch (e) {
      throw withStdFrames(e, parseNatFrames(base).digit);
    }
  }
  const frames = parseNatFrames(base);
  if (typeof s !== 'string') throw stdError(`Expected string, got ${typeOf(s)}`, frames.notString);
  throw stdError(base === 8 ? 'Not an octal number: ""' : 'Not hexadecimal: ""', frames.empty);
}

export const stringBuiltins: Builtin[] = [
  def('toString', ['a'], (a) => toStr(val(a[0]))),
  def('codepoint', ['str'], (a) => S.codepoint(str(a, 0, 'codepoint'))),
  def('char', ['n'], (a) => S.char(num(a, 0, 'char'))),
  def('substr', ['str', 'from', 'len'], (a) => {
    const s = val(a[0]);
    const from = val(a[1]);
    const len = val(a[2]);
    if (typeof s !== 'string') throw rtError(`substr first parameter should be a string, got ${typeOf(s)}`);
    if (typeof from !== 'number')
      throw rtError(`substr second parameter should be a number, got ${typeOf(from)}`);
    if (typeof len !== 'number')
      throw rtError(`substr third parameter should be a number, got ${typeOf(len)}`);
    if (!Number.isInteger(from))
      throw rtError(`substr second parameter should be an integer, got ${from.toFixed(6)}`);
    if (!Number.isInteger(len))
      throw rtError(`substr third parameter should be an integer, got ${len.toFixed(6)}`);
    return S.substr(s, from, len);
  }),
  def('findSubstr', ['pat', 'str'], (a) => {
    const pat = checkedArg(a, 'findSubstr', 0) as string;
    const s = checkedArg(a, 'findSubstr', 1) as string;
    return new JArray(S.findSubstr(pat, s));
  }),
  def('startsWith', ['a', 'b'], (a) => {
    const [x, y] = prefixArgs(a, 'startsWith') ?? [str(a, 0, 'startsWith'), str(a, 1, 'startsWith')];
    return S.startsWith(x, y);
  }),
  def('endsWith', ['a', 'b'], (a) => {
    const [x, y] = prefixArgs(a, 'endsWith') ?? [str(a, 0, 'endsWith'), str(a, 1, 'endsWith')];
    return S.endsWith(x, y);
  }),
  def('stripChars', ['str', 'chars'], (a) => S.stripChars(str(a, 0, 'stripChars'), charsArg(a, 1))),
  def('lstripChars', ['str', 'chars'], (a) => S.lstripChars(str(a, 0, 'lstripChars'), charsArg(a, 1))),
  def('rstripChars', ['str', 'chars'], (a) => S.rstripChars(str(a, 0, 'rstripChars'), charsArg(a, 1))),
  def('split', ['str', 'c'], (a) => new JArray(S.split(...splitArgs(a)))),
  def(
    'splitLimit',
    ['str', 'c', 'maxsplits'],
    (a) =>
      new JArray(S.splitLimit(str(a, 0, 'splitLimit'), str(a, 1, 'splitLimit'), int32(a, 2, 'splitLimit'))),
  ),
  def(
    'splitLimitR',
    ['str', 'c', 'maxsplits'],
    (a) =>
      new JArray(S.splitLimitR(str(a, 0, 'splitLimitR'), str(a, 1, 'splitLimitR'), num(a, 2, 'splitLimitR'))),
  ),
  def('strReplace', ['str', 'from', 'to'], (a) =>
    S.strReplace(str(a, 0, 'strReplace'), str(a, 1, 'strReplace'), str(a, 2, 'strReplace')),
  ),
  def('isEmpty', ['str'], (a) => str(a, 0, 'isEmpty').length === 0),
  def('equalsIgnoreCase', ['str1', 'str2'], (a) =>
    S.equalsIgnoreCase(str(a, 0, 'equalsIgnoreCase'), str(a, 1, 'equalsIgnoreCase')),
  ),
  def('trim', ['str'], (a) => S.trim(str(a, 0, 'trim'))),
  def('asciiUpper', ['str'], (a) => S.asciiUpper(stringOr(a, asciiCase, 'asciiUpper'))),
  def('asciiLower', ['str'], (a) => S.asciiLower(stringOr(a, asciiCase, 'asciiLower'))),
  def(
    'stringChars',
    ['str'],
    (a) => new JArray(codepoints(stringOr(a, () => STRING_CHARS, 'stringChars')).slice()),
  ),
  def('format', ['str', 'vals'], (a) => {
    // go-jsonnet's std.format forces `vals` (std.isArray) before its format string.
    let vals: Value;
    try {
      vals = val(a[1]);
    } catch (e) {
      throw withStdFrames(e, FORMAT_VALS);
    }
    let fmt: Value;
    try {
      fmt = val(a[0]);
    } catch (e) {
      // Forced by its parser's `std.length(str)`.
      throw withStdFrames(
        e,
        formatParseFrames([...FORMAT_STRING_READ, ...FORMAT_NOT_STRING], valsKind(vals)),
      );
    }
    if (typeof fmt !== 'string') {
      if (!hasLength(fmt))
        throw stdError(unexpected(fmt), formatParseFrames(FORMAT_NOT_STRING, valsKind(vals)));
      return str(a, 0, 'format');
    }
    return formatValues(fmt, vals);
  }),
  def('escapeStringJson', ['str_'], (a) => escapeStringJson(toStr(val(a[0])))),
  def('escapeStringBash', ['str_'], (a) => S.escapeStringBash(toStr(val(a[0])))),
  def('escapeStringDollars', ['str_'], (a) => S.escapeStringDollars(toStr(val(a[0])))),
  def('escapeStringPython', ['str'], (a) => S.escapeStringPython(toStr(val(a[0])))),
  def('escapeStringXML', ['str_'], (a) => S.escapeStringXml(toStr(val(a[0])))),
  def('parseInt', ['str'], (a) => parseInt10(str(a, 0, 'parseInt'))),
  def('parseOctal', ['str'], (a) => parseNat(a, 8)),
  def('parseHex', ['str'], (a) => parseNat(a, 16)),
  def('encodeUTF8', ['str'], (a) => new JArray(Array.from(Buffer.from(str(a, 0, 'encodeUTF8'), 'utf8')))),
  def('decodeUTF8', ['arr'], (a) => {
    const v = val(a[0]);
    if (!(v instanceof JArray)) throw rtError(`Unexpected type ${typeOf(v)}, expected array`);
    const bytes = new Uint8Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const b: Value = v.get(i);
      if (typeof b !== 'number') throw rtError(`Unexpected type ${typeOf(b)}, expected number`);
      if (!Number.isInteger(b)) throw rtError(`Expected an integer, but got ${goFloat(b)}`);
      if (b < 0 || b > 255) {
        throw rtError(`Bytes must be integers in range [0, 255], got ${b}`);
      }
      bytes[i] = b;
    }
    return Buffer.from(bytes).toString('utf8');
  }),
];

export { strLength };
