// Public API of kf's Jsonnet engine: an Engine that evaluates files and snippets with library
// paths, external variables, top-level arguments, native functions and a custom importer, caching
// parsed files and evaluated imports across calls.
import { isAscii } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Loc, Node } from './ast.js';
import { byteColumns, formatLoc, JsonnetError } from './errors.js';
import { callFunction } from './evaluator.js';
import {
  manifestJson as manifestValueJson,
  manifestJsonChunks,
  manifestMulti,
  manifestMultiChunks,
  manifestString,
  manifestYamlStream,
  toJsonData,
} from './manifest.js';
import { fieldSource, type FieldSource, type PathSegment } from './field-source.js';
import { parse } from './parser.js';
import {
  compilingWithLaterOptimisation,
  hostError,
  rtError,
  stopYoungGenerationGrowthWhenBig,
  withRuntime,
  type Runtime,
} from './runtime.js';
import { compile, type CompiledProgram } from './static.js';
import { nameFrames } from './trace-context.js';
import { goSyntaxError } from './syntax-messages.js';
import { CompileCache, type CompileCacheOptions } from './compile-cache.js';
import { runDeep, type DeepOutput, type DeepResult } from './deep.js';
import { stdLibrary } from './std/index.js';
import { Frame, JArray, JFunction, Thunk, type Slot, type Value } from './values.js';
import { fromPlain } from './std/plain.js';
import { fromJsonData, valueOfJsonText } from './json-data.js';

export { JsonnetError } from './errors.js';
export { restoreHostFlags } from './runtime.js';
export { defaultCompileCache, type CompileCacheOptions } from './compile-cache.js';
export { parse } from './parser.js';
export type { FieldSource, PathSegment } from './field-source.js';
export { importStatements, type ImportStatement } from './imports.js';
export { formatJsonnet, defaultFormatOptions, type FormatOptions } from './fmt/index.js';
export type * from './ast.js';

/**
 * An external variable or top-level argument: a string, Jsonnet code, or JSON data (`kind: 'json'`:
 * the value `JSON.parse(JSON.stringify(value))` would give, converted lazily; an object or array
 * the program passes through unchanged comes back from evaluateFile as the same JS object, so
 * treat the data as read-only).
 */
export type ExtValue = { kind: 'string' | 'code'; value: string } | { kind: 'json'; value: unknown };

export interface NativeFunction {
  params: string[];
  fn: (...args: unknown[]) => unknown;
}

export type Importer = (
  fromDir: string,
  importPath: string,
) => { foundHere: string; content: string | Uint8Array } | undefined;

export interface BuiltinImport {
  foundAt: string;
  content: string;
}

export interface EngineOptions {
  /** Library search directories, searched in order after the importing file's directory. */
  jpath?: string[];
  extVars?: Record<string, ExtValue>;
  tlas?: Record<string, ExtValue>;
  nativeFunctions?: Record<string, NativeFunction>;
  /**
   * Files held in memory, by the exact import path that finds them (`foundAt`: the name errors and
   * std.thisFile give), found before the importer and the files, for every kind of import, and not
   * asked to the import policy (Tanka's `import 'tk'` is such a file).
   */
  builtinImports?: Record<string, BuiltinImport>;
  /**
   * Files held in memory like builtinImports, but found last: only when neither the importer nor
   * a file beside the importing one or in a library path has that name, so a real file wins
   * (kubecfg's `import 'kubecfg.libsonnet'`, which kubecfg finds after its search path).
   */
  fallbackImports?: Record<string, BuiltinImport>;
  /** Tried first for every import (after builtinImports). */
  importer?: Importer;
  /**
   * Asked about every file an import found (its absolute path); a returned string refuses the
   * import with that reason. Lets an embedder confine imports (kf keeps an app's imports inside it).
   */
  importPolicy?: (file: string, importPath: string) => string | undefined;
  maxStack?: number;
  /** Where std.trace output goes (default: stderr). */
  traceOut?: (line: string) => void;
  /**
   * When the host (V8) stack runs out before `maxStack` frames, re-run the evaluation in a child
   * process with a stack sized for the limit (default true; needs no importer or native
   * functions, which cannot cross a process boundary).
   */
  hostStackFallback?: boolean;
  /**
   * Keep compiled files (those of at least `minLength` characters) in this on-disk cache across
   * processes (compile-cache.ts). Off by default; the kf CLI passes defaultCompileCache().
   */
  compileCache?: CompileCacheOptions;
  /**
   * std.thisFile is "" in the programs given to evaluateSnippet* (go-jsonnet's anonymous snippets:
   * the jsonnet command's -e and standard input); errors still name them by their filename.
   */
  anonymousSnippets?: boolean;
  /**
   * Tune V8 for a process that mostly evaluates Jsonnet (the kf CLI): once an evaluation passes 16k
   * frames, the young generation stops growing, and files the compile cache misses are compiled
   * with functions optimised later (runtime.ts). Process-wide: leave it off in an
   * application that embeds the engine. restoreHostFlags() puts V8's flags back (before writing
   * a V8 code cache, which is only accepted with the same flags).
   */
  tuneHostHeap?: boolean;
}

