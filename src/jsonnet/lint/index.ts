// Jsonnet linter: go-jsonnet v0.22's linter.LintSnippet on kf's parser, with the same output byte
// for byte (what jsonnet-lint and `tk lint` print). Per snippet: import errors, unused variables,
// type errors (calls, indexing, operands), endless loops in local definitions.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JsonnetError } from '../errors.js';
import { parse } from '../parser.js';
import type { CoreNode } from './core.js';
import { children } from './core.js';
import { toCore } from './desugar.js';
import { findEndlessLoops } from './loops.js';
import { goQuote, Sources, type GoLoc, type LintError } from './report.js';
import { checkTypes } from './type-check.js';
import { inferTypes, NodeIds } from './type-graph.js';
import { findVariables, type Variable, type VariableInfo } from './variables.js';
import { goSyntaxError } from '../syntax-messages.js';

export interface LintSnippet {
  fileName: string;
  code: string;
}

/** Resolves an import as the engine would (importing file's directory, then the library paths). */
export interface LintImporter {
  (fromFile: string, importPath: string): { foundAt: string; code: string } | { error: string };
}

export interface LintResult {
  /** What go-jsonnet's LintSnippet writes. */
  output: string;
  /** LintSnippet's result: something was reported. */
  failed: boolean;
  /** The errors reported, in order: each message and, but for code desugaring made up, its place. */
  problems: LintProblem[];
}

/** One reported error; lines and (UTF-8 byte) columns count from 1, as in the output. */
export interface LintProblem {
  message: string;
  location?: GoLoc;
}

/**
 * Where go-jsonnet's linter panics (a file that imports, through others, the very path it was given
 * as: its type graph has no placeholder for that second copy), kf throws this, with what was written
 * before it, as jsonnet-lint had printed it.
 */
export class LintInternalError extends Error {
  constructor(
    message: string,
    readonly output: string,
    readonly problems: LintProblem[] = [],
  ) {
    super(message);
    this.name = 'LintInternalError';
  }
}

type Parsed = { node: CoreNode } | { error: LintError };

/** Parses and desugars (go-jsonnet's SnippetToAST); a static error comes back in go-jsonnet's words. */
function toAST(fileName: string, code: string): Parsed {
  try {
    return { node: toCore(parse(code, fileName)) };
  } catch (e) {
    if (e instanceof JsonnetError && e.kind === 'static') {
      const sources = new Sources();
      sources.add(fileName, code);
      return { error: goSyntaxError(e.detail, e.location, code, (m, loc) => sources.errorText(m, loc)) };
    }
    throw e;
  }
}

/**
 * What lintSnippets keeps of the files it reads: pass one to several calls (a linter run over many
 * files) and each imported file is parsed, desugared and analysed once. Only share it between
 * calls whose importers read the same file at the same path.
 */
export class LintCache {
  readonly sources = new Sources();
  readonly asts = new Map<string, Parsed>();
  readonly variables = new WeakMap<CoreNode, VariableInfo>();
  readonly ids = new NodeIds();
  /** `std` and `$std`: one variable, which every file's uses of std refer to */
  readonly std: Variable = { name: 'std', occurrences: 0, kind: 'stdlib' };
}

