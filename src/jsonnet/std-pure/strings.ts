// String functions of the standard library over JS strings. Jsonnet strings are sequences of
// code points, so lengths, indices and characters here count code points, not UTF-16 units.
// Argument type checks ("Builtin function X expected …") belong to the caller.
import { escapeStringJson, manifestSingleLine } from './json.js';
import type { PlainValue } from './plain-value.js';
import { goFloat } from './number-format.js';
import { StdError } from './std-error.js';

const ASTRAL = /[\ud800-\udfff]/;

/** Number of code points (`std.length` of a string). */
export function codePointLength(s: string): number {
  if (!ASTRAL.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** `std.stringChars(str)`: one string per code point. */
export function stringChars(s: string): string[] {
  if (!ASTRAL.test(s)) return s.split('');
  return Array.from(s);
}

/** `std.char(n)`: the one-character string of code point `floor(n)`. */
export function char(n: number): string {
  const cp = Math.floor(n);
  if (cp < 0) throw new StdError(`Codepoints must be >= 0, got ${goFloat(cp)}`);
  if (cp > 0x10ffff) throw new StdError(`Invalid unicode codepoint, got ${goFloat(cp)}`);
  return String.fromCodePoint(cp);
}

/** `std.codepoint(str)`: the code point of a one-character string. */
export function codepoint(s: string): number {
  const len = codePointLength(s);
  if (len !== 1) throw new StdError(`codepoint takes a string of length 1, got length ${len}`);
  return s.codePointAt(0) as number;
}

/** `std.toString(v)`: strings unchanged, everything else in single-line JSON form. */
export function toString(v: PlainValue): string {
  return typeof v === 'string' ? v : manifestSingleLine(v);
}

/** `std.substr(str, from, len)` in code points; `from`/`len` are floored like the reference. */
export function substr(s: string, from: number, len: number): string {
  if (from < 0) throw new StdError(`substr second parameter should be greater than zero, got ${from}`);
  if (len < 0) throw new StdError(`substr third parameter should be greater than zero, got ${len}`);
  const start = Math.floor(from);
  const count = Math.floor(len);
  if (!ASTRAL.test(s)) return s.substr(start, count);
  return Array.from(s)
    .slice(start, start + count)
    .join('');
}

/** `std.findSubstr(pat, str)`: code-point indices of every (possibly overlapping) occurrence. */
export function findSubstr(pat: string, s: string): number[] {
  const out: number[] = [];
  if (pat.length === 0) return out;
  const astral = ASTRAL.test(s);
  let unitPos = s.indexOf(pat);
  let cpPos = 0;
  let lastUnit = 0;
  while (unitPos >= 0) {
    cpPos += astral ? codePointLength(s.slice(lastUnit, unitPos)) : unitPos - lastUnit;
    lastUnit = unitPos;
    out.push(cpPos);
    unitPos = s.indexOf(pat, unitPos + 1);
  }
  return out;
}

/** `std.startsWith(a, b)`. */
export function startsWith(a: string, b: string): boolean {
  return a.startsWith(b);
}

/** `std.endsWith(a, b)`. */
export function endsWith(a: string, b: string): boolean {
  return a.endsWith(b);
}

/** `std.strReplace(str, from, to)`: every non-overlapping occurrence, left to right. */
export function strReplace(s: string, from: string, to: string): string {
  if (from.length === 0) throw new StdError("'from' string must not be zero length.");
  return s.split(from).join(to);
}

/** `std.split(str, c)`. */
export function split(s: string, c: string): string[] {
  if (c.length === 0) throw new StdError('std.split second parameter must have length 1 or greater, got 0');
  return s.split(c);
}

/** `std.splitLimit(str, c, maxsplits)`: at most `maxsplits` splits from the left (negative: all). */
export function splitLimit(s: string, c: string, maxsplits: number): string[] {
  if (maxsplits < -1)
    throw new StdError(`std.splitLimit third parameter should be -1 or non-negative, got ${maxsplits}`);
  if (c.length === 0)
    throw new StdError('std.splitLimit second parameter should have length 1 or greater, got 0');
  if (maxsplits < 0) return s.split(c);
  const out: string[] = [];
  let start = 0;
  let count = 0;
  while (count < maxsplits) {
    const at = s.indexOf(c, start);
    if (at < 0) break;
    out.push(s.slice(start, at));
    start = at + c.length;
    count++;
  }
  out.push(s.slice(start));
  return out;
}

/** `std.splitLimitR(str, c, maxsplits)`: at most `maxsplits` splits from the right (-1: all, from the left). */
export function splitLimitR(s: string, c: string, maxsplits: number): string[] {
  if (maxsplits < -1)
    throw new StdError(`std.splitLimitR third parameter should be -1 or non-negative, got ${maxsplits}`);
  if (c.length === 0)
    throw new StdError('std.splitLimitR second parameter should have length 1 or greater, got 0');
  if (maxsplits === -1) return s.split(c);
  const out: string[] = [];
  let end = s.length;
  let count = 0;
  while (maxsplits < 0 || count < maxsplits) {
    if (end < c.length) break;
    const at = s.lastIndexOf(c, end - c.length);
    if (at < 0) break;
    out.push(s.slice(at + c.length, end));
    end = at;
    count++;
  }
  out.push(s.slice(0, end));
  return out.reverse();
}

const TRIM_CHARS = new Set([' ', '\t', '\n', '\f', '\r', '\u0085', '\u00a0']);

/** `std.trim(str)`: strips space, tab, newline, form feed, carriage return, U+0085 and U+00A0. */
export function trim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && TRIM_CHARS.has(s[start] as string)) start++;
  while (end > start && TRIM_CHARS.has(s[end - 1] as string)) end--;
  return s.slice(start, end);
}