export interface Overrides {
  extVars?: Record<string, ExtValue>;
  tlas?: Record<string, ExtValue>;
}

export type OutputMode = 'json' | 'string' | 'yaml-stream';

type Input = { file: string } | { filename: string; code: string };

interface CachedImport {
  text: string;
  value: Value;
}

interface LoadedFile {
  text: string;
  bytes: Uint8Array;
  mtimeMs: number;
  size: number;
}

/**
 * The caches of one ext-var set, the 8 used last kept: a render whose components see a few sets
 * (kf gives each Tanka static environment its own `tanka.dev/environment`) keeps the set the others
 * share while it evaluates them in between.
 */
function recentlyUsed<T>(caches: Map<string, T>, signature: string, create: () => T): T {
  let cache = caches.get(signature);
  if (cache === undefined) {
    if (caches.size >= 8) caches.delete(caches.keys().next().value as string);
    cache = create();
  } else {
    caches.delete(signature);
  }
  caches.set(signature, cache);
  return cache;
}

/** The cache key prefix of a builtinImports or fallbackImports file. */
const BUILTIN = 'builtin:';

/** The in-memory file `importPath` names in `files`, as Engine.resolve finds files. */
function inMemory(
  files: Record<string, BuiltinImport> | undefined,
  importPath: string,
): { key: string; displayName: string; text: string; bytes: Uint8Array } | undefined {
  const file = files !== undefined && Object.hasOwn(files, importPath) ? files[importPath] : undefined;
  if (file === undefined) return undefined;
  const bytes = new Uint8Array(Buffer.from(file.content, 'utf8'));
  return { key: BUILTIN + file.foundAt, displayName: file.foundAt, text: file.content, bytes };
}

/** Evaluates Jsonnet. One Engine caches parsed files and evaluated imports across calls. */
export class Engine {
  private readonly compiled = new Map<string, { code: string; program: CompiledProgram }>();
  private readonly files = new Map<string, LoadedFile>();
  /** Evaluated imports, per distinct set of ext vars. */
  private readonly importValues = new Map<string, Map<string, CachedImport>>();
  /**
   * Evaluated external variables per distinct ext-var set, like imports: a render of N components
   * passes the same `__ksonnet/params` code to every component, which must be parsed and evaluated
   * once, not N times (that made rendering quadratic in the number of components).
   */
  private readonly extValues = new Map<string, Map<string, Value>>();

  private readonly diskCache: CompileCache | undefined;
  /** Files as first seen during withStableFiles (null: not there). */
  private stableFiles: Map<string, LoadedFile | null | 'folder'> | undefined;
  /** Import policy answers during withStableFiles, by file. */
  private stablePolicy: Map<string, string | undefined> | undefined;
  /** Which programs of the process-wide table this engine may use (see sharePrograms). */
  private readonly sharedScope: string;
  /**
   * The text of each file (by the name errors give it) the current evaluation compiled: an error's
   * frames are named from it (trace-context.ts).
   */
  private sources = new Map<string, string>();
  /** Ext-var string contents seen by this engine → a short id for signature(). */
  private readonly contentIds = new Map<string, number>();

  constructor(private readonly options: EngineOptions = {}) {
    if (options.tuneHostHeap) stopYoungGenerationGrowthWhenBig();
    this.diskCache = options.compileCache ? new CompileCache(options.compileCache) : undefined;
    // Engines with different disk caches do not share programs: each cache gets its own entries.
    const c = options.compileCache;
    this.sharedScope = c ? JSON.stringify([c.dir, c.engineId, c.minLength ?? null]) : '';
  }

