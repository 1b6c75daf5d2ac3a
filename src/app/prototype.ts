// A prototype: a Jsonnet template with ksonnet's header comments (`@name`, `@param`,
// `@optionalParam`, ...) and `import 'param://x'` / `import 'env://namespace'` holes. This file
// parses the header, checks parameter values against their declared types and expands the body
// into a component file.
import type { Node } from '../jsonnet/ast.js';
import { JsonnetError } from '../jsonnet/errors.js';
import { parse } from '../jsonnet/parser.js';
import { UserError } from '../errors.js';
import { fieldAccess, parseCliValue, type JsonValue } from './jsonnet-literal.js';

export const PARAM_TYPES = ['string', 'number', 'numberOrString', 'boolean', 'object', 'array'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export interface PrototypeParam {
  name: string;
  type: ParamType;
  description: string;
  required: boolean;
  /** parsed default of an optional parameter (`null` is a real null) */
  default?: JsonValue;
}

/** Where a prototype comes from: kf's built-in set or an installed package. */
export type PrototypeSource =
  { kind: 'builtin' } | { kind: 'package'; registry: string; pkg: string; version: string };

export interface Prototype {
  /** fully qualified, e.g. io.ksonnet.pkg.deployed-service */
  name: string;
  apiVersion?: string;
  description: string;
  shortDescription: string;
  params: PrototypeParam[];
  /** the Jsonnet after the header */
  body: string;
  /** 1-based line of the body's first line in `file` */
  bodyLine: number;
  file: string;
  source: PrototypeSource;
}

const DIRECTIVES = new Set([
  'apiVersion',
  'name',
  'description',
  'shortDescription',
  'param',
  'optionalParam',
]);

export function parsePrototype(text: string, file: string, source: PrototypeSource): Prototype {
  const lines = text.split('\n');
  const directives: Array<{ name: string; value: string; line: number }> = [];
  let index = 0;
  for (; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line === '') continue;
    if (!line.startsWith('//')) break;
    const body = line.replace(/^\/\/\s?/, '');
    const directive = /^@(\w+)\s*(.*)$/.exec(body);
    if (directive) {
      if (!DIRECTIVES.has(directive[1])) {
        throw new UserError(`unknown prototype directive '@${directive[1]}'`, {
          location: { file, line: index + 1 },
          hint: `known directives: ${[...DIRECTIVES].map((d) => '@' + d).join(', ')}`,
        });
      }
      directives.push({ name: directive[1], value: directive[2].trim(), line: index + 1 });
    } else if (directives.length > 0 && body.trim() !== '') {
      const last = directives[directives.length - 1];
      last.value = `${last.value}${last.value.endsWith('\n') || last.value === '' ? '' : ' '}${body.trim()}`;
    } else if (
      directives.length > 0 &&
      body.trim() === '' &&
      directives[directives.length - 1].name === 'description'
    ) {
      directives[directives.length - 1].value += '\n';
    }
  }
  const one = (name: string) => directives.find((d) => d.name === name)?.value.trim();
  const name = one('name');
  if (name === undefined || name === '') {
    throw new UserError('prototype has no @name directive', {
      location: { file, line: 1 },
      hint: 'add a header line // @name io.ksonnet.pkg.<name>',
    });
  }
  const description = one('description') ?? '';
  const params: PrototypeParam[] = [];
  for (const d of directives) {
    if (d.name !== 'param' && d.name !== 'optionalParam') continue;
    const param = parseParamDirective(d.name, d.value, file, d.line);
    if (params.some((p) => p.name === param.name)) {
      throw new UserError(`parameter '${param.name}' is declared twice`, {
        location: { file, line: d.line },
      });
    }
    params.push(param);
  }
  return {
    name,
    apiVersion: one('apiVersion'),
    description,
    shortDescription: one('shortDescription') ?? description.split(/(?<=\.)\s/)[0] ?? '',
    params,
    body: lines.slice(index).join('\n'),
    bodyLine: index + 1,
    file,
    source,
  };
}

function parseParamDirective(
  kind: 'param' | 'optionalParam',
  value: string,
  file: string,
  line: number,
): PrototypeParam {
  const parts = value.split(/\s+/);
  const needed = kind === 'param' ? 2 : 3;
  if (parts.length < needed || parts[0] === '') {
    throw new UserError(`malformed @${kind}: '${value}'`, {
      location: { file, line },
      hint:
        kind === 'param'
          ? 'write @param <name> <type> <description>'
          : 'write @optionalParam <name> <type> <default> <description>',
    });
  }
  const [name, typeText] = parts;
  if (!(PARAM_TYPES as readonly string[]).includes(typeText)) {
    throw new UserError(`parameter '${name}' has unknown type '${typeText}'`, {
      location: { file, line },
      hint: `types: ${PARAM_TYPES.join(', ')}`,
    });
  }
  const type = typeText as ParamType;
  if (kind === 'param') return { name, type, description: parts.slice(2).join(' '), required: true };
  const token = parts[2];
  let defaultValue: JsonValue;
  try {
    defaultValue = coerceParam({ name, type, description: '', required: false }, unquote(token));
  } catch (error) {
    throw new UserError(
      `default of parameter '${name}' does not match its type: ${(error as Error).message}`,
      { location: { file, line } },
    );
  }
  return { name, type, description: parts.slice(3).join(' '), required: false, default: defaultValue };
}

