// The real-world set (issue 18): every program of ~/.cache/kf/realworld, assembled from the
// fetched mirrors by bench/jsonnet/realworld-assemble.js, evaluated in-process by kf's engine and
// compared byte for byte with go-jsonnet v0.22's output, which test/setup/realworld.ts (and `npm run bench:realworld`) records
// under <set>/expected/. Nothing here is committed third-party code.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOutput } from '../../src/jsonnet/errors.js';
import { Engine, JsonnetError, type ExtValue } from '../../src/jsonnet/index.js';
import { REALWORLD_DIR } from '../../bench/jsonnet/realworld-assemble.js';

const root = REALWORLD_DIR;

interface Program {
  name: string;
  cwd: string;
  args: string[];
  multi: boolean;
  expectError: boolean;
  /** Another engine's test input: kf must succeed or fail as go-jsonnet did. */
  followGo?: boolean;
}
interface Expected {
  status: number;
  stdout?: string;
  /** go-jsonnet's error output, for a program that fails (recorded since kf prints it too) */
  stderr?: string;
  files?: Record<string, string>;
}

/** The ext-var and top-level-argument flags the programs use. */
const VARS: Record<string, ['ext' | 'tla', 'string' | 'code']> = {
  '--ext-str': ['ext', 'string'],
  '--ext-code': ['ext', 'code'],
  '--tla-str': ['tla', 'string'],
  '--tla-code': ['tla', 'code'],
};

function expectedName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_') + '.json';
}

function load(): { programs: Program[]; missing?: string } {
  const manifest = path.join(root, 'programs.json');
  if (!existsSync(manifest))
    return {
      programs: [],
      missing: `${manifest} is missing: the test setup (test/setup/realworld.ts) assembles it from the mirrors in /work/.mirror (KF_MIRROR) and records go-jsonnet's output: fetch them`,
    };
  const programs = (JSON.parse(readFileSync(manifest, 'utf8')) as { programs: Program[] }).programs;
  const recorded = programs.filter((p) => existsSync(path.join(root, 'expected', expectedName(p.name))));
  if (recorded.length === 0)
    return {
      programs: [],
      missing: `no go-jsonnet output under ${root}/expected: the test setup (test/setup/realworld.ts) records it when go-jsonnet v0.22 can be built`,
    };
  return { programs: recorded };
}

/** Evaluates a program as `kf eval <args>` would, in this process. */
function evaluate(p: Program): {
  status: number;
  stdout?: string;
  stderr?: string;
  files?: Record<string, string>;
} {
  const cwd = path.join(root, p.cwd);
  const jpath: string[] = [];
  let stringMode = false;
  let multi = false;
  let exec: string | undefined;
  let file: string | undefined;
  let maxStack = 500;
  const extVars: Record<string, ExtValue> = {};
  const tlas: Record<string, ExtValue> = {};
  for (let i = 0; i < p.args.length; i++) {
    const a = p.args[i] as string;
    // As given (relative to the program's folder, where it runs): error traces name files through it.
    if (a === '-J') jpath.push(p.args[++i] as string);
    else if (a === '-S') stringMode = true;
    else if (a === '-m') {
      multi = true;
      i++;
    } else if (a === '-e') exec = p.args[++i];
    else if (a === '--max-stack') maxStack = Number(p.args[++i]);
    else if (VARS[a]) {
      const [target, kind] = VARS[a];
      const spec = p.args[++i] as string;
      const eq = spec.indexOf('=');
      (target === 'ext' ? extVars : tlas)[spec.slice(0, eq)] = { kind, value: spec.slice(eq + 1) };
    } else if (a.startsWith('-')) throw new Error(`${p.name}: flag ${a} is not handled here`);
    else file = a;
  }
  const engine = new Engine({ jpath: jpath.reverse(), maxStack, extVars, tlas, traceOut: () => undefined });
  const saved = process.cwd();
  process.chdir(cwd);
  try {
    const input: { file: string } | { filename: string; code: string } =
      exec !== undefined ? { filename: '<cmdline>', code: exec } : { file: file as string };
    if (multi) return { status: 0, files: Object.fromEntries(engine.evaluateMulti(input, stringMode)) };
    const out =
      'file' in input
        ? engine.evaluateFileToString(input.file, stringMode ? 'string' : 'json')
        : engine.evaluateSnippetToString(input.filename, input.code, stringMode ? 'string' : 'json');
    return { status: 0, stdout: out };
  } catch (e) {
    if (e instanceof JsonnetError) return { status: 1, stderr: errorOutput(e, 20) };
    throw e;
  } finally {
    process.chdir(saved);
  }
}

const { programs, missing } = load();

describe('real-world programs: kf output is byte-identical to go-jsonnet v0.22', () => {
  if (missing) {
    it.skip(`NOT RUN — ${missing}`, () => undefined);
    return;
  }
  for (const p of programs) {
    it(p.name, { timeout: 600_000 }, () => {
      const want = JSON.parse(
        readFileSync(path.join(root, 'expected', expectedName(p.name)), 'utf8'),
      ) as Expected;
      const got = evaluate(p);
      if (p.expectError || (p.followGo && want.status !== 0)) {
        expect(got.status).not.toBe(0);
        expect(want.status).not.toBe(0);
        expect(
          want.stderr,
          'recorded before error output was: remove the expected/ folder, the test setup records it again',
        ).toBeDefined();
        expect(got.stderr).toBe(want.stderr);
        return;
      }
      expect(want.status, 'go-jsonnet failed on this program when it was recorded').toBe(0);
      expect(got.status).toBe(0);
      if (p.multi) {
        expect(Object.keys(got.files ?? {}).sort()).toEqual(Object.keys(want.files ?? {}).sort());
        for (const [f, text] of Object.entries(want.files ?? {})) expect(got.files?.[f], f).toBe(text);
      } else {
        expect(got.stdout).toBe(want.stdout);
      }
    });
  }
});
