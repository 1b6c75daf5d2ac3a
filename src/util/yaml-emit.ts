// A fast YAML emitter for JSON data, byte-identical with `yaml`'s stringify(value, { lineWidth: 0,
// aliasDuplicateObjects: false, sortMapEntries: code-unit order }) — the form kf prints objects in.
// The `yaml` package builds a document of nodes first, which made printing a third of rendering a
// large app; this writes the text directly. Only the shapes Kubernetes objects are made of are
// handled here (maps, sequences, numbers, booleans, null, single-line strings, literal block
// strings); anything else (control characters, strings the library would fold or quote across
// lines, keys over 1024 characters or with document markers) returns undefined so that the caller uses
// the library itself. test/util/yaml-emit.test.ts checks both agree on generated and real objects.
import { Document } from 'yaml';

/** Go's ParseInt with base 0 also takes upper-case prefixes (go-yaml v2 reads `0X1F` as 31). */
const GO_PREFIXED = /^[-+]?0(?:[xX][0-9a-fA-F_]+|[bB][01_]+|[oO][0-7_]+)$/;

class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();

/**
 * What a plain scalar must not look like: a non-string to a YAML 1.2 reader (the `yaml` package's
 * core schema: '42', 'true', '', '.inf', '0o17') or to a YAML 1.1 one — kubectl, Argo CD and
 * go-jsonnet read YAML with go-yaml v2, to which 'yes', 'on', 'y', 'n', '0644', '1_000', '0b101',
 * '1:20', '2001-12-14' and '<<' are not strings either (the 1.1 schema's tests), nor '0X1F', '0B1'
 * and '0O17' (Go's number syntax). Such strings are quoted, as Tanka's and kubectl's YAML does.
 */
const nonStringTests: RegExp[] = (() => {
  const tests = (doc: Document) =>
    (doc.schema as unknown as { tags: Array<{ default?: unknown; tag: string; test?: RegExp }> }).tags
      .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test instanceof RegExp)
      .map((t) => t.test as RegExp);
  const all = [...tests(new Document()), ...tests(new Document(undefined, { version: '1.1' })), GO_PREFIXED];
  return all.filter((t, i) => all.findIndex((u) => u.source === t.source) === i);
})();

// The library's tests for a scalar that cannot be plain (stringifyString.js).
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// eslint-disable-next-line no-control-regex -- the library's own test for characters it must escape
const DOUBLE_QUOTE_FORCED = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;

/** YAML text of `value` as the library writes it, or undefined for shapes left to the library. */
export function emitYaml(value: unknown): string | undefined {
  try {
    if (value === null || typeof value !== 'object') return undefined;
    if (Array.isArray(value)) return value.length === 0 ? '[]\n' : seq(value, '') + '\n';
    const keys = Object.keys(value);
    return keys.length === 0 ? '{}\n' : map(value as Record<string, unknown>, keys, '') + '\n';
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A block mapping whose first line starts where the caller is (its other lines at `indent`). */
function map(value: Record<string, unknown>, keys: string[], indent: string): string {
  keys.sort(compareKeys);
  let out = '';
  const inner = indent + '  ';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = value[k];
    if (v === undefined) throw UNSUPPORTED; // the library writes `key: null` or leaves it out by context
    if (i > 0) out += '\n' + indent;
    out += key(k) + ':';
    out += valueAfterKey(v, indent, inner);
  }
  return out;
}

/** What follows `key:` — ` scalar`, ` {}`, or a nested block on the next lines. */
function valueAfterKey(v: unknown, indent: string, inner: string): string {
  if (v !== null && typeof v === 'object') {
    if (Array.isArray(v)) {
      // Sequences in a mapping are indented one step (indentSeq).
      return v.length === 0 ? ' []' : '\n' + inner + seq(v, inner);
    }
    const keys = Object.keys(v);
    return keys.length === 0 ? ' {}' : '\n' + inner + map(v as Record<string, unknown>, keys, inner);
  }
  return ' ' + scalar(v, inner);
}

/** A block sequence whose first `- ` starts where the caller is (other lines at `indent`). */
function seq(value: unknown[], indent: string): string {
  let out = '';
  const inner = indent + '  ';
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += '\n' + indent;
    const v = value[i];
    if (v === undefined) throw UNSUPPORTED;
    out += '- ';
    if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) out += v.length === 0 ? '[]' : seq(v, inner);
      else {
        const keys = Object.keys(v);
        out += keys.length === 0 ? '{}' : map(v as Record<string, unknown>, keys, inner);
      }
    } else {
      out += scalar(v, inner);
    }
  }
  return out;
}