  /** Evaluates a file and returns plain JSON data (objects with visible fields only). */
  evaluateFile(file: string, overrides?: Overrides): unknown {
    return this.run({ file }, overrides, (v) => toJsonData(v), { kind: 'data' });
  }

  evaluateSnippet(filename: string, code: string, overrides?: Overrides): unknown {
    return this.run({ filename, code }, overrides, (v) => toJsonData(v), { kind: 'data' });
  }

  /**
   * Where each path's field of the file's value is written (field-source.ts), for error messages
   * about the evaluated data; undefined when the file no longer evaluates.
   */
  fieldSources(
    file: string,
    paths: readonly (readonly PathSegment[])[],
    overrides?: Overrides,
  ): FieldSource[] | undefined {
    try {
      return this.runHere({ file }, overrides, (v) => paths.map((p) => fieldSource(v, p)), undefined);
    } catch (e) {
      if (e instanceof JsonnetError) return undefined;
      throw e;
    }
  }

  /** Reference CLI output (with the final newline) for `json`, `string` (-S) or `yaml-stream` (-y). */
  evaluateFileToString(file: string, mode: OutputMode = 'json', overrides?: Overrides): string {
    return this.evaluateFileToChunks(file, mode, overrides).join('');
  }

  evaluateSnippetToString(
    filename: string,
    code: string,
    mode: OutputMode = 'json',
    overrides?: Overrides,
  ): string {
    return this.evaluateSnippetToChunks(filename, code, mode, overrides).join('');
  }

  /**
   * evaluateFileToString's text as consecutive pieces (JSON output in pieces of a few kilobytes),
   * to write a large output without making one string of it.
   */
  evaluateFileToChunks(file: string, mode: OutputMode = 'json', overrides?: Overrides): string[] {
    return pieces(this.run({ file }, overrides, (v) => renderChunks(v, mode), { kind: 'render', mode }));
  }

  evaluateSnippetToChunks(
    filename: string,
    code: string,
    mode: OutputMode = 'json',
    overrides?: Overrides,
  ): string[] {
    return pieces(
      this.run({ filename, code }, overrides, (v) => renderChunks(v, mode), { kind: 'render', mode }),
    );
  }

  evaluateFileToJson(file: string, overrides?: Overrides): string {
    return this.evaluateFileToString(file, 'json', overrides);
  }

  evaluateSnippetToJson(filename: string, code: string, overrides?: Overrides): string {
    return this.evaluateSnippetToString(filename, code, 'json', overrides);
  }

  /** `-m`: file name → content; with `stringMode` (-S) each value must be a string. */
  evaluateMulti(input: Input, stringMode: boolean, overrides?: Overrides): Map<string, string> {
    return this.run(input, overrides, (v) => manifestMulti(v, stringMode), { kind: 'multi', stringMode });
  }

  /** evaluateMulti with each file's content as consecutive pieces, to write without joining them. */
  evaluateMultiToChunks(input: Input, stringMode: boolean, overrides?: Overrides): Map<string, string[]> {
    const files = this.run<Map<string, string[]> | Map<string, string>>(
      input,
      overrides,
      (v) => manifestMultiChunks(v, stringMode),
      { kind: 'multi', stringMode },
    );
    // From the deep-recursion child, whole strings.
    return new Map([...files].map(([name, text]) => [name, pieces(text)]));
  }

  private run<T>(
    input: Input,
    overrides: Overrides | undefined,
    output: (v: Value) => T,
    deepOutput: DeepOutput,
  ): T {
    let traced = 0;
    const traceOut = this.options.traceOut ?? ((l: string) => process.stderr.write(l + '\n'));
    try {
      return this.runHere(input, overrides, output, () => traced++);
    } catch (e) {
      if (!(e instanceof JsonnetError && e.hostStack) || !this.canRunDeep()) throw e;
      const o = this.options;
      const result = runDeep({
        cwd: process.cwd(),
        options: {
          jpath: o.jpath,
          builtinImports: o.builtinImports,
          fallbackImports: o.fallbackImports,
          extVars: o.extVars,
          tlas: o.tlas,
          maxStack: o.maxStack,
          anonymousSnippets: o.anonymousSnippets,
        },
        input,
        overrides,
        output: deepOutput,
      });
      if (!result) throw e;
      // The first attempt already printed the first `traced` lines of the same deterministic run.
      for (const line of result.traces.slice(traced)) traceOut(line);
      if (result.ok) return result.value as T;
      const err = result.error as NonNullable<DeepResult['error']>;
      throw new JsonnetError(err.kind, err.detail, err.location as Loc | undefined, err.trace);
    }
  }

