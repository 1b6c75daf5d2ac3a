// std.manifestTomlEx over plain data, laid out exactly as the reference prints it.
import { escapeStringJson, sortedKeys } from './json.js';
import { formatNumber } from './number-format.js';
import { isPlainObject, typeName, type PlainObject, type PlainValue } from './plain-value.js';
import { StdError } from './std-error.js';

const TOML_BARE_KEY = /^[A-Za-z0-9_-]*$/;

function tomlKey(k: string): string {
  return TOML_BARE_KEY.test(k) ? k : escapeStringJson(k);
}

function isTableArray(v: PlainValue): v is PlainObject[] {
  return Array.isArray(v) && v.length > 0 && v.every((e) => isPlainObject(e));
}

function isEmptyObject(v: PlainObject): boolean {
  for (const _ in v) return false;
  return true;
}

const TOO_DEEP = 'max manifest depth exceeded, possible infinite recursion';

/**
 * `std.manifestTomlEx(value, indent)`: top-level keys, then `[table]` and `[[array.of.tables]]`
 * sections separated by blank lines, nested sections indented by `indent`. `limit`: how deep
 * go-jsonnet's writer goes (its stack limit), counted as it counts (a table's header and its body
 * a level each).
 */
export function manifestTomlEx(value: PlainValue, indent: string, limit = Infinity): string {
  if (!isPlainObject(value)) throw new StdError('TOML body must be an object. Got ' + typeName(value));
  const renderValue = (
    v: PlainValue,
    path: (string | number)[],
    inline: boolean,
    cindent: string,
    depth: number,
  ): string => {
    if (depth <= 0) throw new StdError(TOO_DEEP);
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (v === null) throw new StdError('Tried to manifest "null" at ' + goPath(path));
    if (typeof v === 'number') return formatNumber(v);
    if (typeof v === 'string') return escapeStringJson(v);
    if (typeof v === 'function') throw new StdError('Tried to manifest function at ' + goPath(path));
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      const inner = inline ? '' : cindent + indent;
      const sep = inline ? ' ' : '\n';
      const items = v.map((e, i) => inner + renderValue(e, [...path, i], true, '', depth - 1));
      return '[' + sep + items.join(',' + sep) + sep + (inline ? '' : cindent) + ']';
    }
    const fields = sortedKeys(v).map(
      (k) => `${tomlKey(k)} = ${renderValue(v[k] as PlainValue, [...path, k], true, '', depth - 1)}`,
    );
    return '{ ' + fields.join(', ') + ' }';
  };
  const renderTableInternal = (
    v: PlainObject,
    path: string[],
    indexedPath: (string | number)[],
    cindent: string,
    depth: number,
  ): string => {
    if (depth <= 0) throw new StdError(TOO_DEEP);
    // In key order, as go-jsonnet meets them: the first failure is its.
    const kvp: string[] = [];
    const sections = [''];
    for (const k of sortedKeys(v)) {
      const e = v[k] as PlainValue;
      if (isPlainObject(e))
        sections.push(renderTable(e, [...path, k], [...indexedPath, k], cindent, depth - 1));
      else if (isTableArray(e))
        sections.push(renderTableArray(e, [...path, k], [...indexedPath, k], cindent, depth - 1));
      else
        kvp.push(
          `${cindent}${tomlKey(k)} = ${renderValue(e, [...indexedPath, k], false, cindent, depth - 1)}`,
        );
    }
    sections[0] = kvp.join('\n');
    return sections.join('\n\n');
  };
  const header = (path: string[]): string => path.map(tomlKey).join('.');
  /** A table (`[a.b]`) or an element of an array of tables (`[[a.b]]`): its header, then its body. */
  const headed = (
    open: '[' | '[[',
    close: ']' | ']]',
    v: PlainObject,
    path: string[],
    indexedPath: (string | number)[],
    cindent: string,
    depth: number,
  ): string =>
    cindent +
    open +
    header(path) +
    close +
    (isEmptyObject(v) ? '' : '\n') +
    renderTableInternal(v, path, indexedPath, cindent + indent, depth);
  const renderTable = (
    v: PlainObject,
    path: string[],
    indexedPath: (string | number)[],
    cindent: string,
    depth: number,
  ): string => {
    if (depth <= 0) throw new StdError(TOO_DEEP);
    return headed('[', ']', v, path, indexedPath, cindent, depth - 1);
  };
  const renderTableArray = (
    v: PlainObject[],
    path: string[],
    indexedPath: (string | number)[],
    cindent: string,
    depth: number,
  ): string => {
    if (depth <= 0) throw new StdError(TOO_DEEP);
    return v.map((e, i) => headed('[[', ']]', e, path, [...indexedPath, i], cindent, depth - 1)).join('\n\n');
  };
  return renderTableInternal(value, [], [], '', limit);
}

/** `std.manifestToml(value)` = manifestTomlEx with a two-space indent. */
export function manifestToml(value: PlainValue, limit = Infinity): string {
  return manifestTomlEx(value, '  ', limit);
}

/** A TOML path as go-jsonnet prints it (Go's %v of the path's elements): `[a 0 b c]`. */
function goPath(path: readonly (string | number)[]): string {
  return '[' + path.join(' ') + ']';
}
