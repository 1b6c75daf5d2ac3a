// The measuring stick for kf's Jsonnet error output: every error test of the official suite
// (google/jsonnet `test_suite/error.*.jsonnet`, from its mirror at the commit the real-world set
// pins) and every error case of go-jsonnet v0.22's `testdata/` (from the Go module cache), run by
// kf's engine in this process (printed by kf's own error formatting, as `kf eval` prints it) and by
// go-jsonnet's `jsonnet` binary (bench/jsonnet/peers.js builds it), compared on stderr and exit code.
// Used by test/jsonnet/go-errors.test.ts and `npm run conformance`.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureGoJsonnet } from '../../bench/jsonnet/peers.js';
import { errorOutput } from '../../src/jsonnet/errors.js';
import { Engine, JsonnetError, type ExtValue } from '../../src/jsonnet/index.js';
import { REALWORLD_DIR } from '../../bench/jsonnet/realworld-assemble.js';

export const REALWORLD = REALWORLD_DIR;
const JSONNET_MIRROR = path.join(process.env.KF_MIRROR ?? '/work/.mirror', 'google+jsonnet', 'repo');

export interface ErrorCase {
  /** As listed: `error.06.jsonnet`, `testdata/extvar_error`. */
  name: string;
  cwd: string;
  file: string;
  /** `--ext-str` / `--ext-code` values. */
  extStr: Record<string, string>;
  extCode: Record<string, string>;
  /** `-J` folders, in the order given (go-jsonnet looks in the last first). */
  jpath?: string[];
}

export interface Outcome {
  stderr: string;
  status: number;
}

/** The suite's runner (test_suite/run_tests.sh) passes these to every test. */
const SUITE_EXT_STR = { var1: 'test' };
const SUITE_EXT_CODE = { var2: '{x:1,y:2}' };

/** go-jsonnet's main_test.go: the ext vars of its extvar_* tests. */
const GO_EXT_STR = { stringVar: '2 + 2' };
const GO_EXT_CODE = {
  codeVar: '3 + 3',
  errorVar: "error 'xxx'",
  staticErrorVar: ')',
  UndeclaredX: 'x',
  selfRecursiveVar: '[42, std.extVar("selfRecursiveVar")[0] + 1]',
  mutuallyRecursiveVar1: '[42, std.extVar("mutuallyRecursiveVar2")[0] + 1]',
  mutuallyRecursiveVar2: '[42, std.extVar("mutuallyRecursiveVar1")[0] + 1]',
};