  private canRunDeep(): boolean {
    const o = this.options;
    return o.hostStackFallback !== false && !o.importer && Object.keys(o.nativeFunctions ?? {}).length === 0;
  }

  private runHere<T>(
    input: Input,
    overrides: Overrides | undefined,
    output: (v: Value) => T,
    /** called at each std.trace; undefined: print nothing (a second evaluation of a program already run) */
    onTrace: (() => void) | undefined,
  ): T {
    const extVars = { ...this.options.extVars, ...overrides?.extVars };
    const tlas = { ...this.options.tlas, ...overrides?.tlas };
    const sources = (this.sources = new Map());
    const signature = this.signature(extVars);
    const imports = recentlyUsed(this.importValues, signature, () => new Map<string, CachedImport>());
    const extValues = recentlyUsed(this.extValues, signature, () => new Map<string, Value>());
    const runtime: Runtime = {
      std: stdLibrary(),
      maxStack: this.options.maxStack ?? 500,
      depth: 0,
      importer: (kind, fromFile, importPath, loc) =>
        this.importFrom(kind, fromFile, importPath, loc, imports),
      extVar: (name) => {
        if (extValues.has(name)) return extValues.get(name);
        const ev = extVars[name];
        if (!ev) return undefined;
        const v = this.extValue(ev, `<extvar:${name}>`);
        extValues.set(name, v);
        return v;
      },
      nativeFunction: (name) => this.nativeFunction(name),
      trace: (message, loc) => {
        if (onTrace === undefined) return;
        onTrace();
        const line = `TRACE: ${loc ? `${loc.file}:${loc.start.line}` : '<builtin>'} ${message}`;
        (this.options.traceOut ?? ((l: string) => process.stderr.write(l + '\n')))(line);
      },
      callLoc: undefined,
    };
    return withRuntime(runtime, () => {
      try {
        let v: Value;
        if ('file' in input) {
          const loaded = this.readFile(path.resolve(input.file));
          if (!loaded || loaded === 'folder')
            throw new JsonnetError('runtime', `couldn't open ${input.file}`);
          const program = this.compileCached(path.resolve(input.file), input.file, loaded.text, loaded.bytes);
          v = evaluating(runtime, () => evalProgram(program));
        } else {
          const thisFile = this.options.anonymousSnippets ? '' : undefined;
          sources.set(input.filename, input.code);
          const program = compileSource(input.code, input.filename, { thisFile });
          v = evaluating(runtime, () => evalProgram(program));
        }
        if (v instanceof JFunction) v = this.applyTlas(v, tlas);
        try {
          return output(v);
        } catch (e) {
          if (e instanceof JsonnetError && e.kind === 'runtime')
            e.trace.push({ loc: undefined, name: '', raw: 'During manifestation' });
          throw e;
        }
      } catch (e) {
        throw finishError(e, (file) => sources.get(file));
      }
    });
  }

  private extValue(ev: ExtValue, displayName: string): Value {
    if (ev.kind === 'string') return ev.value;
    if (ev.kind === 'json') return fromJsonData(ev.value);
    return this.evalCode(displayName, ev.value);
  }

  /**
   * Names the set of ext vars (imports and ext vars are cached per set) without serialising their
   * values on every call: a string value is known by an id per distinct content (V8 keeps a string's
   * hash, so the same string object is looked up in O(1)), JSON data by its object's identity.
   */
  private signature(extVars: Record<string, ExtValue>): string {
    // A long-lived engine given ever new ext-var strings: start afresh rather than grow without
    // bound (ids are reused after this, so the caches they name go too).
    if (this.contentIds.size >= MAX_CONTENT_IDS) {
      this.contentIds.clear();
      this.importValues.clear();
      this.extValues.clear();
    }
    let out = '';
    for (const name of Object.keys(extVars).sort()) {
      const ev = extVars[name];
      let id: string;
      if (ev.kind !== 'json') {
        let n = this.contentIds.get(ev.value);
        if (n === undefined) this.contentIds.set(ev.value, (n = this.contentIds.size));
        id = String(n);
      } else if (ev.value !== null && typeof ev.value === 'object') {
        let n = dataIds.get(ev.value);
        if (n === undefined) dataIds.set(ev.value, (n = nextDataId++));
        id = `#${n}`;
      } else {
        id = `=${JSON.stringify(ev.value) ?? 'undefined'}`;
      }
      out += `${JSON.stringify(name)}:${ev.kind}:${id};`;
    }
    return out;
  }