function unquote(token: string): string {
  const m = /^(['"])(.*)\1$/.exec(token);
  return m ? JSON.stringify(m[2]) : token;
}

/**
 * Converts command-line text to a parameter's type. `null` is a real null for every type; a
 * string parameter takes the text as it is (a quoted token is unquoted).
 */
export function coerceParam(param: PrototypeParam, text: string): JsonValue {
  if (text === 'null') return null;
  const parsed = parseCliValue(text);
  switch (param.type) {
    case 'string':
      return /^(['"]).*\1$/s.test(text) && typeof parsed === 'string' ? parsed : text;
    case 'number':
      if (typeof parsed !== 'number') throw typeError(param, text, 'a number');
      return parsed;
    case 'numberOrString':
      return typeof parsed === 'number' ? parsed : typeof parsed === 'string' ? parsed : text;
    case 'boolean':
      if (typeof parsed !== 'boolean') throw typeError(param, text, 'true or false');
      return parsed;
    case 'object':
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw typeError(param, text, 'an object such as {"a": 1}');
      return parsed;
    case 'array':
      if (!Array.isArray(parsed)) throw typeError(param, text, 'an array such as ["a", "b"]');
      return parsed;
  }
}

/** Checks an already-typed value (e.g. from --values-file) against the parameter's type. */
export function checkParamValue(param: PrototypeParam, value: JsonValue): JsonValue {
  if (value === null) return null;
  const ok =
    param.type === 'string'
      ? typeof value === 'string'
      : param.type === 'number'
        ? typeof value === 'number'
        : param.type === 'numberOrString'
          ? typeof value === 'number' || typeof value === 'string'
          : param.type === 'boolean'
            ? typeof value === 'boolean'
            : param.type === 'array'
              ? Array.isArray(value)
              : typeof value === 'object' && !Array.isArray(value);
  if (!ok) throw typeError(param, JSON.stringify(value), `of type ${param.type}`);
  return value;
}

function typeError(param: PrototypeParam, text: string, expected: string): UserError {
  return new UserError(`parameter '${param.name}' must be ${expected}, got '${text}'`, { exitCode: 2 });
}

export function sourceLabel(source: PrototypeSource): string {
  return source.kind === 'builtin' ? 'builtin' : `${source.registry}/${source.pkg}@${source.version}`;
}

/** The first line of every generated component; `kf pkg rm` reads it. */
export function generatedHeader(prototype: Prototype): string {
  return `// kf: generated from prototype ${prototype.name} (${sourceLabel(prototype.source)})`;
}

/** Reads the header line of a generated component: prototype name and source label. */
export function readGeneratedHeader(source: string): { prototype: string; source: string } | undefined {
  const match = /^\/\/ kf: generated from prototype (\S+) \(([^)]*)\)/.exec(source);
  return match === null ? undefined : { prototype: match[1], source: match[2] };
}

/** The prototype body with holes filled: `import 'param://x'` → `params.x`, `import 'env://y'` → `env.y`. */
export function expandBody(prototype: Prototype): string {
  let root: Node;
  try {
    root = parse(prototype.body, prototype.file);
  } catch (error) {
    if (error instanceof JsonnetError) {
      const start = error.location?.start;
      throw new UserError(`prototype ${prototype.name} does not parse: ${error.detail}`, {
        location: {
          file: prototype.file,
          line: start ? start.line + prototype.bodyLine - 1 : undefined,
          column: start?.column,
        },
      });
    }
    throw error;
  }
  const holes: Array<{ start: number; end: number; text: string }> = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const node = value as Node;
    if (node.type === 'Import' && node.kind === 'import') {
      const m = /^(param|env):\/\/(.+)$/.exec(node.path);
      if (m) {
        const base = m[1] === 'param' ? 'params' : 'env';
        holes.push({
          start: node.loc.start.offset,
          end: node.loc.end.offset,
          text: `${base}${fieldAccess(m[2])}`,
        });
        return;
      }
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'loc') visit(v);
  };
  visit(root);
  let body = prototype.body;
  for (const hole of holes.sort((a, b) => b.start - a.start))
    body = body.slice(0, hole.start) + hole.text + body.slice(hole.end);
  return body;
}

/** The full text of a component generated from `prototype`. */
export function componentSource(prototype: Prototype, componentName: string): string {
  const body = expandBody(prototype).replace(/^\n+/, '');
  const uses = variablesUsed(body, prototype.file);
  return [
    generatedHeader(prototype),
    ...(uses.has('env') ? [ENV_LOCAL] : []),
    ...(uses.has('params')
      ? [`local params = std.extVar('__ksonnet/params').components${fieldAccess(componentName)};`]
      : []),
    body.endsWith('\n') ? body : `${body}\n`,
  ].join('\n');
}

/** ksonnet's `env` local: the environment the component is rendered for. */
export const ENV_LOCAL = "local env = std.extVar('__ksonnet/environments');";

/**
 * The variable names an expanded body refers to (shadowing ignored: a name counted here may be
 * bound inside). A generated component declares only the locals its body uses, so it passes
 * `kf lint` (go-jsonnet's linter reports an unused local) as generated.
 */
export function variablesUsed(body: string, file: string): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const node = value as Node;
    if (node.type === 'Var') names.add(node.name);
    for (const [k, v] of Object.entries(node)) if (k !== 'loc') visit(v);
  };
  visit(parse(body, file));
  return names;
}
