// Surgical edits of params files (components/params.libsonnet, environments/<env>/params.libsonnet
// and globals.libsonnet): parse with the engine's parser, then replace, insert or delete only the
// span that changes, so comments, quoting, key order and blank lines survive byte for byte.
import { readFileSync } from 'node:fs';
import type { FieldMember, Node, ObjectNode } from '../jsonnet/ast.js';
import { JsonnetError } from '../jsonnet/errors.js';
import { lex } from '../jsonnet/lexer.js';
import { parse } from '../jsonnet/parser.js';
import { compile } from '../jsonnet/static.js';
import { UserError } from '../errors.js';
import { formatJsonnetValue, formatKey, type JsonValue, type Quotes } from './jsonnet-literal.js';
import { docsFile } from '../util/package-root.js';

/** Where in a params file an edit applies. */
export type ParamsScope =
  /** a component's entry inside the first `components: {...}` object */
  | { kind: 'component'; component: string }
  /** the `global: {...}` object of components/params.libsonnet */
  | { kind: 'global' }
  /** the file's top-level object (environments/<env>/globals.libsonnet) */
  | { kind: 'top' };

export interface EditStyle {
  /** env files extend inherited objects: new component entries and intermediate objects use `+:` */
  extend: boolean;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

export function parseParamsSource(source: string, file: string): Node {
  try {
    const root = parse(source, file);
    compile(root); // static errors too (duplicate keys): kf must not edit a file Jsonnet rejects
    return root;
  } catch (error) {
    if (error instanceof JsonnetError) {
      throw new UserError(`cannot parse params file: ${error.detail}`, {
        location: { file, line: error.location?.start.line, column: error.location?.start.column },
        hint: 'fix the Jsonnet syntax; kf edits this file in place and needs it to parse',
      });
    }
    throw error;
  }
}

/** Sets `path` (already split on dots) to `value`; returns the new source. */
export function setParam(
  source: string,
  file: string,
  scope: ParamsScope,
  path: string[],
  value: JsonValue,
  style: EditStyle,
): string {
  const root = parseParamsSource(source, file);
  const object = scopeContainer(root, file, scope);
  const fullPath = scope.kind === 'component' ? [scope.component, ...path] : path;
  const quotes = fileQuotes(source, file);
  return applyEdits(source, setPath(source, file, object, fullPath, value, { ...style, quotes }));
}

/** Deletes `path`; throws a UserError naming the known keys when it is not there. */
export function deleteParam(source: string, file: string, scope: ParamsScope, path: string[]): string {
  const root = parseParamsSource(source, file);
  let object = scopeContainer(root, file, scope);
  const fullPath = scope.kind === 'component' ? [scope.component, ...path] : path;
  // The fields walked through, each with the object holding it.
  const chain: Array<{ object: ObjectNode; field: FieldMember }> = [];
  for (let i = 0; i < fullPath.length; i++) {
    const field = findField(object, fullPath[i]);
    if (field === undefined) {
      const known = object.members.filter(isNamedField).map((m) => m.name);
      const what =
        scope.kind === 'component' && i === 0
          ? `component '${scope.component}' has no parameters`
          : `no parameter '${fullPath.slice(scope.kind === 'component' ? 1 : 0, i + 1).join('.')}' ${describeScope(scope)}`;
      throw new UserError(`${what} in this file`, {
        location: { file, line: object.loc.start.line, column: object.loc.start.column },
        hint: known.length > 0 ? `keys here: ${known.join(', ')}` : 'nothing is set here',
      });
    }
    if (i === fullPath.length - 1) {
      // An override's `name+: { key: v }` that only held the key goes with it (an empty `name+: {}`
      // would be left behind, as `kf param set --env` made it for that key alone).
      let target = { object, field };
      for (let up = chain.length - 1; up >= 0 && onlyMember(source, target.object, target.field); up--) {
        if (!chain[up].field.plus || target.object !== editableObject(chain[up].field.value)) break;
        target = chain[up];
      }
      return applyEdits(source, [deleteMember(source, target.object, target.field)]);
    }
    const next = editableObject(field.value);
    if (next.type !== 'Object') throw notAnObject(file, fullPath.slice(0, i + 1), field);
    chain.push({ object, field });
    object = next;
  }
  throw new Error('empty parameter path');
}

/** Removes a component's entry (if any) from the `components` object. */
export function removeComponentEntry(source: string, file: string, component: string): string {
  const root = parseParamsSource(source, file);
  const components = findNamedObject(root, 'components');
  if (components === undefined) return source;
  const field = findField(components, component);
  return field === undefined ? source : applyEdits(source, [deleteMember(source, components, field)]);
}

/** The keys of a component's entry in the `components` object, or undefined without a literal entry. */
export function componentEntryKeys(source: string, file: string, component: string): string[] | undefined {
  const components = findNamedObject(parseParamsSource(source, file), 'components');
  const entry = components === undefined ? undefined : findField(components, component);
  if (entry === undefined) return undefined;
  const value = editableObject(entry.value);
  return value.type === 'Object' ? value.members.filter(isNamedField).map((m) => m.name) : undefined;
}

/** Line of a component's entry in the `components` object, if the file has a literal one. */
export function componentEntryLine(source: string, file: string, component: string): number | undefined {
  const components = findNamedObject(parseParamsSource(source, file), 'components');
  return components === undefined ? undefined : findField(components, component)?.loc.start.line;
}

/** Adds (or replaces) a whole component entry in components/params.libsonnet. */
export function putComponentEntry(
  source: string,
  file: string,
  component: string,
  params: Record<string, JsonValue>,
): string {
  const root = parseParamsSource(source, file);
  const components = findNamedObject(root, 'components');
  if (components === undefined) throw missingObject(file, 'components');
  const existing = findField(components, component);
  const quotes = fileQuotes(source, file);
  if (existing !== undefined) {
    const indent = lineIndent(source, existing.loc.start.offset);
    const text = formatJsonnetValue(params, indent, { multiline: true, quotes });
    return applyEdits(source, [
      { start: existing.value.loc.start.offset, end: existing.value.loc.end.offset, text },
    ]);
  }
  const entry = `${formatKey(component, quotes)}: ${formatJsonnetValue(params, '', { multiline: true, quotes })}`;
  return applyEdits(source, insertField(source, components, entry));
}

export function readParamsFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { cause: error },
    );
  }
}