  private applyTlas(fn: JFunction, tlas: Record<string, ExtValue>): Value {
    const named: [string, Slot][] = Object.entries(tlas).map(([name, ev]) => [
      name,
      ev.kind === 'string' ? ev.value : Thunk.lazy(() => this.extValue(ev, `<top-level-arg:${name}>`)),
    ]);
    try {
      return callFunction(fn, [], named, undefined);
    } catch (e) {
      if (e instanceof JsonnetError && e.kind === 'runtime')
        e.trace.push({ loc: undefined, name: '', raw: 'Top-level function call' });
      throw e;
    }
  }

  private compileCached(
    key: string | undefined,
    displayName: string,
    code: string,
    bytes: Uint8Array | undefined,
  ): CompiledProgram {
    this.sources.set(displayName, code);
    if (!key) return compileSource(code, displayName);
    const hit = this.compiled.get(key);
    if (hit && hit.code === code) return hit.program;
    const sharedKey = `${this.sharedScope}\0${displayName}\0${key}`;
    const shared = sharedPrograms.get(sharedKey);
    let program: CompiledProgram;
    if (shared && shared.code === code) {
      program = shared.program;
    } else {
      program = this.compileFile(displayName, code, bytes);
      sharePrograms(sharedKey, code, program);
    }
    this.compiled.set(key, { code, program });
    return program;
  }

  /** Compiles a file's text, through the on-disk cache when there is one. */
  private compileFile(displayName: string, code: string, bytes: Uint8Array | undefined): CompiledProgram {
    const disk = this.diskCache;
    if (!disk?.wants(code)) return compileSource(code, displayName);
    const entry = disk.entryFor(displayName, code, bytes);
    const cached = disk.load(entry);
    if (cached) return cached;
    const compileAndStore = () => {
      const program = compileSource(code, displayName);
      disk.store(entry, program);
      return program;
    };
    return this.options.tuneHostHeap ? compilingWithLaterOptimisation(compileAndStore) : compileAndStore();
  }

  private evalCode(displayName: string, code: string, cacheKey?: string, bytes?: Uint8Array): Value {
    return evalProgram(this.compileCached(cacheKey, displayName, code, bytes));
  }

  /**
   * Reads a file through the cache. Entries are checked against the file's mtime and size on every
   * use, so a file rewritten between two evaluations (kf writes components, then renders) is seen;
   * a changed file also drops its parsed program and every evaluated import.
   */
  /** The file at `abs`; null when there is none, 'folder' for a folder. */
  private readFile(abs: string): LoadedFile | null | 'folder' {
    const stable = this.stableFiles;
    if (stable === undefined) return this.readFileNow(abs);
    let loaded = stable.get(abs);
    if (loaded === undefined) stable.set(abs, (loaded = this.readFileNow(abs)));
    return loaded;
  }

  /**
   * Runs `fn` with every file looked at once: within it, a file (or its absence) is what the first
   * look found, without the stat per import that otherwise notices a file rewritten between two
   * evaluations, and the import policy is asked once per file. For a batch of evaluations during which nothing writes the files (kf renders an
   * environment's components this way: 200 components importing one library cost 200 stats of
   * each library path otherwise).
   */
  withStableFiles<T>(fn: () => T): T {
    if (this.stableFiles !== undefined) return fn();
    this.stableFiles = new Map();
    this.stablePolicy = new Map();
    try {
      return fn();
    } finally {
      this.stableFiles = undefined;
      this.stablePolicy = undefined;
    }
  }

