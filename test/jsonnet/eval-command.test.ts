// `kf eval` through the real binary: output modes, jsonnet-compatible flags and error exit codes.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runKf } from '../helpers/run-kf.js';

describe('kf eval', () => {
  beforeAll(() => ensureBuilt(), 600_000);

  it('evaluates a file with -J, ext vars and top-level arguments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-eval-'));
    const lib = join(dir, 'vendor');
    mkdirSync(lib);
    writeFileSync(join(lib, 'util.libsonnet'), '{ twice(x):: x * 2 }');
    writeFileSync(join(dir, 'data.txt'), 'from file');
    writeFileSync(
      join(dir, 'main.jsonnet'),
      'local u = import "util.libsonnet";\nfunction(n) { n: u.twice(n), env: std.extVar("env"), code: std.extVar("c"), file: std.extVar("f") }',
    );
    const r = await runKf(
      [
        'eval',
        '-J',
        lib,
        '--ext-str',
        'env=prod',
        '--ext-code',
        'c={ a: 1 }',
        '--ext-str-file',
        `f=${join(dir, 'data.txt')}`,
        '--tla-code',
        'n=21',
        join(dir, 'main.jsonnet'),
      ],
      { cwd: dir },
    );
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      '{\n   "code": {\n      "a": 1\n   },\n   "env": "prod",\n   "file": "from file",\n   "n": 42\n}\n',
    );
  });

  it('supports -e, -S, -y and -m', async () => {
    expect((await runKf(['eval', '-e', '"a" + "b"', '-S'])).stdout).toBe('ab\n');
    expect((await runKf(['eval', '-e', '[1, 2]', '-y'])).stdout).toBe('---\n1\n---\n2\n...\n');
    const out = mkdtempSync(join(tmpdir(), 'kf-eval-multi-'));
    const r = await runKf(['eval', '-e', '{ "a.json": { x: 1 } }', '-m', out]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(join(out, 'a.json') + '\n');
    expect(readFileSync(join(out, 'a.json'), 'utf8')).toBe('{\n   "x": 1\n}\n');
  });

  it('-m refuses a file name that leaves DIR and writes nothing', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'kf-eval-multi-'));
    const out = join(parent, 'a', 'b');
    mkdirSync(out, { recursive: true });
    const r = await runKf(['eval', '-e', '{ "ok.json": 1, "../../x": 2 }', '-m', out]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      `RUNTIME ERROR: multi mode: output file "../../x" is outside ${out}; nothing was written\n`,
    );
    expect(existsSync(join(parent, 'x'))).toBe(false);
    expect(existsSync(join(out, 'ok.json'))).toBe(false);
  });

  it("prints Jsonnet errors as go-jsonnet v0.22's jsonnet command does and exits 1", async () => {
    const r = await runKf(['eval', '-e', 'local f() = error "boom"; f()']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'RUNTIME ERROR: boom\n\t<cmdline>:1:13-25\tfunction <f>\n\t<cmdline>:1:27-30\t$\n\tDuring evaluation\t\n\n',
    );
    const s = await runKf(['eval', '-e', '{ a: }']);
    expect(s.exitCode).toBe(1);
    expect(s.stderr).toBe('<cmdline>:1:6-7 Unexpected: "}" while parsing terminal\n\n{ a: }\n\n\n');
    const deep = await runKf([
      'eval',
      '--max-stack',
      '100000',
      '-e',
      'local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(100000)',
    ]);
    expect(deep.exitCode).toBe(1);
    expect(deep.stderr).toMatch(/^RUNTIME ERROR: max stack frames exceeded\./);
  });

  describe("the rest of the jsonnet command's flags (go-jsonnet v0.22)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-eval-flags-'));
    for (const name of ['a', 'b', 'c', 'd']) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'which.libsonnet'), JSON.stringify(name));
    }
    writeFileSync(join(dir, 'which.jsonnet'), 'import "which.libsonnet"');
    writeFileSync(
      join(dir, 'deep-error.jsonnet'),
      'local f(n) = if n == 0 then error "boom" else 1 + f(n - 1);\nf(30)',
    );

    it('JSONNET_PATH is searched after -J, left-most first (JSONNET_PATH=a:b -J c -J d: d, c, a, b)', async () => {
      const which = async (args: string[]) =>
        (await runKf(['eval', ...args, 'which.jsonnet'], { cwd: dir, env: { JSONNET_PATH: 'a:b' } })).stdout;
      expect(await which(['-J', 'c', '-J', 'd'])).toBe('"d"\n');
      expect(await which(['-J', 'c'])).toBe('"c"\n');
      expect(await which([])).toBe('"a"\n');
      const none = await runKf(['eval', 'which.jsonnet'], { cwd: dir, env: { JSONNET_PATH: '' } });
      expect(none.exitCode).toBe(1);
      expect(none.stderr).toMatch(/^RUNTIME ERROR: couldn't open import "which.libsonnet"/);
      const second = await runKf(['eval', 'which.jsonnet'], { cwd: dir, env: { JSONNET_PATH: 'missing:b' } });
      expect(second.stdout).toBe('"b"\n');
    });

    it('the *-file flags import the file: found in the library paths, read when used, its own imports from its folder', async () => {
      mkdirSync(join(dir, 'conf'));
      writeFileSync(
        join(dir, 'conf', 'config.jsonnet'),
        '{ port: import "port.libsonnet", file: std.thisFile }',
      );
      writeFileSync(join(dir, 'conf', 'port.libsonnet'), '8080');
      writeFileSync(join(dir, 'c', "it's.txt"), 'quoted name');
      const r = await runKf(
        [
          'eval',
          '-J',
          'c',
          '--tla-code-file',
          'config=conf/config.jsonnet',
          '--ext-str-file',
          "s=it's.txt",
          '--ext-code-file',
          'unused=missing.jsonnet',
          '-e',
          'function(config) { config: config, s: std.extVar("s") }',
        ],
        { cwd: dir },
      );
      expect(r).toEqual({
        stdout:
          '{\n   "config": {\n      "file": "conf/config.jsonnet",\n      "port": 8080\n   },\n   "s": "quoted name"\n}\n',
        stderr: '',
        exitCode: 0,
      });
      const missing = await runKf(['eval', '--ext-str-file', 'x=missing.txt', '-e', 'std.extVar("x")'], {
        cwd: dir,
      });
      expect(missing.exitCode).toBe(1);
      expect(missing.stderr).toMatch(/^RUNTIME ERROR: couldn't open import "missing.txt"/);
    });

    it('std.thisFile is "" in a -e or standard-input program, deep ones included; ext code keeps its name', async () => {
      const lines = async (args: string[], input?: string) =>
        (await runKf(['eval', ...args], { cwd: dir, input })).stdout;
      expect(await lines(['-e', 'std.thisFile'])).toBe('""\n');
      expect(await lines(['-'], 'std.thisFile')).toBe('""\n');
      expect(await lines(['--ext-code', 'x=std.thisFile', '-e', 'std.extVar("x")'])).toBe('"<extvar:x>"\n');
      writeFileSync(join(dir, 'this.jsonnet'), 'std.thisFile');
      expect(await lines(['this.jsonnet'])).toBe('"this.jsonnet"\n');
      expect(
        await lines([
          '--max-stack',
          '100000',
          '-e',
          'local f(n) = if n == 0 then std.thisFile else f(n - 1) + ""; f(5000)',
        ]),
      ).toBe('""\n');
      expect((await runKf(['eval', '-e', 'error "named"'], { cwd: dir })).stderr).toBe(
        'RUNTIME ERROR: named\n\t<cmdline>:1:1-14\t$\n\tDuring evaluation\t\n\n',
      );
    });

    it('- reads the program from standard input (imports relative to the working folder)', async () => {
      const r = await runKf(['eval', '-J', 'c', '-'], {
        cwd: dir,
        input: '{ lib: import "which.libsonnet" }',
      });
      expect(r).toEqual({ stdout: '{\n   "lib": "c"\n}\n', stderr: '', exitCode: 0 });
      const e = await runKf(['eval', '-'], { cwd: dir, input: 'error "from stdin"' });
      expect(e.stderr).toBe('RUNTIME ERROR: from stdin\n\t<stdin>:1:1-19\t$\n\tDuring evaluation\t\n\n');
    });

    it('a missing input file or a folder is a one-line user error, not a Jsonnet error', async () => {
      const missing =
        'kf: nosuch.jsonnet: no such file (check the path; -e evaluates the argument as a snippet, - reads standard input)';
      expect(await runKf(['eval', 'nosuch.jsonnet'], { cwd: dir })).toEqual({
        stdout: '',
        stderr: `${missing}\n`,
        exitCode: 1,
      });
      // --debug: oclif runs the command instead of the fast path, and adds the stack
      const debug = await runKf(['eval', '--debug', 'nosuch.jsonnet'], { cwd: dir });
      expect([debug.stderr.split('\n')[0], debug.exitCode]).toEqual([missing, 1]);
      expect(await runKf(['eval', 'c'], { cwd: dir })).toEqual({
        stdout: '',
        stderr: 'kf: c: expected a Jsonnet file, found a folder (name a .jsonnet file in it)\n',
        exitCode: 1,
      });
    });

    it('-o writes the output to a file (creating its folders), and nothing when evaluation fails', async () => {
      const r = await runKf(['eval', '-o', 'out/sub/result.json', '-e', '{ a: [1] }'], { cwd: dir });
      expect(r).toEqual({ stdout: '', stderr: '', exitCode: 0 });
      expect(readFileSync(join(dir, 'out/sub/result.json'), 'utf8')).toBe('{\n   "a": [\n      1\n   ]\n}\n');
      const y = await runKf(['eval', '--output-file', 'out/stream.yaml', '-c', '-y', '-e', '[1, "x"]'], {
        cwd: dir,
      });
      expect(y.exitCode).toBe(0);
      expect(readFileSync(join(dir, 'out/stream.yaml'), 'utf8')).toBe('---\n1\n---\n"x"\n...\n');
      const failed = await runKf(['eval', '-o', 'out/failed.json', '-e', 'error "no"'], { cwd: dir });
      expect(failed.exitCode).toBe(1);
      expect(existsSync(join(dir, 'out/failed.json'))).toBe(false);
    });

    it('--no-trailing-newline drops the final newline (also of -m files), and is refused with -y', async () => {
      expect((await runKf(['eval', '--no-trailing-newline', '-e', '{ a: 1 }'])).stdout).toBe(
        '{\n   "a": 1\n}',
      );
      expect((await runKf(['eval', '--no-trailing-newline', '-S', '-e', '"x\\n"'])).stdout).toBe('x\n');
      const out = join(dir, 'nonl');
      await runKf(['eval', '--no-trailing-newline', '-S', '-m', out, '-e', '{ f: "text" }']);
      expect(readFileSync(join(out, 'f'), 'utf8')).toBe('text');
      const y = await runKf(['eval', '--no-trailing-newline', '-y', '-e', '[]']);
      expect(y).toEqual({
        stdout: '',
        stderr: 'kf: cannot use --no-trailing-newline with --yaml-stream\n',
        exitCode: 2,
      });
    });

    it('-y wins over -S: each document is JSON', async () => {
      expect((await runKf(['eval', '-S', '-y', '-e', '["a", { b: 1 }]'])).stdout).toBe(
        '---\n"a"\n---\n{\n   "b": 1\n}\n...\n',
      );
    });

    it('-m takes an absolute name inside DIR, leaves an unchanged file alone and lists every file (-o: to a file)', async () => {
      const out = join(dir, 'multi');
      rmSync(out, { recursive: true, force: true });
      const program = (b: number) => `{ "/abs/a.json": { x: 1 }, "b.json": ${b} }`;
      const first = await runKf(['eval', '-m', 'multi', '-e', program(1)], { cwd: dir });
      expect(first).toEqual({ stdout: 'multi/abs/a.json\nmulti/b.json\n', stderr: '', exitCode: 0 });
      expect(readFileSync(join(out, 'abs/a.json'), 'utf8')).toBe('{\n   "x": 1\n}\n');
      const past = new Date('2020-01-01T00:00:00Z');
      utimesSync(join(out, 'abs/a.json'), past, past);
      utimesSync(join(out, 'b.json'), past, past);
      const second = await runKf(['eval', '-m', 'multi', '-o', 'list.txt', '-e', program(2)], { cwd: dir });
      expect(second).toEqual({ stdout: '', stderr: '', exitCode: 0 });
      expect(readFileSync(join(dir, 'list.txt'), 'utf8')).toBe('multi/abs/a.json\nmulti/b.json\n');
      expect(statSync(join(out, 'abs/a.json')).mtime).toEqual(past);
      expect(statSync(join(out, 'b.json')).mtime).not.toEqual(past);
      expect(readFileSync(join(out, 'b.json'), 'utf8')).toBe('2\n');
    });

    it("-t / --max-trace crops an error's trace to its first and last lines (0: all of them)", async () => {
      const lines = async (args: string[]) =>
        (await runKf(['eval', ...args, 'deep-error.jsonnet'], { cwd: dir })).stderr
          .replace(/\n+$/, '')
          .split('\n');
      const frame = '\tdeep-error.jsonnet:1:51-59\tfunction <f>';
      const full = await lines(['-t', '0']);
      expect(full).toHaveLength(1 + 1 + 30 + 1 + 1); // message, the error's frame, 30 calls, the top level, During evaluation
      expect(await lines(['--max-trace', '5'])).toEqual([
        'RUNTIME ERROR: boom',
        '\tdeep-error.jsonnet:1:29-41\tfunction <f>',
        frame,
        '\t...',
        frame,
        '\tdeep-error.jsonnet:2:1-6\t$',
        '\tDuring evaluation\t',
      ]);
      expect(await lines([])).toHaveLength(1 + 20 + 1);
      expect(await lines(['-s', '10'])).toContain('RUNTIME ERROR: max stack frames exceeded.');
    });
  });
});
