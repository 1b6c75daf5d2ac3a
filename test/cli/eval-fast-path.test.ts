// `kf eval` start-up fast path (bin/run.js → dist/cli/eval.js, no oclif) against the oclif
// command (KF_NO_FASTPATH=1): byte-identical stdout, stderr, exit codes and written files.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEvalArgv } from '../../src/cli/eval.js';
import { REPO_ROOT, ensureBuilt, runKf, snapshotTree } from '../helpers/run-kf.js';

const dir = mkdtempSync(join(tmpdir(), 'kf-eval-fast-'));
const lib1 = join(dir, 'lib1');
const lib2 = join(dir, 'lib2');
mkdirSync(lib1);
mkdirSync(lib2);
writeFileSync(join(lib1, 'which.libsonnet'), '"lib1"');
writeFileSync(join(lib2, 'which.libsonnet'), '"lib2"');
writeFileSync(join(dir, 'plain.jsonnet'), '{ b: [1, 2.5, "x"], a: { c: null, d: true } }');
writeFileSync(join(dir, 'str.jsonnet'), '"line one\\nline two"');
writeFileSync(join(dir, 'stream.jsonnet'), '[{ a: 1 }, "two", [3]]');
writeFileSync(join(dir, 'multi.jsonnet'), '{ "a.json": { x: 1 }, "b.txt": "raw" }');
writeFileSync(join(dir, 'multi-str.jsonnet'), '{ "a.txt": "one", "b.txt": "two" }');
writeFileSync(join(dir, 'jpath.jsonnet'), 'import "which.libsonnet"');
writeFileSync(join(dir, 'data.txt'), 'from a file\n');
writeFileSync(join(dir, 'code.txt'), '{ fromFile: 1 + 1 }');
writeFileSync(
  join(dir, 'vars.jsonnet'),
  'function(ts, tsf="-", tc=0, tcf=0, tenv="-") { ext: [std.extVar("s"), std.extVar("sf"), std.extVar("c"), std.extVar("cf"), std.extVar("env")], tla: [ts, tsf, tc, tcf, tenv] }',
);
writeFileSync(join(dir, 'runtime-error.jsonnet'), '{ a: error "boom" }');
writeFileSync(join(dir, 'static-error.jsonnet'), '{ a: 1 +  }');
writeFileSync(join(dir, 'deep.jsonnet'), 'local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(100)');
writeFileSync(
  join(dir, 'deep-error.jsonnet'),
  'local f(n) = if n == 0 then error "boom" else 1 + f(n - 1); f(30)',
);

const env = { KF_FAST_VAR: 'from env' };

