import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureBuilt, runKf, snapshotTree } from '../helpers/run-kf.js';
import { fixtureApp } from './fixture.js';

const EXPECTED_FILES = [
  'dev/_cluster/apiextensions.k8s.io_v1_CustomResourceDefinition_foos.example.com.yaml',
  'dev/_cluster/rbac.authorization.k8s.io_v1_ClusterRole_system-web-reader.yaml',
  'dev/ml-dev/apps_v1_Deployment_web.yaml',
  'dev/ml-dev/core_v1_ConfigMap_web-config.yaml',
  'dev/ml-dev/core_v1_Service_web.yaml',
  'dev/ml-dev/example.com_v1_Foo_my-foo.yaml',
  'manifest.json',
  'prod/_cluster/apiextensions.k8s.io_v1_CustomResourceDefinition_foos.example.com.yaml',
  'prod/_cluster/rbac.authorization.k8s.io_v1_ClusterRole_system-web-reader.yaml',
  'prod/ml-prod/apps_v1_Deployment_web.yaml',
  'prod/ml-prod/core_v1_ConfigMap_web-config.yaml',
  'prod/ml-prod/core_v1_Service_web.yaml',
  'prod/ml-prod/example.com_v1_Foo_my-foo.yaml',
];

beforeAll(() => ensureBuilt(), 600_000);

