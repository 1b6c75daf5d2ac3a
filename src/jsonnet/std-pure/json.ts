// JSON text of plain Jsonnet values as the reference prints it: the CLI's 3-space output,
// std.manifestJsonEx and friends, the single-line form of std.toString, and string escaping.
import { formatNumber, formatNumberShortest } from './number-format.js';
import type { PlainObject, PlainValue } from './plain-value.js';
import { StdError } from './std-error.js';

/** Orders strings by Unicode code point (JS `<` compares UTF-16 units, which misorders astral characters). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) return surrogateOrder(x) - surrogateOrder(y);
      return x - y;
    }
  }
  return a.length - b.length;
}

// Moves surrogates (U+D800–DFFF, which encode code points ≥ U+10000) above U+E000–FFFF.
function surrogateOrder(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

// UTF-16 units from U+D800 up: only where one of them differs do UTF-16 and code-point order disagree.
const HIGH_UNITS = /[\ud800-\uffff]/;

/**
 * Sorts strings into code-point order, in place. Without units from U+D800 up (field names almost
 * never have any) that is UTF-16 order, which the engine's own sort gives without calling back
 * into JavaScript for every comparison: several times faster, the more so in code not yet optimised.
 */
export function sortCodePoints(strings: string[]): string[] {
  for (let i = 0; i < strings.length; i++)
    if (HIGH_UNITS.test(strings[i])) return strings.sort(compareCodePoints);
  return strings.sort();
}

/** The visible field names of a plain object in output order. */
export function sortedKeys(obj: PlainObject): string[] {
  const keys = Object.keys(obj);
  // Objects made from Jsonnet values already have their keys in order: a look, not a sort.
  for (let i = 1; i < keys.length; i++)
    if (compareCodePoints(keys[i - 1], keys[i]) > 0) return sortCodePoints(keys);
  return keys;
}

// Characters that need escaping: `"`, `\`, C0 controls, DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\u009f]/;

/** Whether escapeStringJson(s) is s in plain quotes. */
export function plainJsonString(s: string): boolean {
  return !NEEDS_ESCAPE.test(s);
}

// Characters JSON.stringify writes differently from escapeStringJson: DEL and the C1 controls
// (left raw) and surrogates (a lone one becomes `\udxxx`). Without them it is the same text, made
// natively (a dashboard's JSON embedded in a string has thousands of quotes to escape).
const STRINGIFY_DIFFERS = /[\u007f-\u009f\ud800-\udfff]/;

/** `std.escapeStringJson`: a quoted JSON string; non-ASCII stays raw, controls become `\u00xx`. */
export function escapeStringJson(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  if (!STRINGIFY_DIFFERS.test(s)) return JSON.stringify(s);
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    switch (c) {
      case 0x22:
        rep = '\\"';
        break;
      case 0x5c:
        rep = '\\\\';
        break;
      case 0x08:
        rep = '\\b';
        break;
      case 0x0c:
        rep = '\\f';
        break;
      case 0x0a:
        rep = '\\n';
        break;
      case 0x0d:
        rep = '\\r';
        break;
      case 0x09:
        rep = '\\t';
        break;
      default:
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) rep = '\\u00' + (c < 0x10 ? '0' : '') + c.toString(16);
    }
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** A manifestation path as the reference prints it in errors: `["a", 0]`. */
export function formatPath(path: readonly (string | number)[]): string {
  return '[' + path.map((p) => (typeof p === 'number' ? String(p) : escapeStringJson(p))).join(', ') + ']';
}

// Characters Go's encoding/json escapes (HTML escaping off): `"`, `\`, C0 controls, U+2028/9.
// eslint-disable-next-line no-control-regex
const GO_NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/;

// What JSON.stringify writes differently from Go's encoder: U+2028/U+2029 (left raw) and surrogates.
const GO_STRINGIFY_DIFFERS = /[\u2028\u2029\ud800-\udfff]/;

/**
 * A JSON string as Go's encoding/json writes it (go-jsonnet's `std.manifestJsonEx` uses it):
 * unlike `escapeStringJson`, DEL and C1 controls stay raw and U+2028/U+2029 are escaped.
 */