  private readFileNow(abs: string): LoadedFile | null | 'folder' {
    let stat;
    try {
      // No exception for a missing file: imports try every library path in turn.
      stat = statSync(abs, { throwIfNoEntry: false });
    } catch {
      return null;
    }
    if (!stat?.isFile()) return stat?.isDirectory() ? 'folder' : null;
    const cached = this.files.get(abs);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const buffer = readFileSync(abs);
    const loaded: LoadedFile = {
      text: decodeUtf8(buffer),
      // A view, not a copy (what readFileSync returned is not shared with anything else).
      bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
      mtimeMs: stat.mtimeMs,
      size: stat.size,
    };
    this.files.set(abs, loaded);
    return loaded;
  }

  /** The absolute path of the file `import importPath` in `fromFile` reads, or undefined when none is found. */
  importedFile(fromFile: string, importPath: string): string | undefined {
    const found = this.resolve(fromFile, importPath);
    if (found === undefined || found.key.startsWith(BUILTIN)) return undefined;
    return path.resolve(found.key.startsWith('custom:') ? found.displayName : found.key);
  }

  /**
   * Finds an import: custom importer, then the importing file's directory, then the library paths
   * until one holds the file, or a folder of that name (go-jsonnet's search stops there).
   */
  private resolve(
    fromFile: string,
    importPath: string,
  ): { key: string; displayName: string; text: string; bytes: Uint8Array } | undefined {
    const builtin = inMemory(this.options.builtinImports, importPath);
    if (builtin !== undefined) return builtin;
    const fromDir = path.dirname(fromFile);
    if (this.options.importer) {
      const r = this.options.importer(fromDir, importPath);
      if (r) {
        const bytes =
          typeof r.content === 'string' ? new Uint8Array(Buffer.from(r.content, 'utf8')) : r.content;
        const text = typeof r.content === 'string' ? r.content : Buffer.from(r.content).toString('utf8');
        return { key: 'custom:' + r.foundHere, displayName: r.foundHere, text, bytes };
      }
    }
    for (const c of this.importCandidates(fromFile, importPath)) {
      const abs = path.resolve(c);
      const loaded = this.readFile(abs);
      // go-jsonnet's read of a folder fails, which ends its search (importFailure says so).
      if (loaded === 'folder') return undefined;
      if (loaded) return { key: abs, displayName: c, text: loaded.text, bytes: loaded.bytes };
    }
    return inMemory(this.options.fallbackImports, importPath);
  }

  /**
   * Why nothing was found for an import, as go-jsonnet says it: a folder where the file would be
   * fails its read (`read lib: is a directory`), else no candidate exists.
   */
  private importFailure(fromFile: string, importPath: string): string {
    // go-jsonnet looks for no file of an empty path.
    const candidates = importPath === '' ? [] : this.importCandidates(fromFile, importPath);
    for (const c of candidates) {
      let folder = false;
      try {
        folder = statSync(c, { throwIfNoEntry: false })?.isDirectory() ?? false;
      } catch {
        // Not readable: as if absent.
      }
      if (folder) return `read ${path.isAbsolute(importPath) ? importPath : goClean(c)}: is a directory`;
    }
    return `couldn't open import ${JSON.stringify(importPath)}: no match locally or in the Jsonnet library paths`;
  }

  /** The files an import may be: beside the importing file, then in each library path. */
  private importCandidates(fromFile: string, importPath: string): string[] {
    if (path.isAbsolute(importPath)) return [importPath];
    const fromDir = path.dirname(fromFile);
    return [
      path.join(fromDir, importPath),
      ...(this.options.jpath ?? []).map((d) => path.join(d, importPath)),
    ];
  }

  private importFrom(
    kind: 'import' | 'importstr' | 'importbin',
    fromFile: string,
    importPath: string,
    loc: Loc,
    cache: Map<string, CachedImport>,
  ): Value {
    const found = this.resolve(fromFile, importPath);
    if (!found) throw rtError(this.importFailure(fromFile, importPath), loc);
    const refusal = found.key.startsWith(BUILTIN) ? undefined : this.importRefusal(found.key, importPath);
    if (refusal !== undefined) throw rtError(`import ${JSON.stringify(importPath)} refused: ${refusal}`, loc);
    if (kind === 'importstr') return found.text;
    if (kind === 'importbin') return new JArray(Array.from(found.bytes));
    const key = found.key;
    const hit = cache.get(key);
    // Same source text (usually the very same string object): the evaluated value still holds.
    if (hit !== undefined && hit.text === found.text) return hit.value;
    // A .json file that is plain JSON is read as data (go-jsonnet, like Jsonnet, parses it as code:
    // the value is the same).
    const value =
      (found.displayName.endsWith('.json') ? valueOfJsonText(found.text) : undefined) ??
      evalProgram(this.compileImport(found.displayName, found.text, key, found.bytes, loc));
    cache.set(key, { text: found.text, value });
    return value;
  }