describe('kf export', () => {
  it('writes one object per file in the documented layout, with manifest.json', async () => {
    const app = fixtureApp();
    const result = await runKf(['export', '--all', 'out'], { cwd: app });
    expect(result.stderr).toBe('exported 12 objects of dev, prod to out\n');
    expect(result.exitCode).toBe(0);
    const tree = snapshotTree(join(app, 'out'));
    expect([...tree.keys()].sort()).toEqual(EXPECTED_FILES);
    const deployment = parse(tree.get('prod/ml-prod/apps_v1_Deployment_web.yaml') as string);
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.metadata.namespace).toBe('ml-prod');
    const manifest = JSON.parse(tree.get('manifest.json') as string);
    expect(manifest['dev/ml-dev/core_v1_ConfigMap_web-config.yaml']).toEqual({
      apiVersion: 'v1',
      component: 'web',
      environment: 'dev',
      kind: 'ConfigMap',
      name: 'web-config',
      namespace: 'ml-dev',
    });
    expect(Object.keys(manifest)).toHaveLength(12);
  });

  it('produces byte-identical output on every run, sequential or parallel', async () => {
    const app = fixtureApp();
    expect((await runKf(['export', '--all', 'a'], { cwd: app })).exitCode).toBe(0);
    expect((await runKf(['export', '--all', 'b', '-p', '1'], { cwd: app })).exitCode).toBe(0);
    expect((await runKf(['export', 'prod', 'dev', 'c', '-p', '2'], { cwd: app })).exitCode).toBe(0);
    const a = snapshotTree(join(app, 'a'));
    expect(snapshotTree(join(app, 'b'))).toEqual(a);
    expect(snapshotTree(join(app, 'c'))).toEqual(a);
    for (const [path, text] of a) {
      expect(text.endsWith('\n'), path).toBe(true);
      expect(text.includes('\r'), path).toBe(false);
    }
  });

  it('accepts a file name template', async () => {
    const app = fixtureApp();
    const result = await runKf(
      ['export', 'dev', 'out', '--format', '{env}/{component}/{kind|lower}-{name}.yaml'],
      { cwd: app },
    );
    expect(result.exitCode).toBe(0);
    expect([...snapshotTree(join(app, 'out')).keys()].sort()).toEqual([
      'dev/foo-crd/customresourcedefinition-foos.example.com.yaml',
      'dev/foo/foo-my-foo.yaml',
      'dev/reader/clusterrole-system-web-reader.yaml',
      'dev/web/configmap-web-config.yaml',
      'dev/web/deployment-web.yaml',
      'dev/web/service-web.yaml',
      'manifest.json',
    ]);
  });

  it('refuses a name collision with one line naming both objects, and writes nothing', async () => {
    const app = fixtureApp({
      'components/web-copy.jsonnet': `{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config' }, data: {} }\n`,
    });
    const result = await runKf(['export', '--all', 'out'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /kf: dev\/web: v1 ConfigMap ml-dev\/web-config and dev\/web-copy: v1 ConfigMap ml-dev\/web-config export to the same file dev\/ml-dev\/core_v1_ConfigMap_web-config.yaml/,
    );
    expect(existsSync(join(app, 'out'))).toBe(false);
  });

  it('fail strategy refuses to export an environment twice; replace-envs replaces only that environment', async () => {
    const app = fixtureApp();
    expect((await runKf(['export', '--all', 'out'], { cwd: app })).exitCode).toBe(0);
    const before = snapshotTree(join(app, 'out'));
    const again = await runKf(['export', 'dev', 'out'], { cwd: app });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(
      /kf: out already holds environment dev \(see manifest.json\) \(pass --merge-strategy replace-envs/,
    );
    expect(snapshotTree(join(app, 'out'))).toEqual(before);

    // dev changes: web is removed from dev only
    mkdirSync(join(app, 'environments/dev'), { recursive: true });
    writeFileSync(
      join(app, 'environments/dev/main.jsonnet'),
      `local base = import 'base.libsonnet';\nbase + { web: [] }\n`,
    );
    const replaced = await runKf(['export', 'dev', 'out', '--merge-strategy', 'replace-envs'], { cwd: app });
    expect(replaced.exitCode).toBe(0);
    const after = snapshotTree(join(app, 'out'));
    expect([...after.keys()].filter((p) => p.startsWith('dev/'))).toEqual([
      'dev/_cluster/apiextensions.k8s.io_v1_CustomResourceDefinition_foos.example.com.yaml',
      'dev/_cluster/rbac.authorization.k8s.io_v1_ClusterRole_system-web-reader.yaml',
      'dev/ml-dev/example.com_v1_Foo_my-foo.yaml',
    ]);
    for (const [path, text] of before) if (path.startsWith('prod/')) expect(after.get(path)).toBe(text);
    expect(Object.keys(JSON.parse(after.get('manifest.json') as string))).toHaveLength(9);
  });

  it('usage mistakes (a bad --format too) exit 2; an unknown environment exits 1 with a suggestion', async () => {
    const app = fixtureApp();
    expect((await runKf(['export', 'out'], { cwd: app })).exitCode).toBe(2);
    expect((await runKf(['export', '--all', 'dev', 'out'], { cwd: app })).exitCode).toBe(2);
    const unknown = await runKf(['export', 'prd', 'out'], { cwd: app });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/unknown environment 'prd'.*did you mean 'prod'/);
    const badFormat = await runKf(['export', '--all', 'out', '--format', '{env}/{nmae}'], { cwd: app });
    expect(badFormat.exitCode).toBe(2);
    expect(badFormat.stderr).toMatch(/unknown variable \{nmae\}/);
    expect(existsSync(join(app, 'out'))).toBe(false);
    // Every mistake in the template itself is a usage error, like any other bad flag value.
    for (const format of ['{kind|upper}-{name}', '{name', '../{name}', '{kind}']) {
      const bad = await runKf(['export', '--all', 'out', '--format', format], { cwd: app });
      expect(bad.exitCode, format).toBe(2);
    }
    expect(existsSync(join(app, 'out'))).toBe(false);
  });

  it('a folder named as an environment that does not exist yet is refused: DIR comes last (was: dev exported into ./prod)', async () => {
    const app = fixtureApp();
    const before = snapshotTree(app);
    const both = await runKf(['export', 'dev', 'prod'], { cwd: app });
    expect([both.exitCode, both.stderr]).toEqual([
      2,
      "kf: 'prod', the folder to export to, is an environment of the app (the folder comes last: kf export dev prod DIR; to write to a folder of that name, give it as ./prod)\n",
    ]);
    expect(snapshotTree(app)).toEqual(before);
    // as ./prod, or once the folder exists, it is the folder
    expect((await runKf(['export', 'dev', './prod'], { cwd: app })).exitCode).toBe(0);
    expect((await runKf(['export', 'dev', 'prod', '--check'], { cwd: app })).exitCode).toBe(0);
  });

  it('an environment alone is missing its DIR, and the hint shows it after the environment (was: kf export ENV... dev)', async () => {
    const app = fixtureApp();
    const envOnly = await runKf(['export', 'dev'], { cwd: app });
    expect([envOnly.exitCode, envOnly.stderr]).toEqual([
      2,
      'kf: missing DIR, the folder to export dev to (usage: kf export dev DIR)\n',
    ]);
    const folderOnly = await runKf(['export', 'out'], { cwd: app });
    expect([folderOnly.exitCode, folderOnly.stderr]).toEqual([
      2,
      'kf: name the environments to export, or pass --all (kf export ENV... out, or kf export --all out)\n',
    ]);
    expect(existsSync(join(app, 'out'))).toBe(false);
  });

  it('a folder where nothing can be created is one line, exit 1 (was: a hang in /proc)', async () => {
    const app = fixtureApp();
    const result = await runKf(['export', '--all', '/proc/kf-export-test'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'kf: /proc: cannot create a folder in this folder: it takes no new entries (use a folder on an ordinary file system)\n',
    );
  });
});

describe('kf export, interrupted', () => {
  it('Ctrl-C while it writes removes its hidden folder and leaves the output as it was', async () => {
    // Enough components that the export is still writing when the signal comes.
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++)
      files[`components/c${i}.jsonnet`] =
        `[{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c${i}-' + j }, data: { v: std.repeat('x', 2000) } } for j in std.range(1, 20)]\n`;
    const app = fixtureApp(files);
    mkdirSync(join(app, 'out'));
    writeFileSync(join(app, 'out', 'notes.txt'), 'mine\n');
    const before = snapshotTree(join(app, 'out'));
    const staging = () => readdirSync(app).filter((name) => name.includes('.kf-export-'));
    const child = spawn(process.execPath, [ensureBuilt(), 'export', '--all', 'out'], {
      cwd: app,
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | number | null>((done) =>
      child.on('exit', (code, signal) => done(signal ?? code)),
    );
    const deadline = Date.now() + 60_000;
    while (staging().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(staging()).toHaveLength(1);
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(staging()).toEqual([]);
    expect(snapshotTree(join(app, 'out'))).toEqual(before);
  }, 120_000);
});

describe('kf export --check', () => {
  it('exits 0 when the folder is up to date', async () => {
    const app = fixtureApp();
    await runKf(['export', '--all', 'out'], { cwd: app });
    const check = await runKf(['export', '--all', 'out', '--check'], { cwd: app });
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toBe('');
  });

  it('exits 3 listing missing, extra and changed files with a unified diff, and changes nothing', async () => {
    const app = fixtureApp();
    await runKf(['export', '--all', 'out'], { cwd: app });
    const out = join(app, 'out');
    const deployment = join(out, 'prod/ml-prod/apps_v1_Deployment_web.yaml');
    writeFileSync(deployment, readFileSync(deployment, 'utf8').replace('replicas: 3', 'replicas: 5'));
    rmSync(join(out, 'dev/ml-dev/core_v1_Service_web.yaml'));
    writeFileSync(join(out, 'dev/ml-dev/core_v1_Secret_leftover.yaml'), 'kind: Secret\n');
    const before = snapshotTree(out);
    const check = await runKf(['export', '--all', 'out', '--check'], { cwd: app });
    expect(check.exitCode).toBe(3);
    expect(check.stdout).toContain('missing: out/dev/ml-dev/core_v1_Service_web.yaml\n');
    expect(check.stdout).toContain(
      'extra:   out/dev/ml-dev/core_v1_Secret_leftover.yaml (not written by kf: remove it by hand)\n',
    );
    expect(check.stdout).toContain('changed: out/prod/ml-prod/apps_v1_Deployment_web.yaml\n');
    expect(check.stdout).toContain('--- a/prod/ml-prod/apps_v1_Deployment_web.yaml');
    expect(check.stdout).toContain('-  replicas: 5\n+  replicas: 3\n');
    expect(check.stderr).toBe(
      "kf: out differs from the render: 1 missing, 1 extra, 1 changed (remove the files kf did not write, then run 'kf export --all out --merge-strategy replace-envs' and commit the result)\n",
    );
    expect(snapshotTree(out)).toEqual(before);
  });

  it('says what clears the drift: an export for the files kf wrote, removing by hand those it did not', async () => {
    const app = fixtureApp();
    await runKf(['export', '--all', 'out'], { cwd: app });
    const out = join(app, 'out');
    writeFileSync(join(out, 'dev/ml-dev/notes.yaml'), 'a: 1\n');
    const byHand = await runKf(['export', '--all', 'out', '--check'], { cwd: app });
    expect(byHand.stderr).toBe(
      'kf: out differs from the render: 0 missing, 1 extra, 0 changed (remove the files kf did not write and commit the result)\n',
    );
    // An export keeps it: the hint of before (replace-envs) left the check failing.
    await runKf(['export', '--all', 'out', '--merge-strategy', 'replace-envs'], { cwd: app });
    expect((await runKf(['export', '--all', 'out', '--check'], { cwd: app })).stderr).toBe(byHand.stderr);
    rmSync(join(out, 'dev/ml-dev/notes.yaml'));
    // A file kf wrote that the render no longer has: the export removes it.
    rmSync(join(app, 'components/web.jsonnet'));
    const written = await runKf(['export', '--all', 'out', '--check'], { cwd: app });
    expect(written.exitCode).toBe(3);
    expect(written.stdout).not.toContain('not written by kf');
    expect(written.stderr).toMatch(
      /^kf: out differs from the render: 0 missing, \d+ extra, 1 changed \(run 'kf export --all out --merge-strategy replace-envs' and commit the result\)\n$/,
    );
    await runKf(['export', '--all', 'out', '--merge-strategy', 'replace-envs'], { cwd: app });
    expect(await runKf(['export', '--all', 'out', '--check'], { cwd: app })).toMatchObject({ exitCode: 0 });
  });

  it('detects a change in the app itself', async () => {
    const app = fixtureApp();
    await runKf(['export', '--all', 'out'], { cwd: app });
    writeFileSync(
      join(app, 'components/params.libsonnet'),
      readFileSync(join(app, 'components/params.libsonnet'), 'utf8').replace("'nginx:1.27'", "'nginx:1.28'"),
    );
    const check = await runKf(['export', '--all', 'out', '--check'], { cwd: app });
    expect(check.exitCode).toBe(3);
    expect(check.stdout).toContain('changed: out/dev/ml-dev/apps_v1_Deployment_web.yaml');
    expect(check.stdout).toContain('+      - image: nginx:1.28');
  });
});
