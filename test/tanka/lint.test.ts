// `kf lint` against Tanka v0.38's `tk lint` (built from test/tanka/go-eval): the same files found,
// imports resolved along the same path (the file's folder, <root>/lib, <folder>/vendor,
// <root>/vendor), and the same text, byte for byte, on a project written to exercise each rule
// and on Grafana Tempo's example environments (from the real-world set that
// test/setup/realworld.ts assembles outside the repo).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runKf, tempDir } from '../helpers/run-kf.js';
import { tankaBinary, TEMPO, tempoProject } from './harness.js';

beforeAll(() => void ensureBuilt(), 600_000);

/**
 * `tk lint -n 1 PATHS` in `cwd` (one worker: results in file order). tk lint needs relative paths:
 * its default exclude `**\/.*` would match a `.cache` folder anywhere in an absolute one.
 */
function tkLint(cwd: string, paths: string[]): { stdout: string; status: number | null } {
  const r = spawnSync(tankaBinary(), ['lint', '-n', '1', ...paths], { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { stdout: r.stdout, status: r.status };
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

describe('kf lint as tk lint', () => {
  it('a Tanka project: the same problems in the same words, imports found on the same path', async () => {
    const root = join(tempDir('kf-lint-tk-'), 'proj');
    writeTree(root, {
      'jsonnetfile.json': '{"version": 1, "dependencies": []}\n',
      'lib/util.libsonnet': 'local unused = 1;\n{ f(x):: x }\n',
      // Tanka's builtin 'tk' is found before this file
      'lib/tk': '{ nope: 1 }\n',
      // two files that import each other: go-jsonnet's linter panics, tk lint reports it and goes on
      'lib/cycle-a.libsonnet': "local b = import 'cycle-b.libsonnet';\n{ x: b.y }\n",
      'lib/cycle-b.libsonnet': "local a = import 'cycle-a.libsonnet';\n{ y: 1, z: a.x }\n",
      // the environment's own vendor/ is searched before the root's
      'vendor/dep/main.libsonnet': '{ g(a, b):: a + b }\n',
      'environments/default/vendor/dep/main.libsonnet': '{ g(a):: a }\n',
      'environments/default/main.jsonnet': [
        "local util = import 'util.libsonnet';",
        "local dep = import 'dep/main.libsonnet';",
        "local missing = import 'nope.libsonnet';",
        "local text = importstr 'nope.txt';",
        "local tk = import 'tk';",
        '{',
        '  a: util.f(1, 2),',
        '  b: dep.g(1, 2),',
        '  c: std.length(1, 2),',
        "  d: []['x'],",
        '  e: 3(),',
        '  f: std.manifestJsonEx({}),',
        '  g(unusedParam):: 1,',
        '  h: tk.env.spec.namespace,',
        '  i: tk.nope,',
        '}',
        '',
      ].join('\n'),
      'environments/default/ok.libsonnet': '{ a: 1 }\n',
      'broken.jsonnet': '{ a: \n',
      '.hidden/h.jsonnet': 'local x = 1; 2\n',
    });
    const paths = ['environments', 'lib', 'broken.jsonnet'];
    const tk = tkLint(root, paths);
    const kf = await runKf(['lint', ...paths.map((p) => join(root, p))], { cwd: root });
    // tk names each file by its absolute path; so does kf, given absolute paths
    expect(kf.stdout).toBe(tk.stdout);
    for (const problem of [
      'Unused variable: unused',
      'Unused variable: missing',
      'couldn\'t open import "nope.libsonnet"',
      'Too many arguments',
      'Indexed value is assumed to be an array',
      'Called value must be a function',
      'Unexpected end of file',
      'caught a panic while linting',
      // (import 'tk') is Tanka's tk.libsonnet, not lib/tk
      'Indexed object has no field "nope"',
    ])
      expect(tk.stdout).toContain(problem);
    expect(tk.status).toBe(1);
    expect(kf.exitCode).toBe(1);
    expect(kf.stderr).toMatch(/^kf: \d+ problems in 5 of 6 files \(/);

    // Relative paths name the files as given; a clean file says so.
    const clean = await runKf(['lint', 'environments/default/ok.libsonnet'], { cwd: root });
    expect(clean.stdout).toBe('');
    expect(clean.stderr).toBe('1 file linted, no problems found\n');
    expect(clean.exitCode).toBe(0);
  }, 120_000);

  if (!existsSync(join(TEMPO, 'vendor'))) {
    it.skip(`NOT RUN — ${TEMPO} is missing: the test setup (test/setup/realworld.ts) assembles it from the mirrors in /work/.mirror (KF_MIRROR): fetch them`, () =>
      undefined);
  } else {
    it("Grafana Tempo's example environment: tk lint's output, byte for byte", async () => {
      const project = tempoProject('kf-lint-tempo-');
      const paths = ['tempo-single-binary'];
      const tk = tkLint(project, paths);
      const kf = await runKf(['lint', ...paths.map((p) => join(project, p))], { cwd: project });
      expect(tk.stdout).toContain("couldn't open import");
      expect(kf.stdout).toBe(tk.stdout);
      expect(kf.exitCode).toBe(tk.status);
    }, 180_000);
  }
});