export function lintSnippets(
  snippets: LintSnippet[],
  importer: LintImporter,
  cache: LintCache = new LintCache(),
): LintResult {
  const { sources, ids } = cache;
  let output = '';
  const problems: LintProblem[] = [];
  const write = (e: LintError): void => {
    output += sources.format(e);
    problems.push(
      e.loc === undefined ? { message: e.message } : { message: e.message, location: sources.goLoc(e.loc) },
    );
  };

  // go-jsonnet's import cache: one parse per file found, errors included.
  const astCache = cache.asts;
  const importAST = (
    from: string,
    importPath: string,
  ): { node: CoreNode; foundAt: string } | { error: string } => {
    const r = importer(from, importPath);
    if ('error' in r) return r;
    let parsed = astCache.get(r.foundAt);
    if (parsed === undefined) {
      sources.add(r.foundAt, r.code);
      parsed = toAST(r.foundAt, r.code);
      astCache.set(r.foundAt, parsed);
    }
    if ('error' in parsed) return { error: sources.errorText(parsed.error.message, parsed.error.loc) };
    return { node: parsed.node, foundAt: r.foundAt };
  };

  const nodes: { node: CoreNode; path: string }[] = [];
  for (const s of snippets) {
    sources.add(s.fileName, s.code);
    const parsed = toAST(s.fileName, s.code);
    if ('error' in parsed) write(parsed.error);
    else nodes.push({ node: parsed.node, path: s.fileName });
  }

  const std = cache.std;
  const stdEnv = new Map([
    ['std', std],
    ['$std', std],
  ]);
  for (const { node, path: file } of nodes) {
    const roots = new Map<string, CoreNode>([[file, node]]);
    collectImports(node, file, roots, importer, importAST, write);
    const vars = new Map<string, Map<CoreNode, Variable>>();
    let own: Variable[] = [];
    for (const [p, root] of roots) {
      // an imported file's variables are the same whoever imports it
      let info = p === file ? undefined : cache.variables.get(root);
      if (info === undefined) {
        info = findVariables(root, stdEnv);
        if (p !== file) cache.variables.set(root, info);
      }
      vars.set(p, info.varAt);
      if (p === file) own = info.variables;
    }
    for (const v of own) {
      if (v.occurrences === 0 && v.kind === 'regular' && v.name !== '$')
        write({ message: `Unused variable: ${v.name}`, loc: v.loc });
    }
    const errors: LintError[] = [];
    let typeOf: ReturnType<typeof inferTypes>;
    try {
      typeOf = inferTypes(
        roots,
        vars,
        (from, importPath) => {
          const r = importAST(from, importPath);
          return 'error' in r ? undefined : r.node;
        },
        ids,
      );
    } catch (e) {
      throw new LintInternalError((e as Error).message, output, problems);
    }
    checkTypes(node, typeOf, errors);
    findEndlessLoops(node, errors);
    for (const e of errors) write(e);
  }
  return { output, failed: problems.length > 0, problems };
}

/** Every file imported (transitively) into `roots`; import errors are reported where they occur. */
function collectImports(
  node: CoreNode,
  file: string,
  roots: Map<string, CoreNode>,
  importer: LintImporter,
  importAST: (from: string, importPath: string) => { node: CoreNode; foundAt: string } | { error: string },
  write: (e: LintError) => void,
): void {
  if (node.k === 'Import') {
    // importstr and importbin are only looked up, not parsed.
    const r = node.kind === 'import' ? importAST(file, node.path) : importer(file, node.path);
    if ('error' in r) write({ message: r.error, loc: node.loc });
    else if ('node' in r && !roots.has(r.foundAt)) {
      roots.set(r.foundAt, r.node);
      collectImports(r.node, r.foundAt, roots, importer, importAST, write);
    }
    return;
  }
  for (const c of children(node)) collectImports(c, file, roots, importer, importAST, write);
}

/**
 * go-jsonnet's FileImporter: the importing file's directory, then `jpath` (first match wins, as
 * kf's engine searches it). `foundAt` is the joined path, relative when the inputs are; relative
 * paths are read from `cwd`.
 */
export function jpathImporter(jpath: string[], cwd: string = process.cwd()): LintImporter {
  const files = new Map<string, { code: string } | { error: string } | undefined>();
  const tryPath = (candidate: string): { code: string } | { error: string } | undefined => {
    if (files.has(candidate)) return files.get(candidate);
    let found: { code: string } | { error: string } | undefined;
    try {
      found = { code: readFileSync(path.resolve(cwd, candidate), 'utf8') };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') found = undefined;
      else if (code === 'EISDIR') found = { error: `read ${candidate}: is a directory` };
      else found = { error: `open ${candidate}: ${(e as Error).message}` };
    }
    files.set(candidate, found);
    return found;
  };
  return (fromFile, importPath) => {
    const dir = fromFile.slice(0, fromFile.lastIndexOf('/') + 1);
    const dirs = [dir, ...jpath];
    for (const d of dirs) {
      const candidate = path.isAbsolute(importPath) ? importPath : goJoin(d, importPath);
      const found = tryPath(candidate);
      if (found !== undefined) return 'error' in found ? found : { foundAt: candidate, code: found.code };
    }
    return {
      error: `couldn't open import ${goQuote(importPath)}: no match locally or in the Jsonnet library paths`,
    };
  };
}

/** Go's filepath.Join of a directory and a path. */
function goJoin(dir: string, p: string): string {
  const joined = dir === '' ? p : `${dir}/${p}`;
  if (joined === '') return '';
  const clean = path.posix.normalize(joined);
  return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}
