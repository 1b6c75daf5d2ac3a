// `kf eval` without oclif: the work shared by the oclif command (src/commands/eval.ts) and the
// start-up fast path in bin/run.js, plus the fast path's own argv parser (Node's util.parseArgs
// loads two more of Node's modules, ~2 ms of a small program's run). The fast parser accepts only
// plain, unambiguous uses of the eval flags; for anything else it answers undefined and bin/run.js
// hands the arguments to oclif, which prints usage errors.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { printErr, printOut } from './direct-output.js';
import { isUserError, UserError } from '../errors.js';
import { DEFAULT_MAX_TRACE } from '../jsonnet/errors.js';
import { fileSystemUserError } from '../util/fs-error.js';

export { usedStreams } from './direct-output.js';

export type ExtValue = { kind: 'string' | 'code'; value: string };

/** Parsed `kf eval` flags, named as the oclif flags. */
export interface EvalOptions {
  input: string;
  exec: boolean;
  jpath: string[];
  'ext-str': string[];
  'ext-str-file': string[];
  'ext-code': string[];
  'ext-code-file': string[];
  'tla-str': string[];
  'tla-str-file': string[];
  'tla-code': string[];
  'tla-code-file': string[];
  string: boolean;
  'yaml-stream': boolean;
  multi?: string;
  'output-file'?: string;
  /** Accepted as the jsonnet command's -c: kf always creates the folders it writes into. */
  'create-output-dirs': boolean;
  'no-trailing-newline': boolean;
  /** kubecfg's kubecfg.libsonnet and native functions (without it, only go-jsonnet's std.native) */
  kubecfg: boolean;
  'max-stack': number;
  'max-trace': number;
}

/**
 * Evaluates as `kf eval` does, with the jsonnet command's flags and JSONNET_PATH: writes the result
 * (or the -m file list) to stdout or the -o file, a Jsonnet error to stderr. Returns the exit code
 * (0, or 1 after a Jsonnet error); throws UserError for bad flags or an unwritable target.
 */
export async function runEval(options: EvalOptions): Promise<number> {
  if (options['no-trailing-newline'] && options['yaml-stream'])
    throw new UserError('cannot use --no-trailing-newline with --yaml-stream', { exitCode: 2 });
  const { Engine, JsonnetError, defaultCompileCache, errorOutput, restoreHostFlags } =
    await import('./eval-engine.js');
  const extVars: Record<string, ExtValue> = {};
  const tlas: Record<string, ExtValue> = {};
  collect(extVars, options['ext-str'], 'string', false);
  collect(extVars, options['ext-str-file'], 'string', true);
  collect(extVars, options['ext-code'], 'code', false);
  collect(extVars, options['ext-code-file'], 'code', true);
  collect(tlas, options['tla-str'], 'string', false);
  collect(tlas, options['tla-str-file'], 'string', true);
  collect(tlas, options['tla-code'], 'code', false);
  collect(tlas, options['tla-code-file'], 'code', true);
  const engine = new Engine({
    jpath: searchPath(options.jpath),
    extVars,
    tlas,
    ...(options.kubecfg ? (await import('./kubecfg-environment.js')).kubecfgEnvironment() : {}),
    maxStack: options['max-stack'],
    compileCache: defaultCompileCache(),
    tuneHostHeap: true,
    anonymousSnippets: true,
    traceOut: (line) => printErr(`${line}\n`),
  });
  const input: { file: string } | { filename: string; code: string } = options.exec
    ? { filename: '<cmdline>', code: options.input }
    : options.input === '-'
      ? { filename: '<stdin>', code: readStdin() }
      : { file: options.input };
  if ('file' in input) checkInputFile(input.file);
  const trim = options['no-trailing-newline'] ? withoutFinalNewline : (pieces: string[]) => pieces;
  const outputFile = options['output-file'];
  const emit = async (pieces: string[]) => {
    if (outputFile === undefined) for (const piece of pieces) printOut(piece);
    else (await import('../util/atomic-write.js')).writeFileAtomic(outputFile, pieces);
  };
  try {
    if (options.multi !== undefined) {
      const files = engine.evaluateMultiToChunks(input, options.string);
      const targets = multiTargets(options.multi, [...files.keys()]);
      if (typeof targets === 'string') {
        printErr(`RUNTIME ERROR: ${targets}\n`);
        return 1;
      }
      const { writeFileAtomic } = await import('../util/atomic-write.js');
      const dir = path.resolve(options.multi);
      for (const [name, content] of files) {
        const target = targets.get(name) as string;
        const pieces = trim(content);
        if (!sameContent(target, pieces))
          writeFileAtomic(target, pieces, { root: dir, rootName: options.multi });
      }
      const listed = [...targets.values()];
      await emit(listed.length > 0 ? [listed.join('\n') + '\n'] : []);
      return 0;
    }
    // As the jsonnet command: -y wins over -S (each document is JSON).
    const mode = options['yaml-stream'] ? 'yaml-stream' : options.string ? 'string' : 'json';
    const out =
      'file' in input
        ? engine.evaluateFileToChunks(input.file, mode)
        : engine.evaluateSnippetToChunks(input.filename, input.code, mode);
    await emit(trim(out));
    return 0;
  } catch (error) {
    if (error instanceof JsonnetError) {
      printErr(errorOutput(error, options['max-trace']));
      return 1;
    }
    throw error;
  } finally {
    // tuneHostHeap may have changed V8 flags; bin/run.js writes its code cache after this, and V8
    // takes a cache only in a process with the flags it was written with.
    restoreHostFlags();
  }
}

