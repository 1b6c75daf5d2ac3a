// Converts between plain JSON values and Jsonnet literal text: parsing command-line values
// (`kf param set c key '{"a": 1}'`) and printing values into params files.
import type { Node } from '../jsonnet/ast.js';
import { stringEscape } from '../jsonnet/fmt/strings.js';
import { KEYWORDS } from '../jsonnet/lexer.js';
import { parse } from '../jsonnet/parser.js';
import { UserError } from '../errors.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The quotes new strings get: 'single' as `kf fmt` (jsonnetfmt) writes them, or 'double' to match a
 * file written that way (ksonnet's params files).
 */
export type Quotes = 'single' | 'double';

/** A field name as Jsonnet source: bare when it is an identifier, else a quoted string. */
export function formatKey(key: string, quotes: Quotes = 'single'): string {
  return isIdentifier(key) ? key : formatString(key, quotes);
}

function isIdentifier(key: string): boolean {
  return IDENTIFIER.test(key) && !KEYWORDS.has(key);
}

/** `.key`, or `['key']` when the key is not an identifier (as `kf fmt` writes an index). */
export function fieldAccess(key: string): string {
  return isIdentifier(key) ? `.${key}` : `[${formatString(key)}]`;
}

/**
 * A string literal as `kf fmt` (jsonnetfmt) writes it, so that files kf writes stay formatted:
 * single quotes, or double quotes when the text holds a ' and no ". With 'double' quotes the other
 * way round: double quotes, or single quotes when the text holds a " and no '.
 */
export function formatString(text: string, quotes: Quotes = 'single'): string {
  const single =
    quotes === 'single'
      ? !text.includes("'") || text.includes('"')
      : text.includes('"') && !text.includes("'");
  const quote = single ? "'" : '"';
  return `${quote}${stringEscape(text, single)}${quote}`;
}

function formatScalar(value: null | boolean | number | string, quotes: Quotes): string {
  return typeof value === 'string' ? formatString(value, quotes) : JSON.stringify(value);
}

/** Jsonnet text for a JSON value; short objects and arrays stay on one line. */
export function formatJsonnetValue(
  value: JsonValue,
  indent = '',
  options: { multiline?: boolean; quotes?: Quotes } = {},
): string {
  const quotes = options.quotes ?? 'single';
  if (value === null || typeof value !== 'object') return formatScalar(value, quotes);
  const inline = formatInline(value, quotes);
  const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
  if (empty || (!options.multiline && inline.length <= 72)) return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => `${inner}${formatJsonnetValue(v, inner, { quotes })},\n`).join('')}${indent}]`;
  }
  const entries = Object.entries(value);
  return `{\n${entries.map(([k, v]) => `${inner}${formatKey(k, quotes)}: ${formatJsonnetValue(v, inner, { quotes })},\n`).join('')}${indent}}`;
}

function formatInline(value: JsonValue, quotes: Quotes): string {
  if (value === null || typeof value !== 'object') return formatScalar(value, quotes);
  if (Array.isArray(value)) return `[${value.map((v) => formatInline(v, quotes)).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length === 0
    ? '{}'
    : `{ ${entries.map(([k, v]) => `${formatKey(k, quotes)}: ${formatInline(v, quotes)}`).join(', ')} }`;
}

/**
 * Reads command-line text as a Jsonnet/JSON literal (number, boolean, null, string, array,
 * object); anything else (`gcr.io/img:1`, `foo`) is taken as a plain string.
 */
export function parseCliValue(text: string): JsonValue {
  let node: Node;
  try {
    node = parse(text, '<value>');
  } catch (error) {
    if (text.trimStart().startsWith('|||')) {
      throw new UserError(
        `the value is not a valid Jsonnet text block: ${(error as Error).message.split('\n')[0]}`,
        {
          hint: "indent the block's lines, or pass --as-string to store the text exactly as given",
          exitCode: 2,
        },
      );
    }
    return text;
  }
  const value = literalValue(node);
  if (value !== undefined) checkNumbersExact(node, text);
  return value === undefined ? text : value;
}

/**
 * Refuses number literals a double cannot hold as written (`1e400` is Infinity, stored as null;
 * `123456789012345678901234567890` loses digits): kf would store a different value silently.
 */
function checkNumbersExact(node: Node, text: string): void {
  const visit = (n: Node): void => {
    if (n.type === 'Number') {
      const written = text.slice(n.loc.start.offset, n.loc.end.offset);
      const exactInteger = /^[0-9]+$/.test(written) && BigInt(written) !== BigInt(Math.round(n.value));
      if (!Number.isFinite(n.value) || exactInteger) {
        throw new UserError(
          `the number ${written} cannot be stored exactly (Jsonnet numbers are 64-bit floats)`,
          {
            hint: Number.isFinite(n.value)
              ? `it would become ${n.value}; quote it or pass --as-string to store the digits as a string`
              : 'it is beyond the largest number (about 1.8e308); pass --as-string to store it as a string',
            exitCode: 2,
          },
        );
      }
      return;
    }
    if (n.type === 'Parens') visit(n.inner);
    else if (n.type === 'Unary') visit(n.operand);
    else if (n.type === 'Array') n.elements.forEach(visit);
    else if (n.type === 'Object') for (const m of n.members) if (m.kind === 'field') visit(m.value);
  };
  visit(node);
}

/** The value of a literal expression, or undefined when the node is not a pure literal. */
export function literalValue(node: Node): JsonValue | undefined {
  switch (node.type) {
    case 'Null':
      return null;
    case 'Boolean':
      return node.value;
    case 'Number':
      return node.value;
    case 'String':
      return node.value;
    case 'Parens':
      return literalValue(node.inner);
    case 'Unary': {
      const inner = literalValue(node.operand);
      if (typeof inner !== 'number') return undefined;
      return node.op === '-' ? -inner : node.op === '+' ? inner : undefined;
    }
    case 'Array': {
      const out: JsonValue[] = [];
      for (const element of node.elements) {
        const v = literalValue(element);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    case 'Object': {
      const out: { [key: string]: JsonValue } = {};
      for (const member of node.members) {
        if (
          member.kind !== 'field' ||
          member.keyKind === 'computed' ||
          member.name === undefined ||
          member.params ||
          member.plus
        ) {
          return undefined;
        }
        const v = literalValue(member.value);
        if (v === undefined) return undefined;
        out[member.name] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}
