// `kf tool importers` in a kf app: which environments (and components) a changed file can change
// the render of, by kf's own rules on top of the imports (test/tanka/importers.test.ts compares the
// imports with tk tool importers): environment-wide files, environment folders, components lists,
// installed packages (a package for one environment only), importstr'd files, Helm chart folders,
// removed files.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importers, imports } from '../../src/workflow/importers.js';
import { ensureBuilt, runKf, tempDir, writeTestKubeconfig } from '../helpers/run-kf.js';

beforeAll(() => void ensureBuilt(), 600_000);

describe('kf tool importers', () => {
  it("follows each environment's components through their imports, by kf's rules", async () => {
    const parent = tempDir('kf-importers-app-');
    const env = { KUBECONFIG: writeTestKubeconfig(parent) };
    expect((await runKf(['init', 'app', '--env', 'dev'], { cwd: parent, env })).exitCode).toBe(0);
    const root = join(parent, 'app');
    const kf = (...args: string[]) => runKf(args, { cwd: root, env });
    const ok = async (...args: string[]) => {
      const result = await kf(...args);
      expect(result.exitCode, `kf ${args.join(' ')}: ${result.stderr}`).toBe(0);
      return result;
    };
    await ok('env', 'add', 'prod', '--context', 'gke');
    await ok('env', 'add', 'qa', '--context', 'gke');
    await ok('registry', 'add', 'kubeflow');
    // tf-job for prod only: its files are in no other environment's import path
    await ok('pkg', 'install', 'kubeflow/core');
    await ok('pkg', 'install', 'kubeflow/tf-job', '--env', 'prod');
    await ok('generate', 'core', 'kubeflow-core', '--name=kubeflow-core');
    await ok('generate', 'tf-job', 'train', '--name=train', '--image=busybox');
    mkdirSync(join(root, 'lib', 'shared'), { recursive: true });
    writeFileSync(join(root, 'lib', 'shared', 'labels.libsonnet'), "{ team: importstr 'team.txt' }\n");
    writeFileSync(join(root, 'lib', 'shared', 'team.txt'), 'ml');
    // lib/linked is a link to real-lib/ (as jsonnet-bundler links vendor/1.32 to vendor/github.com/…)
    mkdirSync(join(root, 'real-lib'));
    writeFileSync(join(root, 'real-lib', 'owner.libsonnet'), "'ml-team'\n");
    symlinkSync(join('..', 'real-lib'), join(root, 'lib', 'linked'));
    writeFileSync(
      join(root, 'components', 'web.jsonnet'),
      "local labels = (import 'shared/labels.libsonnet') + { owner: import 'linked/owner.libsonnet' };\n{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', labels: labels } }\n",
    );
    writeFileSync(
      join(root, 'components', 'chart.jsonnet'),
      "std.native('helmTemplate')('db', './charts/db', { calledFrom: std.thisFile })\n",
    );
    mkdirSync(join(root, 'components', 'charts', 'db', 'templates'), { recursive: true });
    writeFileSync(
      join(root, 'components', 'charts', 'db', 'Chart.yaml'),
      'apiVersion: v2\nname: db\nversion: 1.0.0\n',
    );
    writeFileSync(join(root, 'components', 'charts', 'db', 'templates', 'cm.yaml'), 'kind: ConfigMap\n');
    writeFileSync(join(root, 'README.md'), '# app\n');
    // reads the other components, as Kubeflow's `application` prototype does
    writeFileSync(
      join(root, 'components', 'overview.jsonnet'),
      "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'overview' }, data: { n: std.toString(std.length(std.objectFields(std.extVar('__ksonnet/components')))) } }\n",
    );
    // qa renders web and overview; prod everything but those; dev everything but overview
    await ok('env', 'set', 'qa', '--components', 'web,overview');
    await ok('env', 'set', 'prod', '--components', '!web,!overview');
    await ok('env', 'set', 'dev', '--components', '!overview');

    const reach = (...files: string[]) =>
      Object.fromEntries(importers({ files, cwd: root }).environments.map((e) => [e.name, e.components]));
    const all = ['chart', 'kubeflow-core', 'train', 'web'];
    // overview reads every component of qa: what reaches web there reaches it too
    const web = { dev: ['web'], qa: ['overview', 'web'] };
    expect(reach('lib/shared/labels.libsonnet')).toEqual(web);
    expect(reach('lib/shared/team.txt')).toEqual(web);
    expect(reach('real-lib/owner.libsonnet')).toEqual(web);
    expect(reach('lib/linked/owner.libsonnet')).toEqual(web);
    expect(reach('components/web.jsonnet')).toEqual(web);
    expect(reach('vendor/kubeflow/core@0.1.0/jupyterhub_config.py')).toEqual({
      dev: ['kubeflow-core'],
      prod: ['kubeflow-core'],
    });
    // train imports kubeflow/tf-job/…: a package installed for prod alone resolves in prod alone
    const tfJob = 'vendor/kubeflow/tf-job@0.1.0/tf-job.libsonnet';
    expect(reach(tfJob)).toEqual({ prod: ['train'] });
    expect(reach('components/charts/db/templates/cm.yaml')).toEqual({ dev: ['chart'], prod: ['chart'] });
    expect(reach('environments/prod/params.libsonnet')).toEqual({ prod: all.filter((c) => c !== 'web') });
    expect(reach('environments/base.libsonnet')).toEqual({
      dev: all,
      prod: all.filter((c) => c !== 'web'),
      qa: ['overview', 'web'],
    });
    expect(reach('components/params.libsonnet')).toEqual(reach('app.yaml'));
    expect(reach('README.md', 'vendor/kubeflow/core@0.1.0/parts.yaml')).toEqual({});

    // kf tool imports, the inverse: what an environment reads; each of those files reaches it
    const trainReads = await ok('tool', 'imports', 'prod', '-c', 'train');
    expect(trainReads.stdout.split('\n').filter((line) => !line.startsWith('vendor/'))).toEqual([
      'app.yaml',
      'components/params.libsonnet',
      'components/train.jsonnet',
      'environments/base.libsonnet',
      'environments/prod/globals.libsonnet',
      'environments/prod/main.jsonnet',
      'environments/prod/params.libsonnet',
      '',
    ]);
    expect(trainReads.stdout).toContain('\nvendor/kubeflow/tf-job@0.1.0/tf-job.libsonnet\n');
    const devReads = imports({ env: 'dev', cwd: root });
    expect(devReads.length).toBeGreaterThan(15);
    for (const file of devReads) expect(reach(file), file).toHaveProperty('dev');
    const outside = await kf('tool', 'imports', 'qa', '-c', 'train');
    expect([outside.exitCode, outside.stderr]).toEqual([
      1,
      "kf: environment 'qa' does not render component 'train' (its components list in app.yaml leaves it out; change it with 'kf env set qa --components …')\n",
    ]);

    // a component removed by hand: an environment whose list names it no longer renders at all
    rmSync(join(root, 'components', 'web.jsonnet'));
    const rest = ['chart', 'kubeflow-core', 'overview', 'train'];
    expect(reach('deleted:components/web.jsonnet')).toEqual({ dev: ['web'], prod: rest, qa: rest });
    // without lists, the environments that rendered it
    await ok('env', 'set', 'qa', '--components', '');
    await ok('env', 'set', 'prod', '--components', '');
    const gone = { dev: ['web'], prod: ['overview', 'web'], qa: ['overview', 'web'] };
    expect(reach('deleted:components/web.jsonnet')).toEqual(gone);
    // a removed library file: where something still imports it
    rmSync(join(root, 'lib', 'shared', 'team.txt'));
    expect(reach('deleted:lib/shared/team.txt')).toEqual({});
    writeFileSync(join(root, 'components', 'web.jsonnet'), "import 'shared/labels.libsonnet'\n");
    expect(reach('deleted:lib/shared/team.txt')).toEqual(gone);

    // the command: names, one per line; errors
    expect((await ok('tool', 'importers', tfJob)).stdout).toBe('prod\n');
    expect((await ok('tool', 'importers', tfJob, 'lib/shared/labels.libsonnet')).stdout).toBe(
      'dev\nprod\nqa\n',
    );
    expect((await ok('tool', 'importers', 'README.md')).stdout).toBe('');
    const missing = await kf('tool', 'importers', 'lib/shared/team.txt');
    expect([missing.exitCode, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toBe(
      'kf: lib/shared/team.txt: no such file (a file the change removed is given as deleted:lib/shared/team.txt, as tk tool importers takes it)\n',
    );
    expect((await kf('tool', 'importers')).stderr).toBe(
      'kf: missing argument FILE (kf tool importers FILE...)\n',
    );
  }, 120_000);
});