/** Argument lists the fast path handles itself. */
const fastCases: Record<string, string[]> = {
  'plain file': ['plain.jsonnet'],
  'absolute file': [join(dir, 'plain.jsonnet')],
  '-e snippet': ['-e', '{ x: std.length([1, 2]) }'],
  '--exec after the argument': ['local a = 3; a * a', '--exec'],
  '-S': ['-S', 'str.jsonnet'],
  '--string with -e': ['--string', '-e', '"raw"'],
  '-S on a non-string': ['-S', 'plain.jsonnet'],
  '-y': ['-y', 'stream.jsonnet'],
  '-y on a non-array': ['--yaml-stream', 'plain.jsonnet'],
  '-S and -y': ['-S', '-y', '-e', '["a", "b"]'],
  '-J repeatable, right-most wins': ['-J', 'lib1', '-J', 'lib2', 'jpath.jsonnet'],
  '--jpath= form': ['--jpath=lib2', '--jpath=lib1', 'jpath.jsonnet'],
  'no -J: import not found': ['jpath.jsonnet'],
  'ext and tla forms': [
    '--ext-str',
    's=str',
    '--ext-str-file',
    'sf=data.txt',
    '--ext-code',
    'c={ k: [1] }',
    '--ext-code-file',
    'cf=code.txt',
    '-V',
    'env=KF_FAST_VAR',
    '--ext-str',
    'env',
    '-A',
    'ts=tla',
    '--tla-str-file',
    'tsf=data.txt',
    '--tla-code',
    'tc=40 + 2',
    '--tla-code-file',
    'tcf=code.txt',
    '--tla-str=tenv',
    'vars.jsonnet',
  ],
  'ext var given by name reads the environment': [
    '--ext-str',
    'KF_FAST_VAR',
    '-e',
    'std.extVar("KF_FAST_VAR")',
  ],
  'unset environment variable': ['--ext-str', 'KF_FAST_UNSET', '-e', '1'],
  'K=FILE form without =': ['--ext-str-file', 'sf', '-e', '1'],
  'missing ext file': ['--tla-code-file', 'x=nope.txt', '-e', '1'],
  'ext code with a syntax error': ['--ext-code', 'c=1 +', '-e', 'std.extVar("c")'],
  'missing input file': ['nope.jsonnet'],
  'runtime error': ['runtime-error.jsonnet'],
  'runtime error in a snippet': ['-e', 'std.assertEqual(1, 2)'],
  'static error': ['static-error.jsonnet'],
  '--max-stack deep enough': ['--max-stack', '500', 'deep.jsonnet'],
  '--max-stack too shallow': ['--max-stack', '20', 'deep.jsonnet'],
  '--max-stack= form': ['--max-stack=20', 'deep.jsonnet'],
  '-m on a non-object': ['-m', 'out', '-e', '[1]'],
  '--no-trailing-newline': ['--no-trailing-newline', 'plain.jsonnet'],
  '--no-trailing-newline with -S': ['-S', '--no-trailing-newline', 'str.jsonnet'],
  '--no-trailing-newline with -y': ['--no-trailing-newline', '-y', 'stream.jsonnet'],
  '-s': ['-s', '20', 'deep.jsonnet'],
  '-t': ['-t', '4', 'deep-error.jsonnet'],
  '--max-trace=0': ['--max-trace=0', 'deep-error.jsonnet'],
  'default trace length': ['deep-error.jsonnet'],
  '-c': ['-c', 'plain.jsonnet'],
  '--kubecfg': ['--kubecfg', '-e', "(import 'kubecfg.libsonnet').manifestYaml({ a: [1], b: 'yes' })"],
  '--kubecfg with an error in a native': ['--kubecfg', '-e', "std.native('resolveImage')('Nginx')"],
};

/** Argument lists the fast path leaves to oclif (usage errors and unusual shapes). */
const fallbackCases: Record<string, string[]> = {
  'unknown flag': ['--bogus', 'plain.jsonnet'],
  'unknown short flag': ['-z', 'plain.jsonnet'],
  'missing argument': ['-S'],
  'too many arguments': ['plain.jsonnet', 'str.jsonnet'],
  'flag without its value': ['plain.jsonnet', '-J'],
  '--max-stack 0': ['--max-stack', '0', 'plain.jsonnet'],
  '--max-stack not a number': ['--max-stack', 'lots', 'plain.jsonnet'],
  'boolean flag with a value': ['--string=yes', 'str.jsonnet'],
  'grouped short flags': ['-Sy', '-e', '["a"]'],
  'attached short value': ['-Jlib1', 'jpath.jsonnet'],
  'single flag given twice': ['-S', '-S', 'str.jsonnet'],
  '-- terminator': ['-e', '--', '-1'],
  '--debug': ['--debug', 'plain.jsonnet'],
  'negative --max-trace': ['--max-trace', '-1', 'deep-error.jsonnet'],
  '-t not a number': ['-t', 'x', 'deep-error.jsonnet'],
  '--kubecfg twice': ['--kubecfg', '--kubecfg', 'plain.jsonnet'],
};

async function both(args: string[]) {
  const fast = await runKf(['eval', ...args], { cwd: dir, env });
  const oclif = await runKf(['eval', ...args], { cwd: dir, env: { ...env, KF_NO_FASTPATH: '1' } });
  return { fast, oclif };
}

