// What goyaml.v2's errors and sigs.k8s.io/yaml's key conversion take from Go's standard library:
// fmt's %#v of a decoded value (map keys sorted as fmt sorts them), strconv.Quote and
// strconv.FormatFloat(x, 'g', -1, bits). For ./decoder.ts.
import type { Resolved } from './resolve.js';

/** A decoded value as Go holds it: scalars as resolved, []interface{}, map[interface{}]interface{}. */
export type GoValue = Resolved | GoValue[] | GoMap;
export type GoMap = Map<string | symbol, [Resolved, GoValue]>;

export function goType(v: Resolved): string {
  if (v.value === null) return 'nil';
  if (v.uint64) return 'uint64';
  if (v.int !== undefined) return 'int';
  return typeof v.value === 'number' ? 'float64' : typeof v.value;
}

/** fmt's %#v of a Go value (`nested` in a collection, where nil is typed); map keys as fmt sorts them. */
export function goSyntax(v: GoValue, nested: boolean): string {
  if (Array.isArray(v)) return `[]interface {}{${v.map((item) => goSyntax(item, true)).join(', ')}}`;
  if (v instanceof Map) {
    const entries = [...v.values()].sort(([a], [b]) => compareGoKeys(a, b));
    const text = entries.map(([k, value]) => `${goSyntax(k, true)}:${goSyntax(value, true)}`);
    return `map[interface {}]interface {}{${text.join(', ')}}`;
  }
  const value = v.value;
  if (value === null) return nested ? 'interface {}(nil)' : '<nil>';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'boolean') return String(value);
  if (v.uint64) return `0x${(v.int as bigint).toString(16)}`;
  if (v.int !== undefined) return v.int.toString();
  return formatFloat(value, 64);
}

/**
 * fmtsort orders interface keys nil first, then by the address of their type's descriptor: in the
 * go-jsonnet v0.22.0 binary (tested), string, uint64, int, float64, bool.
 */
const GO_TYPE_ORDER = ['nil', 'string', 'uint64', 'int', 'float64', 'boolean'];

function compareGoKeys(a: Resolved, b: Resolved): number {
  const [ta, tb] = [GO_TYPE_ORDER.indexOf(goType(a)), GO_TYPE_ORDER.indexOf(goType(b))];
  if (ta !== tb) return ta - tb;
  if (typeof a.value === 'string')
    return Buffer.compare(Buffer.from(a.value), Buffer.from(b.value as string));
  if (a.int !== undefined) return a.int < (b.int as bigint) ? -1 : a.int > (b.int as bigint) ? 1 : 0;
  if (typeof a.value === 'number') {
    const [x, y] = [a.value, b.value as number];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
    return x - y;
  }
  return Number(a.value) - Number(b.value);
}

// unicode.IsPrint's classes (Go's tables are Unicode 15.0: a character new in Unicode 16, which Go
// escapes, is printed as it is here)
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const QUOTE_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** strconv.Quote */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if ((c >= 0x20 && c < 0x7f) || (c >= 0x80 && PRINTABLE.test(ch))) out += ch;
    else if (QUOTE_ESCAPES[ch] !== undefined) out += QUOTE_ESCAPES[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/**
 * strconv.FormatFloat(x, 'g', -1, bits): the shortest digits that read back as the same float64
 * (or float32), in %e form for exponents below -4 or from 6 on.
 */
export function formatFloat(x: number, bits: 32 | 64): string {
  const f = bits === 32 ? Math.fround(x) : x;
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let text = Math.abs(f).toExponential();
  for (let precision = 1; bits === 32 && precision <= 9; precision++) {
    text = Math.abs(f).toExponential(precision - 1);
    if (Math.fround(Number(text)) === Math.abs(f)) break;
  }
  const [mantissa, exponent] = text.split('e') as [string, string];
  const digits = mantissa.replace('.', '').replace(/0+$/, '');
  const exp = Number(exponent);
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${fraction}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fraction = digits.slice(exp + 1);
  return `${sign}${whole}${fraction !== '' ? `.${fraction}` : ''}`;
}
