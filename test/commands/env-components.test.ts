// An environment's components list (app.yaml `environments.<env>.components`, `kf env add/set
// --components`): which components each environment renders, through every command that renders,
// and kept consistent by the commands that add, rename and remove components and environments.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureBuilt, runKf, snapshotTree, tempDir, writeTestKubeconfig } from '../helpers/run-kf.js';

beforeAll(() => void ensureBuilt(), 600_000);

let kubeconfig: string;
beforeAll(() => {
  kubeconfig = writeTestKubeconfig(tempDir());
});

/** An app with environments dev (minikube) and prod (gke) and components db, jobs and web. */
async function newApp(): Promise<{ root: string; kf: (...args: string[]) => ReturnType<typeof runKf> }> {
  const parent = tempDir('kf-env-components-');
  const env = { KUBECONFIG: kubeconfig };
  expect(
    (await runKf(['init', 'app', '--env', 'dev', '--context', 'minikube'], { cwd: parent, env })).exitCode,
  ).toBe(0);
  const root = join(parent, 'app');
  const kf = (...args: string[]) => runKf(args, { cwd: root, env });
  expect((await kf('env', 'add', 'prod', '--context', 'gke', '--namespace', 'prod')).exitCode).toBe(0);
  for (const [name, data] of [
    ['db', 'a'],
    ['jobs', 'b'],
    ['web', 'c'],
  ] as const) {
    const made = await kf('generate', 'configmap', name, `--data={"k": "${data}"}`);
    expect(made.stderr).toBe('');
    expect(made.exitCode).toBe(0);
  }
  return { root, kf };
}

/** The components an environment rendered, from kf show's labels. */
async function rendered(kf: (...args: string[]) => ReturnType<typeof runKf>, env: string): Promise<string[]> {
  const shown = await kf('show', env, '-o', 'json');
  expect(shown.stderr).toBe('');
  expect(shown.exitCode).toBe(0);
  const items = (JSON.parse(shown.stdout) as { items: { metadata: { labels: Record<string, string> } }[] })
    .items;
  return items.map((o) => o.metadata.labels['kf.dev/component']).sort();
}

const appYaml = (root: string) => readFileSync(join(root, 'app.yaml'), 'utf8');