// ---------------------------------------------------------------------------------------------

function describeScope(scope: ParamsScope): string {
  return scope.kind === 'component'
    ? `for component '${scope.component}'`
    : scope.kind === 'global'
      ? 'in global'
      : '';
}

/** The object holding a scope's keys: `components` (entries keyed by component), `global`, or the top level. */
function scopeContainer(root: Node, file: string, scope: ParamsScope): ObjectNode {
  if (scope.kind === 'top') {
    const top = unwrap(stripLocals(root));
    if (top.type !== 'Object') {
      throw new UserError('expected the file to be an object literal { ... }', {
        location: { file, line: top.loc.start.line, column: top.loc.start.column },
      });
    }
    return top;
  }
  const name = scope.kind === 'global' ? 'global' : 'components';
  const object = findNamedObject(root, name);
  if (object === undefined) throw missingObject(file, name);
  return object;
}

function setPath(
  source: string,
  file: string,
  object: ObjectNode,
  path: string[],
  value: JsonValue,
  style: EditStyle & { quotes: Quotes },
  done: string[] = [],
): Edit[] {
  const [head, ...rest] = path;
  const field = findField(object, head);
  if (field === undefined) {
    const plus = style.extend && rest.length > 0 ? '+:' : ':';
    return insertField(
      source,
      object,
      `${formatKey(head, style.quotes)}${plus} ${nestedText(rest, value, style)}`,
    );
  }
  if (rest.length === 0) return [replaceValue(source, field, value, style.quotes)];
  const inner = editableObject(field.value);
  if (inner.type !== 'Object') throw notAnObject(file, [...done, head], field);
  return setPath(source, file, inner, rest, value, style, [...done, head]);
}

/** `{ b+: { c: value } }` for the rest of a dotted path that does not exist yet. */
function nestedText(rest: string[], value: JsonValue, style: EditStyle & { quotes: Quotes }): string {
  if (rest.length === 0) return formatJsonnetValue(value, '', { quotes: style.quotes });
  const [head, ...tail] = rest;
  return `{ ${formatKey(head, style.quotes)}${style.extend && tail.length > 0 ? '+:' : ':'} ${nestedText(tail, value, style)} }`;
}