  /**
   * Compiles an imported file; its static error is a runtime error of the import (go-jsonnet's
   * `RUNTIME ERROR: lib.jsonnet:2:1-2 Unknown variable: x` with the importing frames under it).
   */
  private compileImport(
    displayName: string,
    code: string,
    key: string,
    bytes: Uint8Array,
    loc: Loc,
  ): CompiledProgram {
    try {
      return this.compileCached(key, displayName, code, bytes);
    } catch (e) {
      if (!(e instanceof JsonnetError) || e.kind !== 'static') throw e;
      const at = e.location && byteColumns(e.location, code);
      throw rtError(at ? `${formatLoc(at)} ${e.detail}` : e.detail, loc);
    }
  }

  /** The import policy's answer (asked once per file within withStableFiles). */
  private importRefusal(key: string, importPath: string): string | undefined {
    const policy = this.options.importPolicy;
    if (policy === undefined) return undefined;
    const stable = this.stablePolicy;
    if (stable === undefined || !stable.has(key)) {
      const refusal = policy(key.replace(/^custom:/, ''), importPath);
      stable?.set(key, refusal);
      return refusal;
    }
    return stable.get(key);
  }

  private nativeFunction(name: string): Value {
    const nf = this.options.nativeFunctions?.[name];
    if (!nf) return null;
    return JFunction.builtin(name, nf.params, (args) => {
      const plain = args.map((a) => toJsonData(a instanceof Thunk ? a.force() : (a as Value), true));
      let result: unknown;
      try {
        result = nf.fn(...plain);
      } catch (e) {
        throw rtError(e instanceof Error ? e.message : String(e));
      }
      return fromPlain(result);
    });
  }
}

import { hooks } from './values.js';

/**
 * A file's text: Latin-1 decoding is a plain copy, and for ASCII (most Jsonnet and JSON files,
 * checked at memory speed) it reads the same as UTF-8, whose decoder costs several times more.
 */
