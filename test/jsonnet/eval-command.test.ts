// `kf eval` through the real binary: output modes, jsonnet-compatible flags and error exit codes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('prints Jsonnet errors in the reference format and exits 1', async () => {
    const r = await runKf(['eval', '-e', 'local f() = error "boom"; f()']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('RUNTIME ERROR: boom\n\t<cmdline>:1:13-25\tfunction <f>\n\t<cmdline>:1:27-30\t\n');
    const s = await runKf(['eval', '-e', '{ a: }']);
    expect(s.exitCode).toBe(1);
    expect(s.stderr).toMatch(/^STATIC ERROR: <cmdline>:1:6: /);
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
});
