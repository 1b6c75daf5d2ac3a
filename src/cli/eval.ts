// `kf eval` without oclif: the work shared by the oclif command (src/commands/eval.ts) and the
// start-up fast path in bin/run.js, plus the fast path's own argv parser (Node's util.parseArgs
// loads two more of Node's modules, ~2 ms of a small program's run). The fast parser accepts only
// plain, unambiguous uses of the eval flags; for anything else it answers undefined and bin/run.js
// hands the arguments to oclif, which prints usage errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printErr, printOut } from './direct-output.js';
import { isUserError, UserError } from '../errors.js';

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
  'max-stack': number;
}

/**
 * Evaluates as `kf eval` does: writes the result (or the -m file list) to stdout, a Jsonnet error
 * to stderr. Returns the exit code (0, or 1 after a Jsonnet error); throws UserError for bad
 * ext/tla flags or an unwritable -m target.
 */
export async function runEval(options: EvalOptions): Promise<number> {
  const { Engine, JsonnetError, defaultCompileCache, restoreHostFlags } = await import('../jsonnet/index.js');
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
    jpath: [...options.jpath].reverse(),
    extVars,
    tlas,
    maxStack: options['max-stack'],
    compileCache: defaultCompileCache(),
    tuneHostHeap: true,
    traceOut: (line) => printErr(`${line}\n`),
  });
  const input: { file: string } | { filename: string; code: string } = options.exec
    ? { filename: '<cmdline>', code: options.input }
    : { file: options.input };
  try {
    if (options.multi !== undefined) {
      const files = engine.evaluateMultiToChunks(input, options.string);
      const { writeFileAtomic } = await import('../util/atomic-write.js');
      const lines: string[] = [];
      // Field names are file names: one that leaves DIR (`../../x`, `/etc/x`) fails before any write.
      const dir = path.resolve(options.multi);
      for (const name of files.keys()) {
        const target = path.resolve(dir, name);
        const rel = path.relative(dir, target);
        if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
          printErr(
            `RUNTIME ERROR: multi mode: output file ${JSON.stringify(name)} is outside ${options.multi}; nothing was written\n`,
          );
          return 1;
        }
      }
      for (const [name, content] of files) {
        const target = path.join(options.multi, name);
        writeFileAtomic(target, content, { root: dir, rootName: options.multi });
        lines.push(target);
      }
      if (lines.length > 0) printOut(lines.join('\n') + '\n');
      return 0;
    }
    const mode = options.string ? 'string' : options['yaml-stream'] ? 'yaml-stream' : 'json';
    const out =
      'file' in input
        ? engine.evaluateFileToChunks(input.file, mode)
        : engine.evaluateSnippetToChunks(input.filename, input.code, mode);
    for (const piece of out) printOut(piece);
    return 0;
  } catch (error) {
    if (error instanceof JsonnetError) {
      printErr(error.message + '\n');
      return 1;
    }
    throw error;
  } finally {
    // tuneHostHeap may have changed V8 flags; bin/run.js writes its code cache after this, and V8
    // takes a cache only in a process with the flags it was written with.
    restoreHostFlags();
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
      let text: string;
      try {
        text = readFileSync(value, 'utf8');
      } catch {
        throw new UserError(`cannot read ${value}`, { hint: `the file given for ${key} must exist` });
      }
      // --ext-code-file / --tla-code-file: the file's text is the code (evaluated as a snippet).
      into[key] = { kind, value: text };
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
  'max-stack': { type: 'string' },
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
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    // `--`, `-`, grouped short flags (-Sy) and attached values (-Jdir): left to oclif.
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
  let maxStack = 500;
  const given = values['max-stack'] as string | undefined;
  if (given !== undefined) {
    if (!/^\d+$/.test(given)) return undefined;
    maxStack = Number(given);
    if (!Number.isSafeInteger(maxStack) || maxStack < 1) return undefined;
  }
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
    'max-stack': maxStack,
  };
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
  } catch (error) {
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
