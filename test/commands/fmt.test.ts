import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO_ROOT, runKf, tempDir } from '../helpers/run-kf.js';
import { giveToUser, runKfAsUser } from '../helpers/run-kf-as-user.js';

// The first run may build kf (see test/helpers/build-if-stale.mjs): give it the hook timeout.
beforeAll(() => void ensureBuilt(), 600_000);

const UGLY = '{a:1,"b":  2}';
const PRETTY = '{ a: 1, b: 2 }\n';

/** A folder with Jsonnet to format, some already formatted, some to leave alone. */
function tree(): string {
  const root = tempDir('kf-fmt-');
  const files: Record<string, string> = {
    'a.jsonnet': UGLY,
    'ok.libsonnet': PRETTY,
    'sub/c.libsonnet': "local x = import 'a.jsonnet';\nx+{c:3}",
    'notes.txt': UGLY,
    'vendor/pkg/v.jsonnet': UGLY,
    '.hidden/h.jsonnet': UGLY,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const read = (root: string, name: string) => readFileSync(join(root, name), 'utf8');

describe('kf fmt', () => {
  it('--test lists the files that are not formatted, writes nothing and exits 3', async () => {
    const root = tree();
    const r = await runKf(['fmt', '--test'], { cwd: root });
    expect(r.stdout).toBe('a.jsonnet\nsub/c.libsonnet\n');
    expect(r.stderr).toBe("kf: 2 of 3 files are not formatted (run 'kf fmt' and commit the result)\n");
    expect(r.exitCode).toBe(3);
    expect(read(root, 'a.jsonnet')).toBe(UGLY);
  });

  it('--diff prints a unified diff per file and exits 3', async () => {
    const root = tree();
    const r = await runKf(['fmt', '--diff', 'a.jsonnet'], { cwd: root });
    expect(r.stdout).toContain(
      '--- a/a.jsonnet\n+++ b/a.jsonnet\n@@ -1,1 +1,1 @@\n-{a:1,"b":  2}\n\\ No newline at end of file\n+{ a: 1, b: 2 }\n',
    );
    expect(r.exitCode).toBe(3);
    expect(read(root, 'a.jsonnet')).toBe(UGLY);
  });

  it('rewrites only the files whose text changes, skipping hidden folders and vendor/', async () => {
    const root = tree();
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(root, 'ok.libsonnet'), old, old);
    const r = await runKf(['fmt', '-v'], { cwd: root });
    expect(r.stderr).toBe('fmt a.jsonnet\nok  ok.libsonnet\nfmt sub/c.libsonnet\nformatted 2 of 3 files\n');
    expect(r.exitCode).toBe(0);
    expect(read(root, 'a.jsonnet')).toBe(PRETTY);
    expect(read(root, 'sub/c.libsonnet')).toBe("local x = import 'a.jsonnet';\nx { c: 3 }\n");
    expect(statSync(join(root, 'ok.libsonnet')).mtime.getTime()).toBe(old.getTime());
    for (const untouched of ['notes.txt', 'vendor/pkg/v.jsonnet', '.hidden/h.jsonnet'])
      expect(read(root, untouched)).toBe(UGLY);
    expect((await runKf(['fmt', '--test'], { cwd: root })).exitCode).toBe(0);
  });

  it('formats a file named on the command line even under vendor/; --exclude replaces the defaults', async () => {
    const root = tree();
    const named = await runKf(['fmt', '--stdout', 'vendor/pkg/v.jsonnet'], { cwd: root });
    expect(named.stdout).toBe(PRETTY);
    expect(read(root, 'vendor/pkg/v.jsonnet')).toBe(UGLY);
    const r = await runKf(['fmt', '--test', '-e', 'sub/**', '-e', '.hidden/**'], { cwd: root });
    expect(r.stdout).toBe('a.jsonnet\nvendor/pkg/v.jsonnet\n');
  });

  it('reports every file that does not parse, with its line, and still formats the others', async () => {
    const root = tree();
    writeFileSync(join(root, 'sub', 'bad.jsonnet'), '{\n  a: ,\n}\n');
    const r = await runKf(['fmt'], { cwd: root });
    expect(r.stderr).toMatch(
      /^STATIC ERROR: sub\/bad\.jsonnet:2:6: .+\nkf: 1 of 4 files could not be formatted \(above\) \(fix the errors above/,
    );
    expect(r.exitCode).toBe(1);
    expect(read(root, 'a.jsonnet')).toBe(PRETTY);
    expect(read(root, 'sub/bad.jsonnet')).toBe('{\n  a: ,\n}\n');
  });

  it('reports a file in a folder it cannot write, and still formats the others (was: stopped at it)', async () => {
    const root = tree();
    writeFileSync(join(root, 'sub', 'z.jsonnet'), UGLY);
    mkdirSync(join(root, 'locked'));
    writeFileSync(join(root, 'locked', 'l.jsonnet'), UGLY);
    const home = join(root, '.home');
    mkdirSync(home);
    giveToUser(root);
    chmodSync(join(root, 'locked'), 0o555);
    const r = await runKfAsUser(['fmt'], { cwd: root, home });
    expect(r.stderr).toMatch(
      /^cannot write locked\/l\.jsonnet: permission denied \(check that the directory is writable\)\nkf: 1 of 5 files could not be formatted \(above\)/,
    );
    expect(r.exitCode).toBe(1);
    expect(read(root, 'locked/l.jsonnet')).toBe(UGLY);
    expect(read(root, 'sub/z.jsonnet')).toBe(PRETTY);
  });

  it('refuses a file that is not UTF-8 and leaves its bytes alone (jsonnetfmt would write U+FFFD)', async () => {
    const root = tree();
    const latin1 = Buffer.from('// caf\xe9\n{a:1}\n', 'latin1');
    writeFileSync(join(root, 'latin1.jsonnet'), latin1);
    const r = await runKf(['fmt'], { cwd: root });
    expect(r.stderr).toContain('latin1.jsonnet:1: not UTF-8 text; left as it is (Jsonnet source is UTF-8');
    expect(r.exitCode).toBe(1);
    expect(readFileSync(join(root, 'latin1.jsonnet'))).toEqual(latin1);
    expect(read(root, 'a.jsonnet')).toBe(PRETTY);
    const stdin = await runKf(['fmt', '-'], { cwd: root, input: latin1 });
    expect([stdin.stdout, stdin.exitCode]).toEqual(['', 1]);
    expect(stdin.stderr).toContain('kf: <stdin>:1: not UTF-8 text');
  });

  it('formats standard input with -', async () => {
    const root = tree();
    expect(await runKf(['fmt', '-'], { cwd: root, input: UGLY })).toEqual({
      stdout: PRETTY,
      stderr: '',
      exitCode: 0,
    });
    const test = await runKf(['fmt', '-', '--test'], { cwd: root, input: UGLY });
    expect([test.stdout, test.exitCode]).toEqual(['', 3]);
    expect((await runKf(['fmt', '-', '--test'], { cwd: root, input: PRETTY })).exitCode).toBe(0);
    const bad = await runKf(['fmt', '-'], { cwd: root, input: '{a: }' });
    expect(bad.stderr).toMatch(/^kf: STATIC ERROR: <stdin>:1:5: /);
    expect(bad.exitCode).toBe(1);
  });

  it('remembers the contents it found or wrote formatted in $XDG_CACHE_HOME/kf/fmt; --no-cache does not', async () => {
    const root = tree();
    const cache = tempDir('kf-fmt-xdg-');
    const entries = () => readdirSync(join(cache, 'kf', 'fmt')).filter((n) => /^[0-9a-f]{64}$/.test(n));
    const first = await runKf(['fmt'], { cwd: root, env: { XDG_CACHE_HOME: cache } });
    expect(first.stderr).toBe('formatted 2 of 3 files\n');
    // a.jsonnet and ok.libsonnet now hold the same bytes; sub/c.libsonnet its own.
    expect(entries()).toHaveLength(2);
    const again = await runKf(['fmt', '--test', '-v'], { cwd: root, env: { XDG_CACHE_HOME: cache } });
    expect(again.stderr).toBe(
      'ok  a.jsonnet\nok  ok.libsonnet\nok  sub/c.libsonnet\nall 3 files formatted\n',
    );
    writeFileSync(join(root, 'a.jsonnet'), UGLY);
    const changed = await runKf(['fmt', '--test'], { cwd: root, env: { XDG_CACHE_HOME: cache } });
    expect(changed.stdout).toBe('a.jsonnet\n');
    expect(changed.exitCode).toBe(3);

    const none = tempDir('kf-fmt-xdg-');
    const off = await runKf(['fmt', '--no-cache'], { cwd: root, env: { XDG_CACHE_HOME: none } });
    expect(off.stderr).toBe('formatted 1 of 3 files\n');
    expect(existsSync(join(none, 'kf', 'fmt'))).toBe(false);
  });

  it('takes jsonnetfmt layout options', async () => {
    const r = await runKf(['fmt', '-', '--indent', '4', '--string-style', 'd', '--no-pad-objects'], {
      input: "{a:{b:'x'}}",
    });
    expect(r.stdout).toBe('{a: {b: "x"}}\n');
    const nested = await runKf(['fmt', '-', '--indent', '4'], { input: '{\na:1}' });
    expect(nested.stdout).toBe('{\n    a: 1,\n}\n');
  });
});

describe('kf fmt on the walkthrough app', () => {
  it('leaves what every environment renders unchanged, and param set still edits the formatted files', async () => {
    const root = join(tempDir('kf-fmt-app-'), 'app');
    cpSync(join(REPO_ROOT, 'test', 'fixtures', 'apps', 'render-basic'), root, { recursive: true });
    const before = await runKf(['show', 'prod/eu'], { cwd: root });
    expect(before.exitCode).toBe(0);
    const fmt = await runKf(['fmt'], { cwd: root });
    expect(fmt.exitCode).toBe(0);
    expect((await runKf(['fmt', '--test'], { cwd: root })).exitCode).toBe(0);
    expect(await runKf(['show', 'prod/eu'], { cwd: root })).toEqual(before);
    const set = await runKf(['param', 'set', '--env', 'prod/eu', 'web', 'replicas', '7'], { cwd: root });
    expect(set.exitCode).toBe(0);
    const after = await runKf(['show', 'prod/eu', '-c', 'web', '-o', 'json'], { cwd: root });
    expect(after.stdout).toContain('"replicas": 7');
  });
});

describe('files kf writes are already formatted', () => {
  it('after init, env add, pkg install, generate from every prototype and param set', async () => {
    const parent = tempDir('kf-fmt-generated-');
    const app = join(parent, 'app');
    const steps: string[][] = [
      ['init', 'app'],
      ['registry', 'add', 'kubeflow', join(REPO_ROOT, 'registry', 'kubeflow')],
      ['pkg', 'install', 'kubeflow/core'],
      ['pkg', 'install', 'kubeflow/tf-job'],
      ['pkg', 'install', 'kubeflow/tf-serving'],
      ['env', 'add', 'gke', '--context', 'gke', '--namespace', 'ml'],
      ['generate', 'core', 'kubeflow-core', '--name=kubeflow-core'],
      ['generate', 'tf-cnn', 'cnn', '--name=cnn'],
      ['generate', 'tf-job', 'job', '--name=job', '--image=trainer:1'],
      [
        'generate',
        'tf-serving',
        'inception',
        '--name=inception',
        '--model_path=gs://kubeflow-models/inception',
      ],
      ['generate', 'configMap', 'settings', '--name=settings', '--data={"level": "it\'s"}'],
      ['generate', 'deployed-service', 'web', '--name=web', '--image=nginx'],
      ['generate', 'namespace', 'team', '--name=team'],
      ['generate', 'single-port-deployment', 'spd', '--name=spd', '--image=nginx'],
      ['generate', 'single-port-service', 'sps', '--name=sps', '--targetLabelSelector={app: "x"}'],
      ['param', 'set', '--env=gke', 'cnn', 'num_gpus', '1'],
      ['param', 'set', 'cnn', 'model', 'a"b'],
      ['param', 'set', '--env=gke', 'web', 'labels', '{"x-y": "it\'s"}'],
      ['param', 'set', '--env=gke', 'replicas', '2'],
    ];
    for (const args of steps) {
      const r = await runKf(args, { cwd: args[0] === 'init' ? parent : app });
      expect(r.exitCode, `kf ${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const check = await runKf(['fmt', '--diff'], { cwd: app });
    expect(check.stdout).toBe('');
    expect(check.stderr).toMatch(/^all \d+ files formatted\n$/);
  });
});