function replaceValue(source: string, field: FieldMember, value: JsonValue, quotes: Quotes): Edit {
  const indent = lineIndent(source, field.loc.start.offset);
  return {
    start: field.value.loc.start.offset,
    end: field.value.loc.end.offset,
    text: formatJsonnetValue(value, indent, { quotes }),
  };
}

/**
 * The quotes new strings get: double when the file's own strings are mostly double-quoted
 * (ksonnet wrote params files so), else single, as `kf fmt` writes them.
 */
function fileQuotes(source: string, file: string): Quotes {
  let single = 0;
  let double = 0;
  for (const token of lex(source, file)) {
    if (token.strKind === 'single') single++;
    else if (token.strKind === 'double') double++;
  }
  return double > single ? 'double' : 'single';
}

/** Inserts `fieldText` as the last member of `object`, following the object's layout. */
function insertField(source: string, object: ObjectNode, fieldText: string): Edit[] {
  const open = object.loc.start.offset;
  const close = object.loc.end.offset - 1; // the `}`
  const last = object.members.at(-1);
  if (last === undefined) {
    if (!source.slice(open, close).includes('\n')) {
      // `{}` or `{ }` on one line: open it up.
      const indent = lineIndent(source, open);
      return [
        {
          start: open + 1,
          end: close,
          text: `\n${indent}  ${reindent(fieldText, `${indent}  `)},\n${indent}`,
        },
      ];
    }
    // Only comments inside: add the field just before the line holding `}`.
    const closeLineStart = source.lastIndexOf('\n', close - 1) + 1;
    const braceAlone = source.slice(closeLineStart, close).trim() === '';
    const indent = memberIndent(source, object);
    if (braceAlone)
      return [
        { start: closeLineStart, end: closeLineStart, text: `${indent}${reindent(fieldText, indent)},\n` },
      ];
    return [
      {
        start: close,
        end: close,
        text: `\n${indent}${reindent(fieldText, indent)},\n${lineIndent(source, close)}`,
      },
    ];
  }
  const lastEnd = last.loc.end.offset;
  const comma = findComma(source, lastEnd, close);
  const edits: Edit[] = [];
  if (comma === undefined) edits.push({ start: lastEnd, end: lastEnd, text: ',' });
  const afterComma = comma === undefined ? lastEnd : comma + 1;
  const newline = source.indexOf('\n', afterComma);
  if (newline === -1 || newline > close) {
    // Single-line object: `{ a: 1, b: 2 }` → `{ a: 1, b: 2, c: 3 }`.
    edits.push({
      start: afterComma,
      end: afterComma,
      text: ` ${fieldText}${comma === undefined ? '' : ','}`,
    });
    return edits;
  }
  const indent = lineIndent(source, last.loc.start.offset);
  edits.push({ start: newline, end: newline, text: `\n${indent}${reindent(fieldText, indent)},` });
  return edits;
}

/** Removes a member; a member alone on its line(s) takes its whole line(s) with it. */
function deleteMember(source: string, object: ObjectNode, member: FieldMember): Edit {
  const close = object.loc.end.offset - 1;
  if (object.members.length === 1 && !source.slice(object.loc.start.offset, close).includes('\n')) {
    return { start: object.loc.start.offset + 1, end: close, text: '' }; // `{ a: 1 }` → `{}`
  }
  let start = member.loc.start.offset;
  let end = member.loc.end.offset;
  const comma = findComma(source, end, close);
  if (comma !== undefined) end = comma + 1;
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const newline = source.indexOf('\n', end);
  const restOfLine = source.slice(end, newline === -1 ? source.length : newline);
  const aloneOnLine =
    source.slice(lineStart, start).trim() === '' &&
    /^\s*((\/\/|#).*)?$/.test(restOfLine) &&
    (newline === -1 || newline < close);
  if (aloneOnLine) return { start: lineStart, end: newline + 1, text: '' };
  if (comma === undefined) {
    // Last member without a trailing comma: drop the comma before it instead (and keep the space
    // before the closing brace: `{ a: 1, b: 2 }` → `{ a: 1 }`).
    const before = source.slice(0, start).search(/,\s*$/);
    if (before >= 0 && before > object.loc.start.offset) start = before;
  } else while (end < close && (source[end] === ' ' || source[end] === '\t')) end++;
  return { start, end, text: '' };
}

/** Whether `member` is all `object` holds: no other member, and no comment beside it. */
function onlyMember(source: string, object: ObjectNode, member: FieldMember): boolean {
  if (object.members.length !== 1) return false;
  const rest =
    source.slice(object.loc.start.offset + 1, member.loc.start.offset) +
    source.slice(member.loc.end.offset, object.loc.end.offset - 1);
  return /^[\s,]*$/.test(rest);
}

/** Offset of the comma after a member (only whitespace and comments in between), if any. */
function findComma(source: string, from: number, limit: number): number | undefined {
  let i = from;
  while (i < limit) {
    const c = source[i];
    if (c === ',') return i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '#' || (c === '/' && source[i + 1] === '/')) {
      const nl = source.indexOf('\n', i);
      i = nl === -1 ? limit : nl;
    } else if (c === '/' && source[i + 1] === '*') {
      const endComment = source.indexOf('*/', i + 2);
      i = endComment === -1 ? limit : endComment + 2;
    } else return undefined;
  }
  return undefined;
}

function applyEdits(source: string, edits: Edit[]): string {
  let out = source;
  // Right to left; edits at the same offset keep their listed order in the result.
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => b.edit.start - a.edit.start || b.index - a.index);
  for (const { edit } of ordered) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}