export function goJsonString(s: string): string {
  if (!GO_NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  if (!GO_STRINGIFY_DIFFERS.test(s)) return JSON.stringify(s);
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 0x22) rep = '\\"';
    else if (c === 0x5c) rep = '\\\\';
    else if (c === 0x08) rep = '\\b';
    else if (c === 0x0c) rep = '\\f';
    else if (c === 0x0a) rep = '\\n';
    else if (c === 0x0d) rep = '\\r';
    else if (c === 0x09) rep = '\\t';
    else if (c < 0x20) rep = '\\u00' + (c < 0x10 ? '0' : '') + c.toString(16);
    else if (c === 0x2028 || c === 0x2029) rep = '\\u' + c.toString(16);
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** The layout of `std.manifestJsonEx(value, indent, newline, key_val_sep)`, and where it is writing. */
export interface JsonEx {
  indent: string;
  newline: string;
  /** Between elements: a comma and the newline. */
  comma: string;
  keyValSep: string;
  /** The text, as pieces. */
  out: string[];
  /** Where the writer is (keys and indexes), for errors. */
  path: (string | number)[];
}

export function jsonEx(indent: string, newline = '\n', keyValSep = ': '): JsonEx {
  return { indent, newline, comma: ',' + newline, keyValSep, out: [], path: [] };
}

/** A string as go-jsonnet's manifestJsonEx writes it, then `after`, as pieces. */
export function pushGoJsonString(out: string[], s: string, after: string): void {
  if (GO_NEEDS_ESCAPE.test(s)) out.push(goJsonString(s), after);
  else out.push('"', s, '"', after);
}

/**
 * `std.manifestJsonEx(value, indent, newline, key_val_sep)` as go-jsonnet v0.22 prints it:
 * numbers in the shortest form that reads back exactly, never with an exponent (C++ uses
 * `%.17g`); strings and keys through Go's JSON encoder. Empty containers print as the opening
 * bracket, two newlines, the current indent and the closing bracket.
 */
export function manifestJsonEx(value: PlainValue, indent: string, newline = '\n', keyValSep = ': '): string {
  const ex = jsonEx(indent, newline, keyValSep);
  writePlainJsonEx(value, '', ex);
  return ex.out.join('');
}

/** Writes manifestJsonEx's text of a scalar (as pieces) and says so; false, nothing written, otherwise. */
export function writeJsonExScalar(v: unknown, out: string[]): v is null | boolean | number | string {
  if (v === null) out.push('null');
  else if (v === true) out.push('true');
  else if (v === false) out.push('false');
  else if (typeof v === 'number') out.push(formatNumberShortest(v));
  else if (typeof v === 'string') pushGoJsonString(out, v, '');
  else return false;
  return true;
}

/** manifestJsonEx's text of plain data at indentation `cindent`. */
export function writePlainJsonEx(v: PlainValue, cindent: string, ex: JsonEx): void {
  if (writeJsonExScalar(v, ex.out)) return;
  if (typeof v === 'function') throw new StdError('Tried to manifest function at ' + formatPath(ex.path));
  const inner = cindent + ex.indent;
  if (Array.isArray(v)) {
    ex.out.push('[', ex.newline);
    for (let i = 0; i < v.length; i++) {
      if (i > 0) ex.out.push(ex.comma);
      ex.out.push(inner);
      ex.path.push(i);
      writePlainJsonEx(v[i] as PlainValue, inner, ex);
      ex.path.pop();
    }
    ex.out.push(ex.newline, cindent, ']');
    return;
  }
  ex.out.push('{', ex.newline);
  const keys = sortedKeys(v);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (i > 0) ex.out.push(ex.comma);
    ex.out.push(inner);
    pushGoJsonString(ex.out, k, ex.keyValSep);
    ex.path.push(k);
    writePlainJsonEx(v[k] as PlainValue, inner, ex);
    ex.path.pop();
  }
  ex.out.push(ex.newline, cindent, '}');
}

/** `std.manifestJson(value)`: 4-space indentation. */
export function manifestJson(value: PlainValue): string {
  return manifestJsonEx(value, '    ');
}

/** `std.manifestJsonMinified(value)`: no whitespace at all. */
export function manifestJsonMinified(value: PlainValue): string {
  return manifestJsonEx(value, '', '', ':');
}

const FUNCTION_IN_OUTPUT = "couldn't manifest function in JSON output.";

/**
 * The CLI's JSON output (without the final newline): 3-space indentation and `[ ]` / `{ }` for
 * empty containers.
 */
export function manifestJsonOutput(value: PlainValue): string {
  const out: string[] = [];
  const aux = (v: PlainValue, cindent: string): void => {
    if (v === null) out.push('null');
    else if (v === true) out.push('true');
    else if (v === false) out.push('false');
    else if (typeof v === 'number') out.push(formatNumber(v));
    else if (typeof v === 'string') out.push(escapeStringJson(v));
    else if (typeof v === 'function') throw new StdError(FUNCTION_IN_OUTPUT);
    else if (Array.isArray(v)) {
      if (v.length === 0) {
        out.push('[ ]');
        return;
      }
      const inner = cindent + '   ';
      out.push('[\n');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) out.push(',\n');
        out.push(inner);
        aux(v[i] as PlainValue, inner);
      }
      out.push('\n' + cindent + ']');
    } else {
      const keys = sortedKeys(v);
      if (keys.length === 0) {
        out.push('{ }');
        return;
      }
      const inner = cindent + '   ';
      out.push('{\n');
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        if (i > 0) out.push(',\n');
        out.push(inner + escapeStringJson(k) + ': ');
        aux(v[k] as PlainValue, inner);
      }
      out.push('\n' + cindent + '}');
    }
  };
  aux(value, '');
  return out.join('');
}

/** The single-line form used by `std.toString`, `'' + value` and `%s`: `{"a": [1, 2]}`. */
export function manifestSingleLine(value: PlainValue): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return escapeStringJson(value);
  if (typeof value === 'function') throw new StdError(FUNCTION_IN_OUTPUT);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return '[' + value.map((e) => manifestSingleLine(e)).join(', ') + ']';
  }
  const keys = sortedKeys(value);
  if (keys.length === 0) return '{ }';
  return (
    '{' +
    keys.map((k) => escapeStringJson(k) + ': ' + manifestSingleLine(value[k] as PlainValue)).join(', ') +
    '}'
  );
}