/**
 * The engine's search path: the -J folders right-most first, then JSONNET_PATH's left-most first
 * (the jsonnet command's order: `JSONNET_PATH=a:b -J c -J d` searches d, c, a, b).
 */
function searchPath(jpath: string[]): string[] {
  const fromEnv = (process.env.JSONNET_PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  return [...jpath].reverse().concat(fromEnv);
}

/**
 * The input file must be a file: the engine would report a missing one or a folder as a Jsonnet
 * error ("couldn't open"), as if an import had failed.
 */
function checkInputFile(file: string): void {
  let isFolder: boolean;
  try {
    isFolder = statSync(file).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new UserError('no such file', {
      location: { file },
      hint: 'check the path; -e evaluates the argument as a snippet, - reads standard input',
    });
  }
  if (isFolder)
    throw new UserError('expected a Jsonnet file, found a folder', {
      location: { file },
      hint: 'name a .jsonnet file in it',
    });
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read standard input: ${(error as Error).message}`);
  }
}

/** The pieces of an output without its final newline (--no-trailing-newline). */
function withoutFinalNewline(pieces: string[]): string[] {
  const out = [...pieces];
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i].length === 0) continue;
    if (out[i].endsWith('\n')) out[i] = out[i].slice(0, -1);
    break;
  }
  return out;
}

/**
 * -m: each field name → the file it is written to, as the jsonnet command resolves it (an absolute
 * name is taken inside DIR: `/a/b.json` → `DIR/a/b.json`), in the order of the names; or, when a
 * name leaves DIR (`../x`), the error, before anything is written.
 */
function multiTargets(dirArg: string, names: string[]): Map<string, string> | string {
  const dir = path.resolve(dirArg);
  const targets = new Map<string, string>();
  for (const name of names) {
    const relative = path.isAbsolute(name) ? path.relative(path.parse(name).root, name) : name;
    const rel = path.relative(dir, path.resolve(dir, relative));
    if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel))
      return `multi mode: output file ${JSON.stringify(name)} is outside ${dirArg}; nothing was written`;
    targets.set(name, path.join(dirArg, rel));
  }
  return targets;
}

/**
 * Whether `file` already holds exactly `pieces` (-m leaves such a file alone, as the jsonnet
 * command does, so its modification time tells make and the like that nothing changed).
 */
function sameContent(file: string, pieces: string[]): boolean {
  const text = pieces.join('');
  try {
    if (statSync(file).size !== Buffer.byteLength(text)) return false;
    return readFileSync(file).equals(Buffer.from(text));
  } catch {
    return false;
  }
}

/** Reads K=V, K (from $K) and K=FILE specs into `into`. */
function collect(
  into: Record<string, ExtValue>,
  specs: string[],
  kind: 'string' | 'code',
  fromFile: boolean,
): void {
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq < 0) {
      if (fromFile) throw new UserError(`expected K=FILE, got ${JSON.stringify(spec)}`, { exitCode: 2 });
      const env = process.env[spec];
      if (env === undefined)
        throw new UserError(`environment variable ${spec} is not set`, { hint: `use ${spec}=VALUE` });
      into[spec] = { kind, value: env };
      continue;
    }
    const key = spec.slice(0, eq);
    const value = spec.slice(eq + 1);
    if (fromFile) {
      // As the jsonnet command: the *-file flags import the file (`importstr` for a string), found
      // from the working folder or the library paths, read when the program uses it; a code file's
      // own imports are found from its folder, and its errors and std.thisFile name it.
      const keyword = kind === 'code' ? 'import' : 'importstr';
      into[key] = { kind: 'code', value: `${keyword} @'${value.replaceAll("'", "''")}'` };
    } else {
      into[key] = { kind, value };
    }
  }
}