describe('kf eval fast path', () => {
  beforeAll(() => ensureBuilt(), 600_000);

  it.each(Object.entries(fastCases))('%s: fast path taken, same output as oclif', async (_name, args) => {
    expect(parseEvalArgv(args)).toBeDefined();
    const { fast, oclif } = await both(args);
    expect(fast).toEqual(oclif);
  });

  it('plain file output is the engine result (sanity check of the comparison)', async () => {
    const { fast } = await both(['plain.jsonnet']);
    expect(fast).toEqual({
      stdout:
        '{\n   "a": {\n      "c": null,\n      "d": true\n   },\n   "b": [\n      1,\n      2.5,\n      "x"\n   ]\n}\n',
      stderr: '',
      exitCode: 0,
    });
    const { fast: err } = await both(['runtime-error.jsonnet']);
    expect(err.exitCode).toBe(1);
    expect(err.stderr).toMatch(/^RUNTIME ERROR: boom\n/);
    const { fast: unset } = await both(['--ext-str', 'KF_FAST_UNSET', '-e', '1']);
    expect(unset).toEqual({
      stdout: '',
      stderr: 'kf: environment variable KF_FAST_UNSET is not set (use KF_FAST_UNSET=VALUE)\n',
      exitCode: 1,
    });
  });

  it.each([
    ['-m', ['-m', 'out', 'multi.jsonnet'], 2],
    ['-m -S', ['-m', 'out', '-S', 'multi-str.jsonnet'], 2],
    ['-m -o', ['-m', 'out', '-o', 'out/list.txt', 'multi.jsonnet'], 3],
    ['-o', ['-o', 'out/result.json', 'plain.jsonnet'], 1],
  ])('%s: same stdout and same files written', async (_name, args, written) => {
    expect(parseEvalArgv(args)).toBeDefined();
    const out = join(dir, 'out');
    rmSync(out, { recursive: true, force: true });
    const fast = await runKf(['eval', ...args], { cwd: dir, env });
    const fastFiles = snapshotTree(out);
    rmSync(out, { recursive: true, force: true });
    const oclif = await runKf(['eval', ...args], { cwd: dir, env: { ...env, KF_NO_FASTPATH: '1' } });
    const oclifFiles = snapshotTree(out);
    rmSync(out, { recursive: true, force: true });
    expect(fast).toEqual(oclif);
    expect(fast.exitCode).toBe(0);
    expect(fastFiles.size).toBe(written);
    expect(fastFiles).toEqual(oclifFiles);
  });

  it('-o and -m where a file cannot be written: one line naming it, as oclif says it (was: an internal error)', async () => {
    const out = join(dir, 'out');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(join(out, 'a'), { recursive: true });
    const cases: Array<[string[], string]> = [
      [
        ['-o', 'out', '-e', '1'],
        'kf: cannot write out: it is a folder (name a file, or move the folder away)\n',
      ],
      [
        ['-m', 'out', '-e', '{a: 1}'],
        'kf: cannot write out/a: it is a folder (name a file, or move the folder away)\n',
      ],
    ];
    if (existsSync('/proc/self'))
      cases.push([
        ['-o', '/proc/x.json', '-e', '1'],
        'kf: cannot write /proc/x.json: its folder takes no new files (write it to a folder on an ordinary file system)\n',
      ]);
    for (const [args, stderr] of cases) {
      const { fast, oclif } = await both(args);
      expect(fast, args.join(' ')).toEqual({ stdout: '', stderr, exitCode: 1 });
      expect(oclif, args.join(' ')).toEqual(fast);
    }
    rmSync(out, { recursive: true, force: true });
  });

  it.each(Object.entries(fallbackCases))('%s: left to oclif', async (_name, args) => {
    expect(parseEvalArgv(args)).toBeUndefined();
    const { fast, oclif } = await both(args);
    expect(fast).toEqual(oclif);
  });

  it('- (standard input) and JSONNET_PATH: fast path taken, same output as oclif', async () => {
    expect(parseEvalArgv(['-'])).toBeDefined();
    const input = '{ lib: import "which.libsonnet" }';
    const withPath = { ...env, JSONNET_PATH: `${lib2}:${lib1}` };
    const fast = await runKf(['eval', '-'], { cwd: dir, env: withPath, input });
    const oclif = await runKf(['eval', '-'], { cwd: dir, env: { ...withPath, KF_NO_FASTPATH: '1' }, input });
    expect(fast).toEqual({ stdout: '{\n   "lib": "lib2"\n}\n', stderr: '', exitCode: 0 });
    expect(fast).toEqual(oclif);
  });

  it('an unknown flag is a one-line usage error with exit 2', async () => {
    const r = await runKf(['eval', '--bogus', 'plain.jsonnet'], { cwd: dir, env });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('kf: Nonexistent flag: --bogus (see: kf eval --help)\n');
  });

  it('ends quietly when the reader goes away early (kf eval … | head)', async () => {
    for (const fastPathOff of [undefined, '1']) {
      const child = spawn('node', [ensureBuilt(), 'eval', '-e', 'std.range(1, 300000)'], {
        cwd: dir,
        env: { ...process.env, KF_NO_FASTPATH: fastPathOff },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Read the first piece, then close the pipe as `head` does.
      await new Promise((resolve) => child.stdout.once('data', resolve));
      child.stdout.destroy();
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    }
  });

  it('a slow reader gets all of a large output before kf exits (bin/run.js ends the process itself)', async () => {
    const n = 300_000;
    const child = spawn('node', [ensureBuilt(), 'eval', '-e', `std.range(1, ${n})`], {
      cwd: dir,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let pauses = 0;
    child.stdout.on('data', (d: Buffer) => {
      chunks.push(d);
      // Keep the pipe full for a while, as a slow consumer (kubectl apply -f -) would.
      if (pauses++ < 20) {
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 10);
      }
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    const numbers = Array.from({ length: n }, (_, i) => `   ${i + 1}`);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const stdout = Buffer.concat(chunks).toString();
    expect(stdout.length).toBe(`[\n${numbers.join(',\n')}\n]\n`.length);
    expect(stdout).toBe(`[\n${numbers.join(',\n')}\n]\n`);
  });

  it('--help still shows the oclif command help', async () => {
    const r = await runKf(['eval', '--help'], { cwd: dir, env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('--ext-str-file');
    expect(r.stdout).toContain('--max-stack');
  });
});

describe('kf eval start-up', () => {
  it("prints without Node's streams (whose first use loads some twenty modules)", async () => {
    const hook = join(dir, 'module-list.cjs');
    writeFileSync(
      hook,
      "process.on('exit', () => require('fs').writeSync(2, process.moduleLoadList.join('\\n') + '\\n'));\n",
    );
    const r = await execa('node', ['-r', hook, ensureBuilt(), 'eval', '-e', 'std.trace("t", {a: 1})'], {
      cwd: dir,
      reject: false,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('{\n   "a": 1\n}');
    const loaded = r.stderr.split('\n');
    expect(loaded[0]).toBe('TRACE: <cmdline>:1 t');
    expect(loaded).toContain('NativeModule vm'); // the list is there
    // Node itself loads internal/streams/utils; process.stdout would bring these.
    const streams =
      /^NativeModule (stream|internal\/streams\/(readable|writable|duplex)|internal\/fs\/sync_write_stream|internal\/util\/parse_args\/parse_args)$/;
    expect(loaded.filter((m) => streams.test(m))).toEqual([]);
  });
});

describe('kf eval code cache', () => {
  it('is written on the first run, used on the next, and a damaged one is replaced', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'kf-v8-code-'));
    const run = () => runKf(['eval', 'plain.jsonnet'], { cwd: dir, env: { XDG_CACHE_HOME: cache } });
    const first = await run();
    expect(first.exitCode).toBe(0);
    const files = () => readdirSync(join(cache, 'kf', 'v8-code'));
    expect(files()).toHaveLength(1);
    expect(files()[0]).toMatch(/^eval-v\d+\.\d+\.\d+-.+\.bin$/);
    const entry = join(cache, 'kf', 'v8-code', files()[0]);
    const size = statSync(entry).size;
    expect(size).toBeGreaterThan(10_000);
    expect(await run()).toEqual(first);
    writeFileSync(entry, 'not a code cache');
    expect(await run()).toEqual(first);
    expect(statSync(entry).size).toBeGreaterThan(10_000);
    rmSync(cache, { recursive: true, force: true });
  });

  it('is kept by a big evaluation, which tunes V8 and puts its flags back before writing', async () => {
    // Past 16k frames the CLI changes a V8 flag (tuneHostHeap), and V8 rejects a cache written
    // under other flags: without restoreHostFlags every such run rejected and rewrote it.
    const cache = mkdtempSync(join(tmpdir(), 'kf-v8-code-'));
    const code =
      'local f(n) = if n == 0 then 0 else 1 + f(n - 1); std.foldl(function(a, b) a + f(10), std.range(1, 2000), 0)';
    const run = () => runKf(['eval', '-e', code], { cwd: dir, env: { XDG_CACHE_HOME: cache } });
    expect((await run()).stdout).toBe('20000\n');
    const [name] = readdirSync(join(cache, 'kf', 'v8-code'));
    const entry = join(cache, 'kf', 'v8-code', name);
    const written = statSync(entry);
    for (let i = 0; i < 2; i++) expect((await run()).stdout).toBe('20000\n');
    const now = statSync(entry);
    expect([now.ino, now.mtimeMs, now.size]).toEqual([written.ino, written.mtimeMs, written.size]);
    rmSync(cache, { recursive: true, force: true });
  });

  it('is not used for a bundle rewritten in place with the same length and modification time', async () => {
    // A copy of the entry and the evaluator's bundle (which needs nothing else), and its own cache.
    const copy = mkdtempSync(join(tmpdir(), 'kf-eval-copy-'));
    cpSync(join(REPO_ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(REPO_ROOT, 'package.json'), join(copy, 'package.json'));
    const bundle = join(copy, 'dist', 'cli', 'eval.bundle.cjs');
    cpSync(join(REPO_ROOT, 'dist', 'cli', 'eval.bundle.cjs'), bundle);
    // npm gives every file it installs the same modification time (1985-10-26).
    const npmTime = new Date('1985-10-26T08:15:00Z');
    utimesSync(bundle, npmTime, npmTime);
    const cache = mkdtempSync(join(tmpdir(), 'kf-v8-code-'));
    const run = () =>
      execa('node', [join(copy, 'bin', 'run.js'), 'eval', '-e', '{a: 1}.b'], {
        cwd: dir,
        env: { XDG_CACHE_HOME: cache },
        reject: false,
      });
    for (let i = 0; i < 2; i++)
      expect((await run()).stderr).toMatch(/^RUNTIME ERROR: Field does not exist: b\n/);
    // The same length, the same inode, the same modification time.
    const before = statSync(bundle);
    const text = readFileSync(bundle, 'latin1');
    expect(text).toContain('Field does not exist: ');
    writeFileSync(bundle, text.replaceAll('Field does not exist: ', 'Field is not present: '), 'latin1');
    utimesSync(bundle, npmTime, npmTime);
    expect([statSync(bundle).ino, statSync(bundle).size, statSync(bundle).mtimeMs]).toEqual([
      before.ino,
      before.size,
      before.mtimeMs,
    ]);
    expect((await run()).stderr).toMatch(/^RUNTIME ERROR: Field is not present: b\n/);
    rmSync(copy, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  it("loads std.parseYaml's YAML code (a bundle of its own) only for a program that calls it", async () => {
    const built = join(ensureBuilt(), '..', '..', 'dist');
    // The scanner's messages are in the lazy bundle and not in the evaluator's.
    const message = 'did not find expected node content';
    expect(readFileSync(join(built, 'lazy', 'goyaml-v2.cjs'), 'latin1')).toContain(message);
    expect(readFileSync(join(built, 'cli', 'eval.bundle.cjs'), 'latin1')).not.toContain(message);
    const cache = mkdtempSync(join(tmpdir(), 'kf-v8-code-'));
    const run = (code: string) => runKf(['eval', '-e', code], { cwd: dir, env: { XDG_CACHE_HOME: cache } });
    const caches = () =>
      readdirSync(join(cache, 'kf', 'v8-code')).map((f) => f.replace(/-v\d+\.\d+\.\d+-.*$/, ''));
    expect((await run('{ a: 1 }')).stdout).toBe('{\n   "a": 1\n}\n');
    expect(caches()).toEqual(['eval']);
    const yaml = 'std.parseYaml("a: [1, on]\\n---\\nb: 0x1F")';
    const expected = {
      stdout:
        '[\n   {\n      "a": [\n         1,\n         true\n      ]\n   },\n   {\n      "b": 31\n   }\n]\n',
      stderr: '',
      exitCode: 0,
    };
    expect(await run(yaml)).toEqual(expected);
    expect(caches().sort()).toEqual(['eval', 'goyaml-v2']);
    // From its code cache, and an error is go-jsonnet's, thrown by the lazily loaded code.
    expect(await run(yaml)).toEqual(expected);
    const bad = await run('std.parseYaml("a: [1")');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(
      /^RUNTIME ERROR: failed to parse YAML: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'\n/,
    );
    rmSync(cache, { recursive: true, force: true });
  });

  it("loads --kubecfg's natives and library (a bundle of their own) only for an evaluation with --kubecfg", async () => {
    const built = join(ensureBuilt(), '..', '..', 'dist');
    const message = 'cannot specify 64-byte hexadecimal strings'; // resolveImage's
    expect(readFileSync(join(built, 'lazy', 'kubecfg.cjs'), 'latin1')).toContain(message);
    expect(readFileSync(join(built, 'cli', 'eval.bundle.cjs'), 'latin1')).not.toContain(message);
    const cache = mkdtempSync(join(tmpdir(), 'kf-v8-code-'));
    const run = (args: string[]) => runKf(['eval', ...args], { cwd: dir, env: { XDG_CACHE_HOME: cache } });
    const caches = () =>
      readdirSync(join(cache, 'kf', 'v8-code')).map((f) => f.replace(/-v\d+\.\d+\.\d+-.*$/, ''));
    expect((await run(['-e', '1'])).stdout).toBe('1\n');
    expect(caches()).toEqual(['eval']);
    const program = "local k = import 'kubecfg.libsonnet'; [k.resolveImage('nginx'), k.parseYaml('a: yes')]";
    const expected =
      '[\n   "docker.io/library/nginx:latest",\n   [\n      {\n         "a": true\n      }\n   ]\n]\n';
    expect((await run(['--kubecfg', '-e', program])).stdout).toBe(expected);
    expect(caches().sort()).toEqual(['eval', 'goyaml-v2', 'kubecfg']);
    // from its code cache
    expect((await run(['--kubecfg', '-e', program])).stdout).toBe(expected);
    rmSync(cache, { recursive: true, force: true });
  });

  it('is not written with KF_NO_COMPILE_CACHE=1', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'kf-v8-code-'));
    const r = await runKf(['eval', 'plain.jsonnet'], {
      cwd: dir,
      env: { XDG_CACHE_HOME: cache, KF_NO_COMPILE_CACHE: '1' },
    });
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(cache, 'kf', 'v8-code'))).toBe(false);
    rmSync(cache, { recursive: true, force: true });
  });
});