function lineIndent(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))![0];
}

/** Indentation for a new member: that of existing members or comments inside, else one level deeper. */
function memberIndent(source: string, object: ObjectNode): string {
  const first = object.members[0];
  if (first !== undefined && source.lastIndexOf('\n', first.loc.start.offset) > object.loc.start.offset) {
    return lineIndent(source, first.loc.start.offset);
  }
  const inner = source.slice(object.loc.start.offset + 1, object.loc.end.offset - 1);
  const commentLine = /\n([ \t]*)(\/\/|#|\/\*)/.exec(inner);
  if (commentLine) return commentLine[1];
  return `${lineIndent(source, object.loc.start.offset)}  `;
}

function reindent(text: string, indent: string): string {
  return text.replace(/\n/g, `\n${indent}`);
}

function isNamedField(member: ObjectNode['members'][number]): member is FieldMember & { name: string } {
  return member.kind === 'field' && member.keyKind !== 'computed' && member.name !== undefined;
}

function findField(object: ObjectNode, name: string): FieldMember | undefined {
  return object.members.find((m): m is FieldMember => isNamedField(m) && m.name === name);
}

/** The object literal to edit for a field's value: itself, or the right side of `base + { ... }`. */
function editableObject(node: Node): Node {
  const inner = unwrap(node);
  if (inner.type === 'Binary' && inner.op === '+' && unwrap(inner.right).type === 'Object')
    return unwrap(inner.right);
  if (inner.type === 'Binary' && inner.implicitPlus && unwrap(inner.right).type === 'Object')
    return unwrap(inner.right);
  return inner;
}

function unwrap(node: Node): Node {
  return node.type === 'Parens' ? unwrap(node.inner) : node;
}

function stripLocals(node: Node): Node {
  return node.type === 'Local' ? stripLocals(node.body) : node;
}

/** The first object literal (in source order) that is the value of a field called `name`. */
function findNamedObject(root: Node, name: string): ObjectNode | undefined {
  let best: ObjectNode | undefined;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (record.type === 'Object') {
      const field = findField(record as unknown as ObjectNode, name);
      const inner = field === undefined ? undefined : unwrap(field.value);
      if (inner?.type === 'Object' && (best === undefined || inner.loc.start.offset < best.loc.start.offset))
        best = inner;
    }
    for (const [key, child] of Object.entries(record)) if (key !== 'loc') visit(child);
  };
  visit(root);
  return best;
}

function missingObject(file: string, name: string): UserError {
  return new UserError(`found no '${name}: { ... }' object to edit`, {
    location: { file },
    hint: `kf edits the first '${name}' object literal in the file; see ${docsFile('app-format.md')}`,
  });
}

function notAnObject(file: string, path: string[], field: FieldMember): UserError {
  return new UserError(`cannot edit inside '${path.join('.')}': its value is not an object literal`, {
    location: { file, line: field.value.loc.start.line, column: field.value.loc.start.column },
    hint: 'set the whole key instead, or edit the file by hand',
  });
}
