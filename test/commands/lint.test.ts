// `kf lint` in a kf app: imports resolve as the app's components see them (lib/, vendor/, the
// `<registry>/<pkg>/…` paths of installed packages), prototypes' param:// and env:// holes read as
// parameters, and what kf itself writes (init, env add, generate, the kubeflow registry) lints
// clean. Tanka projects and the exact words: test/tanka/lint.test.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO_ROOT, runKf, tempDir } from '../helpers/run-kf.js';

beforeAll(() => void ensureBuilt(), 600_000);

async function kfOk(args: string[], cwd: string): Promise<void> {
  const r = await runKf(args, { cwd });
  expect(r.exitCode, `kf ${args.join(' ')}: ${r.stderr}`).toBe(0);
}

/** An app made offline as the walkthrough makes it: the kubeflow registry, generated components. */
async function walkthroughApp(): Promise<string> {
  const parent = tempDir('kf-lint-app-');
  await kfOk(['init', 'app', '--env', 'dev'], parent);
  const app = join(parent, 'app');
  await kfOk(['registry', 'add', 'kubeflow', join(REPO_ROOT, 'registry', 'kubeflow')], app);
  for (const pkg of ['core', 'tf-job', 'tf-serving']) await kfOk(['pkg', 'install', `kubeflow/${pkg}`], app);
  await kfOk(['generate', 'core', 'kubeflow-core', '--name=kubeflow-core'], app);
  await kfOk(['generate', 'tf-cnn', 'cnn', '--name=cnn'], app);
  await kfOk(['generate', 'namespace', 'ns', '--name=team-a'], app);
  await kfOk(['env', 'add', 'gke'], app);
  return app;
}

describe('kf lint in an app', () => {
  it('finds nothing in what kf writes, vendored packages and their prototypes included', async () => {
    const app = await walkthroughApp();
    const all = await runKf(['lint', '-v'], { cwd: app });
    expect(all.stdout).toBe('');
    expect(all.stderr).toContain('ok   components/kubeflow-core.jsonnet\n');
    expect(all.stderr).toContain('ok   environments/gke/params.libsonnet\n');
    expect(all.stderr).toMatch(/\n11 files linted, no problems found\n$/);
    expect(all.exitCode).toBe(0);

    // vendor/ on request: `kubeflow/core/…` imports resolve to the installed versions, and
    // `import 'param://name'` is a parameter, not a file
    const vendor = await runKf(['lint', 'vendor'], { cwd: app });
    expect(vendor.stdout).toBe('');
    expect(vendor.stderr).toMatch(/^\d+ files linted, no problems found\n$/);
    expect(vendor.exitCode).toBe(0);
  }, 180_000);

  it("reports a component's problems, its imports found in lib/ and installed packages", async () => {
    const app = await walkthroughApp();
    writeFileSync(join(app, 'lib', 'util.libsonnet'), '{ labels(name):: { app: name } }\n');
    mkdirSync(join(app, 'lib', 'more'));
    writeFileSync(
      join(app, 'components', 'web.jsonnet'),
      [
        "local util = import 'util.libsonnet';",
        "local core = import 'kubeflow/core/core.libsonnet';",
        "local missing = import 'kubeflow/nope/x.libsonnet';",
        'local unused = 1;',
        '{',
        "  kind: 'ConfigMap',",
        "  apiVersion: 'v1',",
        "  metadata: { name: 'web', labels: util.labels('web', 'extra') },",
        '  data: { n: std.toString(std.length(core)) },',
        '}',
        '',
      ].join('\n'),
    );
    const r = await runKf(['lint', 'components'], { cwd: app });
    expect(r.stdout).toBe(
      [
        'components/web.jsonnet:3:17-51 couldn\'t open import "kubeflow/nope/x.libsonnet": no match locally or in the Jsonnet library paths',
        '',
        "local missing = import 'kubeflow/nope/x.libsonnet';",
        '',
        '',
        'components/web.jsonnet:3:7-51 Unused variable: missing',
        '',
        "local missing = import 'kubeflow/nope/x.libsonnet';",
        '',
        '',
        'components/web.jsonnet:4:7-17 Unused variable: unused',
        '',
        'local unused = 1;',
        '',
        '',
        'components/web.jsonnet:8:55-62 Too many arguments, there can be at most 1, but 2 provided',
        '',
        "  metadata: { name: 'web', labels: util.labels('web', 'extra') },",
        '',
        '',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe(
      'kf: 4 problems in 1 of 5 files (each is listed above as file:line:column message, with its source lines)\n',
    );
    expect(r.exitCode).toBe(1);

    // the same problems as one JSON document, places in the output's numbers
    const json = await runKf(['lint', 'components', '-o', 'json'], { cwd: app });
    const doc = JSON.parse(json.stdout) as {
      kind: string;
      files: { path: string; problems: { message: string; location?: Record<string, unknown> }[] }[];
      summary: Record<string, number>;
    };
    expect(doc.kind).toBe('LintResult');
    expect(doc.summary).toEqual({ files: 5, failed: 1, problems: 4 });
    expect(doc.files.map((f) => f.path)).toContain('components/params.libsonnet');
    const web = doc.files.find((f) => f.path === 'components/web.jsonnet')!;
    expect(web.problems.map((p) => p.message)).toEqual([
      'couldn\'t open import "kubeflow/nope/x.libsonnet": no match locally or in the Jsonnet library paths',
      'Unused variable: missing',
      'Unused variable: unused',
      'Too many arguments, there can be at most 1, but 2 provided',
    ]);
    expect(web.problems[3]!.location).toEqual({
      file: 'components/web.jsonnet',
      line: 8,
      column: 55,
      endLine: 8,
      endColumn: 62,
    });
    expect(json.stderr).toBe('kf: 4 problems in 1 of 5 files (each is listed in the json output)\n');
    expect(json.exitCode).toBe(1);
  }, 180_000);

  it('names a path that does not exist', async () => {
    const r = await runKf(['lint', 'nope'], { cwd: tempDir('kf-lint-none-') });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('kf: nope: no such file or folder (check the path)\n');
  });
});
