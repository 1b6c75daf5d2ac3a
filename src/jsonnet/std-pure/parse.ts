// Parsing functions of the standard library: std.parseInt/parseOctal/parseHex, std.parseJson and
// std.parseYaml (go-jsonnet's YAML reading, ported in ../goyaml-v2.ts).
import { parseYaml as goJsonnetParseYaml, ParseYamlError } from '../goyaml-v2.js';
import type { PlainValue } from './plain-value.js';
import { goJsonSyntaxError } from './go-json-syntax.js';
import { StdError } from './std-error.js';

function parseBase(str: string, base: number): number {
  const negative = str.startsWith('-');
  const digits = negative ? str.slice(1) : str;
  if (digits.length === 0) throw new StdError(`Not an integer: "${str}"`);
  let value = 0;
  for (const c of digits) {
    const d = digitValue(c);
    if (d < 0 || d >= base) throw new StdError(`${str} is not a base ${base} integer`);
    // Accumulated in floating point like the reference (huge inputs round the same way).
    value = value * base + d;
  }
  return negative ? -value : value;
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (c.length !== 1) return -1;
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** `std.parseInt(str)`: optional `-`, decimal digits. */
export function parseInt(str: string): number {
  return parseBase(str, 10);
}

/** `std.parseOctal(str)`: octal digits (no sign accepted by the reference's error text, but `-` is parsed). */
export function parseOctal(str: string): number {
  if (str.startsWith('-')) throw new StdError(`${str} is not a base 8 integer`);
  return parseBase(str, 8);
}

/** `std.parseHex(str)`: hexadecimal digits of either case. */
export function parseHex(str: string): number {
  if (str.startsWith('-')) throw new StdError(`${str} is not a base 16 integer`);
  return parseBase(str, 16);
}

/** `std.parseJson(str)`: standard JSON (no digit separators); duplicate keys keep the last value. */
export function parseJson(str: string): PlainValue {
  let value: PlainValue;
  try {
    value = JSON.parse(str) as PlainValue;
  } catch (e) {
    throw new StdError(`failed to parse JSON: ${goJsonSyntaxError(str) ?? (e as Error).message}`);
  }
  return checkFinite(value, 'failed to parse JSON');
}

// JSON.parse turns 1e400 into Infinity, which Jsonnet cannot hold; `-0` parses to 0 as in the reference.
function checkFinite(v: PlainValue, what: string): PlainValue {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new StdError(`${what}: number out of range`);
    return v === 0 ? 0 : v;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = checkFinite(v[i] as PlainValue, what);
  } else if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) v[k] = checkFinite(v[k] as PlainValue, what);
  }
  return v;
}

/**
 * `std.parseYaml(str)`: one document gives its value, a stream (a line starting with `---`) an
 * array of documents; empty input gives null. Errors are go-jsonnet's ("failed to parse YAML: ...").
 */
export function parseYaml(str: string): PlainValue {
  try {
    return goJsonnetParseYaml(str) as PlainValue;
  } catch (e) {
    if (e instanceof ParseYamlError) throw new StdError(e.message);
    throw e;
  }
}