function charSet(chars: string | readonly PlainValue[]): Set<PlainValue> {
  return new Set(typeof chars === 'string' ? stringChars(chars) : chars);
}

/** `std.lstripChars(str, chars)`: `chars` is a string or an array of one-character strings. */
export function lstripChars(s: string, chars: string | readonly PlainValue[]): string {
  const set = charSet(chars);
  const cps = stringChars(s);
  let start = 0;
  while (start < cps.length && set.has(cps[start] as string)) start++;
  return start === 0 ? s : cps.slice(start).join('');
}

/** `std.rstripChars(str, chars)`. */
export function rstripChars(s: string, chars: string | readonly PlainValue[]): string {
  const set = charSet(chars);
  const cps = stringChars(s);
  let end = cps.length;
  while (end > 0 && set.has(cps[end - 1] as string)) end--;
  return end === cps.length ? s : cps.slice(0, end).join('');
}

/** `std.stripChars(str, chars)`. */
export function stripChars(s: string, chars: string | readonly PlainValue[]): string {
  return lstripChars(rstripChars(s, chars), chars);
}

/** `std.asciiUpper(str)`: only a–z change. */
export function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/** `std.asciiLower(str)`: only A–Z change. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * `std.equalsIgnoreCase(a, b)`: go-jsonnet's is Go's strings.EqualFold, Unicode simple case
 * folding code point by code point ('É' equals 'é', 'ſ' equals 's', 'İ' and 'ı' equal no 'i').
 */
export function equalsIgnoreCase(a: string, b: string): boolean {
  if (a === b) return true;
  const ca = [...a];
  const cb = [...b];
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i] as string;
    const y = cb[i] as string;
    if (x !== y && foldKey(x) !== foldKey(y)) return false;
  }
  return true;
}

const single = (s: string): boolean => s.length === 1 || (s.length === 2 && s.codePointAt(0)! > 0xffff);

/** One code point of a simple case-folding orbit: lower(upper(c)) where both map to one code point. */
function foldKey(c: string): string {
  // dotless ı uppercases to I but is not folded with it (Unicode's CaseFolding has no entry)
  if (c === '\u0131') return c;
  const u = c.toUpperCase();
  const up = single(u) ? u : c;
  const l = up.toLowerCase();
  if (single(l)) return l;
  const l2 = c.toLowerCase();
  return single(l2) ? l2 : c;
}

/** `std.isEmpty(str)`. */
export function isEmpty(s: string): boolean {
  return s.length === 0;
}

/** `std.escapeStringBash(str)`: single-quoted for a POSIX shell. */
export function escapeStringBash(s: string): string {
  return "'" + s.split("'").join(`'"'"'`) + "'";
}

/** `std.escapeStringDollars(str)`: `$` doubled. */
export function escapeStringDollars(s: string): string {
  return s.split('$').join('$$');
}

/** `std.escapeStringPython(str)`: the same text as `std.escapeStringJson`. */
export function escapeStringPython(s: string): string {
  return escapeStringJson(s);
}

const XML_ESCAPES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
};

/** `std.escapeStringXML(str)`. */
export function escapeStringXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => XML_ESCAPES[c] as string);
}

export { escapeStringJson };
