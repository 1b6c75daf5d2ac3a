// YAML text of plain Jsonnet values as the reference prints it: std.manifestYamlDoc,
// std.manifestYamlStream and the CLI's `-y` stream of JSON documents.
import { escapeStringJson, formatPath, manifestJsonOutput, sortedKeys } from './json.js';
import { formatNumberShortest } from './number-format.js';
import { isPlainObject, typeName, type PlainValue } from './plain-value.js';
import { StdError } from './std-error.js';

// Words YAML 1.1 reads as booleans, null or special floats (compared case-insensitively).
const RESERVED_KEYS = new Set([
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  '.nan',
  '-.inf',
  '+.inf',
  '.inf',
  'null',
  '-',
  '---',
  '',
]);

const SAFE_KEY = /^[A-Za-z0-9_./-]+$/;
// go-jsonnet's patterns: a date-like key, a binary integer, and (unanchored, as in Go) a hex run.
const TIMESTAMP_LIKE = /^(?:[0-9]*-){2}[0-9]*$/;
const BINARY_LIKE = /^[-+]?0b[0-1_]+$/;
const HEX_LIKE = /[-+]?0x[0-9a-fA-F_]+/;
// What Go's strconv.Atoi / ParseFloat accept within the safe character set.
const INTEGER_LIKE = /^-?[0-9]+$/;
// (Go float syntax allows `_` between two digits.)
const D = '[0-9]+(?:_[0-9]+)*';
const FLOAT_LIKE = new RegExp(`^-?(?:${D}\\.?(?:${D})?|\\.${D})(?:[eE]-?${D})?$`);
const SPECIAL_FLOAT = /^-?(?:inf|infinity|nan)$/i;

/**
 * Whether a key may stay unquoted when `quote_keys=false`, exactly as go-jsonnet v0.22 decides
 * (its native `yamlBareSafe`): only `[A-Za-z0-9_./-]`, not a reserved word, not date-, binary- or
 * hex-like, and not something Go's `strconv` reads as an integer or a finite float.
 */
export function isBareYamlKey(key: string): boolean {
  if (!SAFE_KEY.test(key)) return false;
  if (RESERVED_KEYS.has(key.toLowerCase())) return false;
  if (TIMESTAMP_LIKE.test(key) || BINARY_LIKE.test(key) || HEX_LIKE.test(key)) return false;
  if (INTEGER_LIKE.test(key)) return false;
  if (SPECIAL_FLOAT.test(key)) return false;
  // ParseFloat fails (so the key stays bare) when the value overflows to infinity.
  if (FLOAT_LIKE.test(key) && Number.isFinite(Number(key.replaceAll('_', '')))) return false;
  return true;
}

function nonEmptyArray(v: PlainValue): boolean {
  return Array.isArray(v) && v.length > 0;
}

function nonEmptyObject(v: PlainValue): boolean {
  if (!isPlainObject(v)) return false;
  for (const _ in v) return true;
  return false;
}

/**
 * `std.manifestYamlDoc(value, indent_array_in_object=false, quote_keys=true)`: 2-space YAML;
 * strings ending in a newline become `|` block scalars.
 */
export function manifestYamlDoc(value: PlainValue, indentArrayInObject = false, quoteKeys = true): string {
  const path: (string | number)[] = [];
  const key = (k: string): string => (quoteKeys || !isBareYamlKey(k) ? escapeStringJson(k) : k);
  const aux = (v: PlainValue, cindent: string): string => {
    if (v === null) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'number') return formatNumberShortest(v);
    if (typeof v === 'string') {
      if (v.length === 0) return '""';
      if (v.charCodeAt(v.length - 1) === 10) {
        const lines = v.split('\n');
        lines.pop();
        return '|' + lines.map((l) => '\n' + cindent + '  ' + l).join('');
      }
      return escapeStringJson(v);
    }
    if (typeof v === 'function') throw new StdError('Tried to manifest function at ' + formatPath(path));
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      const parts: string[] = [];
      for (let i = 0; i < v.length; i++) {
        const e = v[i] as PlainValue;
        let inner: string;
        let space: string;
        if (nonEmptyArray(e)) {
          inner = cindent + '  ';
          space = '\n' + inner;
        } else if (nonEmptyObject(e)) {
          inner = cindent + '  ';
          space = ' ';
        } else {
          inner = cindent;
          space = ' ';
        }
        path.push(i);
        parts.push('-' + space + aux(e, inner));
        path.pop();
      }
      return parts.join('\n' + cindent);
    }
    const keys = sortedKeys(v);
    if (keys.length === 0) return '{}';
    const lines: string[] = [];
    for (const k of keys) {
      const e = v[k] as PlainValue;
      let inner: string;
      let space: string;
      if (nonEmptyArray(e)) {
        inner = indentArrayInObject ? cindent + '  ' : cindent;
        space = '\n' + inner;
      } else if (nonEmptyObject(e)) {
        inner = cindent + '  ';
        space = '\n' + inner;
      } else {
        inner = cindent;
        space = ' ';
      }
      path.push(k);
      lines.push(key(k) + ':' + space + aux(e, inner));
      path.pop();
    }
    return lines.join('\n' + cindent);
  };
  return aux(value, '');
}

/**
 * `std.manifestYamlStream(value, indent_array_in_object=false, c_document_end=true, quote_keys=true)`:
 * `---` before each document, `...` at the end (or just a newline without `c_document_end`).
 */
export function manifestYamlStream(
  value: PlainValue,
  indentArrayInObject = false,
  cDocumentEnd = true,
  quoteKeys = true,
): string {
  if (!Array.isArray(value))
    throw new StdError('manifestYamlStream only takes arrays, got ' + typeName(value));
  const docs = value.map((d) => manifestYamlDoc(d, indentArrayInObject, quoteKeys));
  return '---\n' + docs.join('\n---\n') + (cDocumentEnd ? '\n...\n' : '\n');
}

/**
 * The CLI's `-y` output for a top-level array: each element as a `---` document of 3-space
 * JSON, then `...`; nothing at all for an empty array.
 */
export function manifestYamlStreamOutput(value: PlainValue): string {
  if (!Array.isArray(value)) {
    throw new StdError(
      'stream mode: top-level object was a ' +
        typeName(value) +
        ', should be an array whose elements hold the JSON for each document in the stream.',
    );
  }
  if (value.length === 0) return '';
  let out = '';
  for (const doc of value) out += '---\n' + manifestJsonOutput(doc) + '\n';
  return out + '...\n';
}
