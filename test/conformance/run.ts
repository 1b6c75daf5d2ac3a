// Conformance runner: evaluates the official Jsonnet test suite (google/jsonnet `test_suite/`,
// v0.22.0) and go-jsonnet's `testdata/` success cases with kf's engine and compares the output
// with the golden files. The suites are not committed: point KF_JSONNET_SUITE and
// KF_GOJSONNET_TESTDATA at checkouts (defaults under /work/ext). Not part of `npm test`.
// KF_CONFORMANCE_COMPILE_CACHE=<dir> compiles every file through the on-disk compile cache in <dir>
// (run twice: the second run evaluates programs decoded from the cache).
//
//   npm run conformance [-- --only=<substring>] [-- --quiet]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Engine, type EngineOptions, type ExtValue } from '../../src/jsonnet/index.js';
import {
  compare,
  goErrorCases,
  goJsonnetBinary,
  goJsonnetModule,
  officialErrorCases,
  officialSuite,
  removeSuite,
} from '../jsonnet/go-errors.js';

const SUITE_DIR = process.env.KF_JSONNET_SUITE ?? '/work/ext/jsonnet/test_suite';
const GO_TESTDATA_DIR = process.env.KF_GOJSONNET_TESTDATA ?? '/work/ext/go-jsonnet/testdata';
const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const quiet = args.includes('--quiet');
const cacheDir = process.env.KF_CONFORMANCE_COMPILE_CACHE;
const compileCache: EngineOptions['compileCache'] =
  cacheDir === undefined ? undefined : { dir: cacheDir, engineId: 'conformance', minLength: 0 };

interface Outcome {
  ok: boolean;
  /** Combined stderr (trace lines) + stdout, or the error text. */
  output: string;
  errored: boolean;
  crashed: boolean;
}

/** Runs one evaluation, capturing std.trace lines like the CLI's stderr. */
function evaluate(options: EngineOptions, run: (engine: Engine) => string): Outcome {
  const traces: string[] = [];
  const engine = new Engine({ ...options, compileCache, traceOut: (line) => traces.push(line) });
  const stderr = () => (traces.length > 0 ? traces.join('\n') + '\n' : '');
  try {
    const out = run(engine);
    return { ok: true, output: stderr() + out, errored: false, crashed: false };
  } catch (e) {
    const isJsonnet = e instanceof Error && e.name === 'JsonnetError';
    const text = e instanceof Error ? (isJsonnet ? e.message : `${e.name}: ${e.message}`) : String(e);
    return { ok: false, output: stderr() + text + '\n', errored: isJsonnet, crashed: !isJsonnet };
  }
}

function trimTrailingNewlines(s: string): string {
  return s.replace(/\n+$/, '');
}

/** The suite's post-processing: stdlib positions in traces are redacted. */
function redactStdlib(s: string): string {
  return s.replace(/\tstd\.jsonnet:[0-9]*:[0-9-]*/g, '\tstd.jsonnet:<stdlib_position_redacted>');
}

/** A short line diff: the first differing lines with a little context. */
function shortDiff(want: string, got: string, maxLines = 8): string {
  const w = want.split('\n');
  const g = got.split('\n');
  let i = 0;
  while (i < w.length && i < g.length && w[i] === g[i]) i++;
  const out: string[] = [`    first difference at line ${i + 1}:`];
  for (let k = i; k < Math.min(w.length, i + maxLines / 2); k++) out.push(`    - ${w[k]}`);
  for (let k = i; k < Math.min(g.length, i + maxLines / 2); k++) out.push(`    + ${g[k]}`);
  return out.join('\n');
}

/**
 * The first `file:line` an error text points at, ignoring stdlib frames: the first line's (a static
 * error, C++'s `STATIC ERROR: file:line:col: …` or go-jsonnet's `file:line:col …`, also as the
 * message of a runtime error), else the first frame's.
 */
