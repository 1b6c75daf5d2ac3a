// Go's encoding/json MarshalIndent of JSON data as go-jsonnet hands it to a native function (nil,
// bool, float64, string, []interface{}, map[string]interface{}): kubecfg's manifestJson writes
// with it. Keys in byte order, HTML characters escaped, float64s as Go writes them.
import { compareCodePoints, goJsonString } from '../jsonnet/std-pure/json.js';

/** json.MarshalIndent(value, "", indent): even an empty indent puts every element on its own line. */
export function goJsonMarshalIndent(value: unknown, indent: string): string {
  const out: string[] = [];
  write(out, value, indent, '\n');
  return out.join('');
}

function write(out: string[], value: unknown, indent: string, newline: string): void {
  if (value === null || value === undefined) out.push('null');
  else if (typeof value === 'boolean') out.push(String(value));
  else if (typeof value === 'number') out.push(goFloat(value));
  else if (typeof value === 'string') out.push(goHtmlSafeString(value));
  else if (Array.isArray(value)) {
    if (value.length === 0) return void out.push('[]');
    const inner = newline + indent;
    out.push('[');
    value.forEach((item, i) => {
      out.push(i === 0 ? inner : ',' + inner);
      write(out, item, indent, inner);
    });
    out.push(newline, ']');
  } else {
    const object = value as Record<string, unknown>;
    // UTF-8 byte order is code-point order
    const keys = Object.keys(object).sort(compareCodePoints);
    if (keys.length === 0) return void out.push('{}');
    const inner = newline + indent;
    out.push('{');
    keys.forEach((key, i) => {
      out.push(i === 0 ? inner : ',' + inner, goHtmlSafeString(key), ': ');
      write(out, object[key], indent, inner);
    });
    out.push(newline, '}');
  }
}

/**
 * encoding/json's floatEncoder: exponent form below 1e-6 and from 1e21 on (`1e-7`, `1e+21`), as
 * JavaScript's shortest form switches too; Go keeps the sign of -0.
 */
function goFloat(f: number): string {
  return Object.is(f, -0) ? '-0' : String(f);
}

/** A string as json.Marshal writes it: Go's escapes plus <, > and & (HTML escaping is on). */
function goHtmlSafeString(s: string): string {
  // a Jsonnet string reaches Go as UTF-8, where a lone surrogate is U+FFFD
  const wellFormed = (s as string & { toWellFormed(): string }).toWellFormed();
  return goJsonString(wellFormed).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}