function decodeUtf8(buffer: Buffer): string {
  return isAscii(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
}

const dataIds = new WeakMap<object, number>();
const MAX_CONTENT_IDS = 4096;

/**
 * Compiled files shared by every Engine of the process (compiled programs are never changed): a
 * render worker builds one engine per environment and still compiles each file once. Bounded by
 * the source text it holds; the oldest entries go first.
 */
const sharedPrograms = new Map<string, { code: string; program: CompiledProgram }>();
const SHARED_PROGRAMS_MAX_CHARS = 64 * 1024 * 1024;
let sharedProgramChars = 0;

/** Drops the process-wide table of compiled files (to free its memory, or to start as a new process would). */
export function forgetCompiledPrograms(): void {
  sharedPrograms.clear();
  sharedProgramChars = 0;
}

function sharePrograms(key: string, code: string, program: CompiledProgram): void {
  const old = sharedPrograms.get(key);
  if (old) {
    sharedPrograms.delete(key);
    sharedProgramChars -= old.code.length;
  }
  sharedPrograms.set(key, { code, program });
  sharedProgramChars += code.length;
  for (const [k, entry] of sharedPrograms) {
    if (sharedProgramChars <= SHARED_PROGRAMS_MAX_CHARS || k === key) break;
    sharedPrograms.delete(k);
    sharedProgramChars -= entry.code.length;
  }
}
let nextDataId = 0;

/** Evaluates a compiled program in a fresh top-level frame. */
function evalProgram(program: CompiledProgram): Value {
  return hooks.evaluate(program.ir, new Frame(new Array(program.frameSize), null, null, 0, null));
}

/** Reference CLI output (with the final newline) for `json`, `string` (-S) or `yaml-stream` (-y). */
function renderChunks(v: Value, mode: OutputMode): string[] {
  if (mode === 'string') return [manifestString(v) + '\n'];
  if (mode === 'yaml-stream') return [manifestYamlStream(v)];
  return manifestJsonChunks(v, '   ', '\n');
}

/** A rendered output from this process (pieces) or from the deep-recursion child (one string). */
function pieces(out: string[] | string): string[] {
  return typeof out === 'string' ? [out] : out;
}

/**
 * parse and compile: the static pass recurses per level of the tree (a chain of 100000 `+` is
 * 100000 levels), so the host stack can run out there, before any evaluation frame has a place:
 * the error is then the file's (its start), not placeless.
 */
function compileSource(code: string, filename: string, options?: { thisFile?: string }): CompiledProgram {
  try {
    return compile(parseInGoWords(code, filename), options);
  } catch (e) {
    if (e instanceof JsonnetError && e.kind === 'static') {
      e.source = code;
      e.refresh();
    }
    if (!(e instanceof RangeError)) throw e;
    const start = { line: 1, column: 1, offset: 0 };
    throw hostError(e, { file: filename, start, end: start });
  }
}

/** parse, a syntax error in go-jsonnet's words and at its place (syntax-messages.ts). */
function parseInGoWords(code: string, filename: string): Node {
  try {
    return parse(code, filename);
  } catch (e) {
    if (!(e instanceof JsonnetError) || e.kind !== 'static') throw e;
    const go = goSyntaxError(e.detail, e.location, code, (message, loc) =>
      loc === undefined ? message : `${formatLoc(byteColumns(loc, code))} ${message}`,
    );
    throw new JsonnetError('static', go.message, go.loc);
  }
}

/** A path as Go's filepath.Join leaves it: no trailing slash (node's path.join keeps one). */
function goClean(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/**
 * The evaluation of a file: a runtime error leaving it gets go-jsonnet's `During evaluation`. As in
 * go-jsonnet it runs in a call frame of its own, which counts against the stack limit (calling a
 * top-level function and the output come after it, without it).
 */
function evaluating(runtime: Runtime, run: () => Value): Value {
  runtime.depth++;
  try {
    return run();
  } catch (e) {
    if (e instanceof JsonnetError && e.kind === 'runtime')
      e.trace.push({ loc: undefined, name: '', raw: 'During evaluation' });
    throw e;
  } finally {
    runtime.depth--;
  }
}

/** Names an error's frames as go-jsonnet does (`sourceOf`: the text of a file by its name). */
function finishError(e: unknown, sourceOf: (file: string) => string | undefined): unknown {
  if (e instanceof JsonnetError) {
    if (e.kind === 'runtime') nameFrames(e.trace, sourceOf);
    e.refresh();
    return e;
  }
  if (e instanceof RangeError) return hostError(e);
  if (e instanceof Error && e.name === 'StdError') return new JsonnetError('runtime', e.message);
  return e;
}

/**
 * Evaluates a Jsonnet file to plain JSON data in one call (a fresh Engine each time: keep an
 * Engine to reuse parsed files and evaluated imports across evaluations).
 */
export function evaluateFile(file: string, options?: EngineOptions): unknown {
  return new Engine(options).evaluateFile(file);
}

/** Evaluates a Jsonnet snippet (`filename` names it in errors and resolves its imports). */
export function evaluateSnippet(filename: string, code: string, options?: EngineOptions): unknown {
  return new Engine(options).evaluateSnippet(filename, code);
}

/** The reference CLI's output for a file: `json` (like `jsonnet`), `string` (-S), `yaml-stream` (-y). */
export function evaluateFileToString(
  file: string,
  mode: OutputMode = 'json',
  options?: EngineOptions,
): string {
  return new Engine(options).evaluateFileToString(file, mode);
}

export function evaluateSnippetToString(
  filename: string,
  code: string,
  mode: OutputMode = 'json',
  options?: EngineOptions,
): string {
  return new Engine(options).evaluateSnippetToString(filename, code, mode);
}

/** Reference-formatted JSON (3-space indentation) of plain data. */
export function manifestJson(value: unknown): string {
  const runtime: Runtime = {
    std: stdLibrary(),
    maxStack: 100_000,
    depth: 0,
    importer: (_kind, _from, importPath, loc) => {
      throw rtError(`couldn't open import ${JSON.stringify(importPath)}`, loc);
    },
    extVar: () => undefined,
    nativeFunction: () => null,
    trace: () => undefined,
    callLoc: undefined,
  };
  return withRuntime(runtime, () => manifestValueJson(fromPlain(value)));
}