function firstLocation(text: string): string | undefined {
  const [first = '', ...rest] = text.split('\n');
  const head = /^(?:STATIC ERROR: |RUNTIME ERROR: )?([^\s:\t]+):\(?(\d+)/.exec(first);
  const candidates = [head, ...rest.map((line) => /^\t([^\s:\t]+):\(?(\d+)/.exec(line))];
  for (const m of candidates) {
    if (m === null || m === undefined) continue;
    const file = m[1] as string;
    if (file === 'std.jsonnet' || file === '<std>') continue;
    return `${file}:${m[2]}`;
  }
  return undefined;
}

function code(value: string): ExtValue {
  return { kind: 'code', value };
}

function str(value: string): ExtValue {
  return { kind: 'string', value };
}

interface Tally {
  total: number;
  passed: number;
}

function report(kind: string, name: string, detail: string): void {
  if (!quiet) console.log(`FAIL ${kind} ${name}\n${detail}`);
}

// ---------------------------------------------------------------------------------------------
// google/jsonnet test_suite

function runOfficialSuite(): { success: Tally; error: Tally; errorExact: Tally } | undefined {
  if (!existsSync(SUITE_DIR)) {
    console.log(`official suite: not found at ${SUITE_DIR} (set KF_JSONNET_SUITE)`);
    return undefined;
  }
  const success: Tally = { total: 0, passed: 0 };
  const error: Tally = { total: 0, passed: 0 };
  const errorExact: Tally = { total: 0, passed: 0 };
  const cwd = process.cwd();
  process.chdir(SUITE_DIR);
  try {
    const tests = readdirSync('.')
      .filter((f) => f.endsWith('.jsonnet'))
      .sort();
    for (const test of tests) {
      if (only && !test.includes(only)) continue;
      const isError = test.startsWith('error.');
      const golden = existsSync(test + '.golden') ? readFileSync(test + '.golden', 'utf8') : 'true';
      const vars = { var1: str('test'), var2: code('{x:1,y:2}') };
      const options: EngineOptions = test.startsWith('tla.') ? { tlas: vars } : { extVars: vars };
      const outcome = evaluate(options, (engine) => engine.evaluateFileToString(test, 'json'));
      const got = trimTrailingNewlines(redactStdlib(outcome.output));
      const want = trimTrailingNewlines(golden);
      if (!isError) {
        success.total++;
        if (outcome.ok && got === want) success.passed++;
        else report('success', test, outcome.crashed ? `    crash: ${outcome.output}` : shortDiff(want, got));
        continue;
      }
      error.total++;
      errorExact.total++;
      if (outcome.ok) {
        report('error', test, `    evaluated without error (expected exit 1):\n${shortDiff(want, got)}`);
        continue;
      }
      if (outcome.crashed) {
        report('error', test, `    crash instead of a Jsonnet error: ${outcome.output.slice(0, 300)}`);
        continue;
      }
      if (got === want) errorExact.passed++;
      const wantLoc = firstLocation(want);
      const gotLoc = firstLocation(got);
      if (wantLoc === gotLoc) error.passed++;
      else
        report(
          'error',
          test,
          `    location: want ${wantLoc ?? '(none)'}, got ${gotLoc ?? '(none)'}\n${shortDiff(want, got)}`,
        );
    }
  } finally {
    process.chdir(cwd);
  }
  return { success, error, errorExact };
}

// ---------------------------------------------------------------------------------------------
// go-jsonnet testdata (success cases)

const GO_EXT_VARS: Record<string, ExtValue> = {
  stringVar: str('2 + 2'),
  codeVar: code('3 + 3'),
  errorVar: code("error 'xxx'"),
  staticErrorVar: code(')'),
  UndeclaredX: code('x'),
  selfRecursiveVar: code('[42, std.extVar("selfRecursiveVar")[0] + 1]'),
  mutuallyRecursiveVar1: code('[42, std.extVar("mutuallyRecursiveVar2")[0] + 1]'),
  mutuallyRecursiveVar2: code('[42, std.extVar("mutuallyRecursiveVar1")[0] + 1]'),
};

/** Go's json.Marshal: compact, keys sorted. */
function goJsonMarshal(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(goJsonMarshal).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return (
      '{' +
      Object.keys(o)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + goJsonMarshal(o[k]))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(v);
}

const GO_NATIVES: EngineOptions['nativeFunctions'] = {
  jsonToString: { params: ['x'], fn: (x) => goJsonMarshal(x) },
  nativeError: {
    params: [],
    fn: () => {
      throw new Error('native function error');
    },
  },
  nativePanic: {
    params: [],
    fn: () => {
      throw new Error('native function panic');
    },
  },
};

/** Go error goldens: `RUNTIME ERROR: …`, or a static error `<file>:line:col[-col] message`. */
function isGoErrorGolden(golden: string): boolean {
  return (
    /^(RUNTIME ERROR|STATIC ERROR)/.test(golden) ||
    /^\S+:(\d+:\d+(-\d+)?|\(\d+:\d+\)-\(\d+:\d+\)) /.test(golden)
  );
}

function runGoTestdata(): Tally | undefined {
  if (!existsSync(GO_TESTDATA_DIR)) {
    console.log(`go-jsonnet testdata: not found at ${GO_TESTDATA_DIR} (set KF_GOJSONNET_TESTDATA)`);
    return undefined;
  }
  const tally: Tally = { total: 0, passed: 0 };
  const cwd = process.cwd();
  // go-jsonnet evaluates each test as a snippet named `testdata/<name>` from the repository root.
  process.chdir(path.dirname(GO_TESTDATA_DIR));
  try {
    const names = readdirSync('testdata')
      .filter((f) => f.endsWith('.jsonnet'))
      .map((f) => f.slice(0, -'.jsonnet'.length))
      .sort();
    for (const name of names) {
      if (only && !name.includes(only)) continue;
      const goldenPath = `testdata/${name}.golden`;
      if (!existsSync(goldenPath)) continue;
      const isDir = statSync(goldenPath).isDirectory();
      const stringMode = goldenPath.endsWith('_string_output.golden');
      const noNewline = name.includes('_no_newline');
      const code = readFileSync(`testdata/${name}.jsonnet`, 'utf8');
      const options: EngineOptions = { extVars: GO_EXT_VARS, nativeFunctions: GO_NATIVES };
      const snippetName = `testdata/${name}`;
      if (isDir) {
        tally.total++;
        const outcome = evaluate(options, (engine) => {
          const files = engine.evaluateMulti({ filename: snippetName, code }, stringMode);
          return JSON.stringify([...files.entries()].sort());
        });
        const want = readdirSync(goldenPath)
          .sort()
          .map((f) => [f, readFileSync(path.join(goldenPath, f), 'utf8')]);
        let got: [string, string][] = [];
        if (outcome.ok) got = JSON.parse(outcome.output) as [string, string][];
        const normalise = (files: string[][]) =>
          JSON.stringify(files.map(([f, c]) => [f, noNewline ? (c as string).replace(/\n$/, '') : c]));
        if (outcome.ok && normalise(got) === normalise(want)) tally.passed++;
        else
          report(
            'go',
            name,
            outcome.ok ? shortDiff(normalise(want), normalise(got)) : `    ${outcome.output}`,
          );
        continue;
      }
      const golden = readFileSync(goldenPath, 'utf8');
      if (isGoErrorGolden(golden)) continue;
      tally.total++;
      const outcome = evaluate(options, (engine) =>
        engine.evaluateSnippetToString(snippetName, code, stringMode ? 'string' : 'json'),
      );
      const got = noNewline ? outcome.output.replace(/\n$/, '') : outcome.output;
      if (outcome.ok && got === golden) tally.passed++;
      else report('go', name, outcome.ok ? shortDiff(golden, got) : `    ${outcome.output.split('\n')[0]}`);
    }
  } finally {
    process.chdir(cwd);
  }
  return tally;
}

/** kf's error output against the go-jsonnet binary's: the official error tests, go-jsonnet's error cases. */
function runGoErrorComparison(): { official: Tally; go: Tally } | undefined {
  let bin: string;
  try {
    bin = goJsonnetBinary();
  } catch (e) {
    console.log(`error output against go-jsonnet: ${(e as Error).message}`);
    return undefined;
  }
  const scratch = officialSuite();
  try {
    const tally = (cases: ReturnType<typeof officialErrorCases>): Tally => {
      const selected = cases.filter((c) => !only || c.name.includes(only));
      const { identical, different } = compare(bin, selected);
      for (const d of different)
        report(
          'go-error',
          d.name,
          shortDiff(d.go.stderr + `(exit ${d.go.status})`, d.kf.stderr + `(exit ${d.kf.status})`),
        );
      return { total: selected.length, passed: identical.length };
    };
    return { official: tally(officialErrorCases(scratch)), go: tally(goErrorCases(goJsonnetModule())) };
  } finally {
    removeSuite(scratch);
  }
}

const started = Date.now();
const official = runOfficialSuite();
const go = runGoTestdata();
const goErrors = runGoErrorComparison();
console.log('');
console.log('== Jsonnet conformance ==');
if (official) {
  const { success, error, errorExact } = official;
  console.log(`official success tests byte-identical:          ${success.passed}/${success.total}`);
  console.log(`official error tests failing at the right line: ${error.passed}/${error.total}`);
  console.log(
    `official error tests byte-identical with the C++ goldens: ${errorExact.passed}/${errorExact.total}`,
  );
}
if (go) console.log(`go-jsonnet success cases identical:              ${go.passed}/${go.total}`);
if (goErrors) {
  const { official: o, go: g } = goErrors;
  console.log(`official error tests identical with go-jsonnet v0.22: ${o.passed}/${o.total}`);
  console.log(`go-jsonnet error cases identical with go-jsonnet v0.22: ${g.passed}/${g.total}`);
}
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