/** The eval flags the fast path knows, as oclif declares them (src/commands/eval.ts). */
const PARSE_OPTIONS = {
  exec: { type: 'boolean', short: 'e' },
  jpath: { type: 'string', short: 'J', multiple: true },
  'ext-str': { type: 'string', short: 'V', multiple: true },
  'ext-str-file': { type: 'string', multiple: true },
  'ext-code': { type: 'string', multiple: true },
  'ext-code-file': { type: 'string', multiple: true },
  'tla-str': { type: 'string', short: 'A', multiple: true },
  'tla-str-file': { type: 'string', multiple: true },
  'tla-code': { type: 'string', multiple: true },
  'tla-code-file': { type: 'string', multiple: true },
  string: { type: 'boolean', short: 'S' },
  'yaml-stream': { type: 'boolean', short: 'y' },
  multi: { type: 'string', short: 'm' },
  'output-file': { type: 'string', short: 'o' },
  'create-output-dirs': { type: 'boolean', short: 'c' },
  'no-trailing-newline': { type: 'boolean' },
  kubecfg: { type: 'boolean' },
  'max-stack': { type: 'string', short: 's' },
  'max-trace': { type: 'string', short: 't' },
} as const;

type OptionName = keyof typeof PARSE_OPTIONS;

const SHORT: Record<string, OptionName> = Object.fromEntries(
  Object.entries(PARSE_OPTIONS).flatMap(([name, spec]) =>
    'short' in spec ? [[spec.short, name as OptionName]] : [],
  ),
);

/**
 * Parses the arguments after `eval` for the fast path. Answers undefined for anything that is not
 * a plain, valid use of the flags (unknown or repeated single flags, grouped short flags, `--`,
 * a missing or extra argument, a bad --max-stack, --debug, ...): oclif then handles it.
 */
export function parseEvalArgv(argv: string[]): EvalOptions | undefined {
  const values: Partial<Record<OptionName, string | true | string[]>> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    // `--`, grouped short flags (-Sy) and attached values (-Jdir): left to oclif.
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else if (arg.length === 2) {
      name = SHORT[arg[1]];
    }
    if (name === undefined || !Object.hasOwn(PARSE_OPTIONS, name)) return undefined;
    const option = name as OptionName;
    const spec: { type: 'boolean' | 'string'; multiple?: boolean } = PARSE_OPTIONS[option];
    if (spec.type === 'boolean') {
      if (inline !== undefined || values[option] !== undefined) return undefined;
      values[option] = true;
      continue;
    }
    // A value that looks like a flag is ambiguous: left to oclif.
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('-'))) return undefined;
    if (spec.multiple) ((values[option] ??= []) as string[]).push(value);
    else if (values[option] !== undefined) return undefined;
    else values[option] = value;
  }
  if (positionals.length !== 1) return undefined;
  const maxStack = integer(values['max-stack'], 500, 1);
  const maxTrace = integer(values['max-trace'], DEFAULT_MAX_TRACE, 0);
  if (maxStack === undefined || maxTrace === undefined) return undefined;
  const list = (name: OptionName) => (values[name] as string[] | undefined) ?? [];
  return {
    input: positionals[0],
    exec: values.exec === true,
    jpath: list('jpath'),
    'ext-str': list('ext-str'),
    'ext-str-file': list('ext-str-file'),
    'ext-code': list('ext-code'),
    'ext-code-file': list('ext-code-file'),
    'tla-str': list('tla-str'),
    'tla-str-file': list('tla-str-file'),
    'tla-code': list('tla-code'),
    'tla-code-file': list('tla-code-file'),
    string: values.string === true,
    'yaml-stream': values['yaml-stream'] === true,
    multi: values.multi as string | undefined,
    'output-file': values['output-file'] as string | undefined,
    'create-output-dirs': values['create-output-dirs'] === true,
    'no-trailing-newline': values['no-trailing-newline'] === true,
    kubecfg: values.kubecfg === true,
    'max-stack': maxStack,
    'max-trace': maxTrace,
  };
}

/** An integer flag's value (`dflt` when not given), or undefined when it is not one ≥ `min`. */
function integer(given: string | true | string[] | undefined, dflt: number, min: number): number | undefined {
  if (given === undefined) return dflt;
  if (typeof given !== 'string' || !/^\d+$/.test(given)) return undefined;
  const n = Number(given);
  return Number.isSafeInteger(n) && n >= min ? n : undefined;
}

/**
 * The fast path's entry (called by bin/run.js with the arguments after `eval`). Returns false,
 * having done nothing, when oclif must handle the arguments; otherwise runs the evaluation, sets
 * process.exitCode and prints errors exactly as KfCommand does.
 */
export async function runEvalFast(argv: string[]): Promise<boolean> {
  if (process.env.KF_DEBUG === '1') return false; // stack traces are oclif's business
  const options = parseEvalArgv(argv);
  if (options === undefined) return false;
  try {
    process.exitCode = await runEval(options);
  } catch (thrown) {
    const error = fileSystemUserError(thrown) ?? thrown;
    if (isUserError(error)) {
      printErr(`kf: ${error.format()}\n`);
      process.exitCode = error.exitCode;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      printErr(`kf: internal error: ${message} (run again with --debug or KF_DEBUG=1 for a stack trace)\n`);
      process.exitCode = 1;
    }
  }
  return true;
}