/** The go-jsonnet v0.22.0 module's folder (downloaded into the Go module cache if need be). */
export function goJsonnetModule(): string {
  const out = execFileSync('go', ['mod', 'download', '-json', 'github.com/google/go-jsonnet@v0.22.0'], {
    cwd: tmpdir(),
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { Dir: string }).Dir;
}

/**
 * google/jsonnet's test_suite at the commit the real-world set pins, extracted into a new temporary
 * folder (the caller removes it).
 */
export function officialSuite(): string {
  const programs = path.join(REALWORLD, 'programs.json');
  if (!existsSync(programs))
    throw new Error(
      `${REALWORLD} is missing: the test setup (test/setup/realworld.ts) assembles it from the mirrors in /work/.mirror (KF_MIRROR): fetch them`,
    );
  if (!existsSync(JSONNET_MIRROR)) throw new Error(`${JSONNET_MIRROR} (google/jsonnet's mirror) is missing`);
  const { pins } = JSON.parse(readFileSync(programs, 'utf8')) as { pins: Record<string, string> };
  const commit = pins['google/jsonnet'];
  if (commit === undefined) throw new Error(`${programs} pins no google/jsonnet commit`);
  const scratch = mkdtempSync(path.join(tmpdir(), 'kf-go-errors-'));
  execFileSync('bash', [
    '-c',
    `git --git-dir=${JSONNET_MIRROR} archive ${commit} test_suite | tar -x -C ${scratch}`,
  ]);
  return scratch;
}

export function officialErrorCases(scratch: string): ErrorCase[] {
  const cwd = path.join(scratch, 'test_suite');
  return readdirSync(cwd)
    .filter((f) => f.startsWith('error.') && f.endsWith('.jsonnet'))
    .sort()
    .map((file) => ({ name: file, cwd, file, extStr: SUITE_EXT_STR, extCode: SUITE_EXT_CODE }));
}

/** go-jsonnet's golden of an error: `RUNTIME ERROR: …` or a static error `file:line:col message`. */
function isErrorGolden(text: string): boolean {
  return (
    /^(RUNTIME ERROR|STATIC ERROR)/.test(text) || /^\S+:(\d+:\d+(-\d+)?|\(\d+:\d+\)-\(\d+:\d+\)) /.test(text)
  );
}

/** The testdata cases whose golden is an error, each run as `jsonnet testdata/<name>.jsonnet`. */
export function goErrorCases(moduleDir: string): ErrorCase[] {
  const dir = path.join(moduleDir, 'testdata');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.golden') && statSync(path.join(dir, f)).isFile())
    .map((f) => f.slice(0, -'.golden'.length))
    .filter((name) => existsSync(path.join(dir, `${name}.jsonnet`)))
    .filter((name) => isErrorGolden(readFileSync(path.join(dir, `${name}.golden`), 'utf8')))
    .sort()
    .map((name) => {
      const extvars = name.startsWith('extvar_');
      return {
        name: `testdata/${name}`,
        cwd: moduleDir,
        file: `testdata/${name}.jsonnet`,
        extStr: extvars ? GO_EXT_STR : {},
        extCode: extvars ? GO_EXT_CODE : {},
      };
    });
}

export function goJsonnetBinary(): string {
  const bin = ensureGoJsonnet('jsonnet');
  if (bin === undefined)
    throw new Error("could not build go-jsonnet's jsonnet (needs Go and the module proxy)");
  return bin;
}

/** `jsonnet [-J DIR…] [--ext-str K=V…] [--ext-code K=V…] FILE`'s arguments. */
function goArgs(c: ErrorCase): string[] {
  return [
    ...(c.jpath ?? []).flatMap((d) => ['-J', d]),
    ...Object.entries(c.extStr).flatMap(([k, v]) => ['--ext-str', `${k}=${v}`]),
    ...Object.entries(c.extCode).flatMap(([k, v]) => ['--ext-code', `${k}=${v}`]),
    c.file,
  ];
}

/** go-jsonnet's `jsonnet` on the case, in its folder. */
export function runGo(bin: string, c: ErrorCase): Outcome {
  const args = goArgs(c);
  const r = spawnSync(bin, args, { cwd: c.cwd, encoding: 'utf8', timeout: 60_000 });
  return { stderr: r.stderr, status: r.status ?? -1 };
}

/** runGo without waiting: the child's stderr and exit code once it ends. */
export function runGoAsync(bin: string, c: ErrorCase): Promise<Outcome> {
  const args = goArgs(c);
  return new Promise((resolve) => {
    const child = execFile(bin, args, { cwd: c.cwd, encoding: 'utf8', timeout: 60_000 }, (_e, _out, stderr) =>
      resolve({ stderr, status: child.exitCode ?? -1 }),
    );
  });
}

/** kf's engine with `kf eval`'s options, its error printed by errorOutput as `kf eval` prints it. */
export function runKf(c: ErrorCase): Outcome {
  const extVars: Record<string, ExtValue> = {};
  for (const [k, value] of Object.entries(c.extStr)) extVars[k] = { kind: 'string', value };
  for (const [k, value] of Object.entries(c.extCode)) extVars[k] = { kind: 'code', value };
  let stderr = '';
  const engine = new Engine({
    // As kf eval's -J: the last given is looked in first.
    jpath: [...(c.jpath ?? [])].reverse(),
    extVars,
    anonymousSnippets: true,
    traceOut: (line) => (stderr += `${line}\n`),
  });
  const saved = process.cwd();
  process.chdir(c.cwd);
  try {
    engine.evaluateFileToChunks(c.file, 'json');
    return { stderr, status: 0 };
  } catch (e) {
    if (!(e instanceof JsonnetError)) throw e;
    return { stderr: stderr + errorOutput(e, 20), status: 1 };
  } finally {
    process.chdir(saved);
  }
}

export interface Comparison {
  identical: string[];
  different: { name: string; kf: Outcome; go: Outcome }[];
}

/** The cases that differ, each with go-jsonnet's and kf's exit code and stderr: a failure's message. */
export function diffReport(result: Comparison): string {
  return result.different
    .map(
      (d) =>
        `${d.name}\n--- go (exit ${d.go.status})\n${d.go.stderr}--- kf (exit ${d.kf.status})\n${d.kf.stderr}`,
    )
    .join('\n');
}

export function compare(bin: string, cases: ErrorCase[]): Comparison {
  const out: Comparison = { identical: [], different: [] };
  for (const c of cases) {
    const kf = runKf(c);
    const go = runGo(bin, c);
    if (kf.stderr === go.stderr && kf.status === go.status) out.identical.push(c.name);
    else out.different.push({ name: c.name, kf, go });
  }
  return out;
}

/** As compare, go-jsonnet's runs `parallel` at a time (kf's run in this process, one by one). */
export async function compareParallel(bin: string, cases: ErrorCase[], parallel = 2): Promise<Comparison> {
  const go: Outcome[] = new Array(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const i = next++;
      go[i] = await runGoAsync(bin, cases[i]);
    }
  };
  const workers = Array.from({ length: parallel }, worker);
  const kf: Outcome[] = [];
  for (const c of cases) {
    kf.push(runKf(c));
    // Lets the workers start their next run while kf's go on.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(workers);
  const out: Comparison = { identical: [], different: [] };
  cases.forEach((c, i) => {
    if (kf[i].stderr === go[i].stderr && kf[i].status === go[i].status) out.identical.push(c.name);
    else out.different.push({ name: c.name, kf: kf[i], go: go[i] });
  });
  return out;
}

export function removeSuite(scratch: string): void {
  rmSync(scratch, { recursive: true, force: true });
}