describe("an environment's components", () => {
  it('names (env set) or !names render those, or all but those; -c outside the list is refused', async () => {
    const { root, kf } = await newApp();
    expect(await rendered(kf, 'prod')).toEqual(['db', 'jobs', 'web']);

    const set = await kf('env', 'set', 'prod', '--components', 'web,db');
    expect([set.stdout, set.stderr, set.exitCode]).toEqual(["Updated environment 'prod'\n", '', 0]);
    expect(appYaml(root)).toContain('    namespace: prod\n    components: [ web, db ]\n');
    expect(await rendered(kf, 'prod')).toEqual(['db', 'web']);
    expect(await rendered(kf, 'dev')).toEqual(['db', 'jobs', 'web']);

    expect((await kf('env', 'set', 'dev', '--components', '!jobs')).exitCode).toBe(0);
    expect(parse(appYaml(root)).environments.dev.components).toEqual(['!jobs']);
    expect(await rendered(kf, 'dev')).toEqual(['db', 'web']);

    const outside = await kf('show', 'prod', '-c', 'jobs');
    expect(outside.exitCode).toBe(1);
    expect(outside.stderr).toBe(
      "kf: environment 'prod' does not render component 'jobs' (its components list in app.yaml leaves it out; change it with 'kf env set prod --components …')\n",
    );
    const unknown = await kf('show', 'prod', '-c', 'webb');
    expect(unknown.stderr).toBe("kf: unknown component 'webb' (did you mean 'web'?)\n");
    expect(await kf('show', 'prod', '-c', 'web').then((r) => r.exitCode)).toBe(0);

    // the tables say which environments render what
    const envs = await kf('env', 'list');
    expect(envs.stdout).toBe(
      [
        'NAME  CONTEXT   NAMESPACE  SERVER                  COMPONENTS',
        'dev   minikube  default    https://127.0.0.1:6443  !jobs',
        'prod  gke       prod       https://127.0.0.1:7443  web,db',
        '',
      ].join('\n'),
    );
    const components = await kf('component', 'list');
    expect(components.stdout.split('\n').map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([
      'NAME TYPE PROTOTYPE ENVIRONMENTS',
      'db jsonnet io.ksonnet.pkg.configMap (builtin) dev,prod',
      'jobs jsonnet io.ksonnet.pkg.configMap (builtin)',
      'web jsonnet io.ksonnet.pkg.configMap (builtin) dev,prod',
      '',
    ]);
    const json = JSON.parse((await kf('component', 'list', '-o', 'json')).stdout) as {
      environments: string[];
    }[];
    expect(json.map((c) => c.environments)).toEqual([['dev', 'prod'], [], ['dev', 'prod']]);

    // every environment renders every component again
    expect((await kf('env', 'set', 'prod', '--components', '')).exitCode).toBe(0);
    expect(parse(appYaml(root)).environments.prod).toEqual({
      context: 'gke',
      server: 'https://127.0.0.1:7443',
      namespace: 'prod',
    });
    expect(await rendered(kf, 'prod')).toEqual(['db', 'jobs', 'web']);
  });

  it('export writes each environment with its own components (GitOps)', async () => {
    const { root, kf } = await newApp();
    expect((await kf('env', 'set', 'prod', '--components', 'web')).exitCode).toBe(0);
    const exported = await kf('export', '--all', 'out', '--format', '{env}/{component}-{name}');
    expect(exported.exitCode, exported.stderr).toBe(0);
    const files = [...snapshotTree(join(root, 'out')).keys()].filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(['dev/db-db.yaml', 'dev/jobs-jobs.yaml', 'dev/web-web.yaml', 'prod/web-web.yaml']);
  });

  it('refuses a list naming no component or mixing names and !names, changing nothing', async () => {
    const { root, kf } = await newApp();
    const before = snapshotTree(root);
    const typo = await kf('env', 'set', 'prod', '--components', 'web,jbos');
    expect([typo.exitCode, typo.stderr]).toEqual([
      2,
      "kf: unknown component 'jbos' (did you mean 'jobs'?)\n",
    ]);
    const mixed = await kf('env', 'add', 'qa', '--components', 'web,!jobs');
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toBe(
      "kf: --components mixes names and !names: list the components to render, or only those to leave out (each with !) (e.g. --components web,db or --components '!jobs')\n",
    );
    expect(snapshotTree(root)).toEqual(before);

    // edited by hand: the line of the bad name, for every command that renders the environment
    writeFileSync(
      join(root, 'app.yaml'),
      appYaml(root).replace('    namespace: prod\n', '    namespace: prod\n    components: [web, dbb]\n'),
    );
    for (const args of [
      ['show', 'prod'],
      ['validate', 'prod'],
      ['export', 'prod', 'out'],
    ]) {
      const shown = await kf(...args);
      expect(shown.exitCode, args.join(' ')).toBe(1);
      expect(shown.stderr, args.join(' ')).toBe(
        `kf: ${join(root, 'app.yaml')}:15:23: environment 'prod' lists component 'dbb', which does not exist (did you mean 'db'?)\n`,
      );
    }
    expect(await rendered(kf, 'dev')).toEqual(['db', 'jobs', 'web']);
    writeFileSync(join(root, 'app.yaml'), appYaml(root).replace('[web, dbb]', 'web'));
    const notList = await kf('env', 'list');
    expect(notList.exitCode).toBe(1);
    expect(notList.stderr).toMatch(
      /^kf: \S+app\.yaml:15: environment prod: components must be a list of component names \(a leading ! leaves one out\) \(see \S+\/docs\/app-format\.md\)\n$/,
    );
  });

  it('component rm takes the component out of the lists; generate says which lists leave a new one out', async () => {
    const { root, kf } = await newApp();
    expect((await kf('env', 'set', 'prod', '--components', 'jobs,web')).exitCode).toBe(0);
    expect((await kf('env', 'set', 'dev', '--components', '!jobs')).exitCode).toBe(0);
    const removed = await kf('component', 'rm', 'jobs');
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('app.yaml');
    const envs = parse(appYaml(root)).environments;
    expect(envs.prod.components).toEqual(['web']);
    // all but jobs, jobs gone: every component
    expect(envs.dev.components).toBeUndefined();
    expect(await rendered(kf, 'dev')).toEqual(['db', 'web']);
    expect(await rendered(kf, 'prod')).toEqual(['web']);

    const made = await kf('generate', 'configmap', 'cache', '--data={"k": "d"}');
    expect(made.exitCode).toBe(0);
    expect(made.stdout).toBe(
      [
        "Created component 'cache' from io.ksonnet.pkg.configMap: components/cache.jsonnet",
        "Environment 'prod' lists its components and does not render 'cache': add it with 'kf env set prod --components web,cache'",
        '',
      ].join('\n'),
    );
    expect(await rendered(kf, 'dev')).toEqual(['cache', 'db', 'web']);

    // a list of names left empty stays: that environment renders nothing, as before the removal
    expect((await kf('component', 'rm', 'web')).exitCode).toBe(0);
    expect(parse(appYaml(root)).environments.prod.components).toEqual([]);
    expect(await rendered(kf, 'prod')).toEqual([]);
  });

  it('a list written by hand (block style, comments) stays as written when something else changes', async () => {
    const { root, kf } = await newApp();
    const list = '    components: # the prod services\n      - web\n      - db # primary\n';
    writeFileSync(
      join(root, 'app.yaml'),
      appYaml(root).replace('    namespace: prod\n', `    namespace: prod\n${list}`),
    );
    expect((await kf('env', 'set', 'prod', '--namespace', 'production')).exitCode).toBe(0);
    // (the yaml package moves a comment after `components:` to the line below it)
    expect(appYaml(root)).toContain(
      '    namespace: production\n    components:\n      # the prod services\n      - web\n      - db # primary\n',
    );
    expect(await rendered(kf, 'prod')).toEqual(['db', 'web']);
  });

  it('a renamed environment keeps its list', async () => {
    const { root, kf } = await newApp();
    expect((await kf('env', 'set', 'prod', '--components', 'db')).exitCode).toBe(0);
    expect((await kf('env', 'set', 'prod', '--name', 'production')).exitCode).toBe(0);
    expect(parse(appYaml(root)).environments.production.components).toEqual(['db']);
    expect(await rendered(kf, 'production')).toEqual(['db']);
  });
});