function scalar(v: unknown, indent: string): string {
  switch (typeof v) {
    case 'string':
      return string(v, indent);
    case 'number':
      if (!Number.isFinite(v)) throw UNSUPPORTED;
      return Object.is(v, -0) ? '-0' : JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (v === null) return 'null';
      throw UNSUPPORTED;
  }
}

/** A mapping key: quoted as the library does, or left to the library (`? ` keys, document markers). */
function key(k: string): string {
  if (k.length > 1024 || k.includes('\n') || DOUBLE_QUOTE_FORCED.test(k)) throw UNSUPPORTED;
  if (NOT_PLAIN.test(k) || mustQuote(k)) return quoted(k);
  if (DOCUMENT_MARKER.test(k)) throw UNSUPPORTED;
  return k;
}

/** A string value; `indent` is where a block scalar's lines go. */
function string(s: string, indent: string): string {
  // (Document markers matter to the library only at the root, where emitYaml never puts a string.)
  if (DOUBLE_QUOTE_FORCED.test(s)) throw UNSUPPORTED;
  if (s.includes('\n')) return literalBlock(s, indent);
  if (NOT_PLAIN.test(s) || mustQuote(s)) return quoted(s);
  return s;
}

/**
 * The tests above as of yaml 2.x: each can only match an empty string or one starting with one of
 * `~nNtTfFyYoO<0-9+-.`, so other strings skip them. With any other set of tests, no shortcut.
 */
const KNOWN_TESTS = [
  // YAML 1.2 core
  '^(?:~|[Nn]ull|NULL)?$',
  '^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$',
  '^0o[0-7]+$',
  '^[-+]?[0-9]+$',
  '^0x[0-9a-fA-F]+$',
  '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$',
  // YAML 1.1
  '^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$',
  '^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$',
  '^[-+]?0b[0-1_]+$',
  '^[-+]?0[0-7_]+$',
  '^[-+]?[0-9][0-9_]*$',
  '^[-+]?0x[0-9a-fA-F_]+$',
  '^[-+]?(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+$',
  '^[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*$',
  '^<<$',
  '^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$',
  '^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*$',
  '^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$',
  GO_PREFIXED.source,
];
export const firstCharShortcut = nonStringTests.every((t) => KNOWN_TESTS.includes(t.source));
const MAY_START_NON_STRING = /^[~nNtTfFyYoO<0-9+\-.]/;

/** The tests as one expression (one match per string instead of twenty). */
const NON_STRING = new RegExp(nonStringTests.map((t) => `(?:${t.source})`).join('|'));

/** Whether a string must be quoted to read back as that string in YAML 1.2 and 1.1 (go-yaml v2). */
export function mustQuote(s: string): boolean {
  if (firstCharShortcut && s !== '' && !MAY_START_NON_STRING.test(s)) return false;
  return NON_STRING.test(s);
}

/** A single-line string that cannot be plain: single quotes when that avoids escapes, else double. */
function quoted(s: string): string {
  const hasDouble = s.includes('"');
  const hasSingle = s.includes("'");
  if (hasDouble && !hasSingle) return "'" + s + "'";
  // Without control characters, JSON's escaping of `"` and `\` is the library's double-quoted form.
  return JSON.stringify(s);
}

/** The library's blockString with lineWidth 0 (always literal `|`), for values in block collections. */
function literalBlock(value: string, indent: string): string {
  if (/\n[\t ]+$/.test(value)) throw UNSUPPORTED; // quoted across lines by the library
  let endStart: number;
  for (endStart = value.length; endStart > 0; --endStart) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf('\n');
  let chomp: string;
  if (endNlPos === -1) chomp = '-';
  else if (value === end || endNlPos !== end.length - 1)
    throw UNSUPPORTED; // keep (+) chomping
  else chomp = '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd: number;
  let startNlPos = -1;
  for (startEnd = 0; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNlPos = startEnd;
    else break;
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? (indent ? '2' : '1') : '') + chomp;
  value = value.replace(/\n+/g, `$&${indent}`);
  return `|${header}\n${indent}${start}${value}${end}`;
}
