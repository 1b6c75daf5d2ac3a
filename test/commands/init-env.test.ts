import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureBuilt, runKf, snapshotTree, tempDir, writeTestKubeconfig } from '../helpers/run-kf.js';

// The first run may build kf (see test/helpers/build-if-stale.mjs): give it the hook timeout.
beforeAll(() => void ensureBuilt(), 600_000);

let kubeconfig: string;
beforeAll(() => {
  kubeconfig = writeTestKubeconfig(tempDir());
});

async function newApp(): Promise<{ root: string; env: Record<string, string> }> {
  const parent = tempDir();
  const env = { KUBECONFIG: kubeconfig };
  const result = await runKf(['init', 'my-kubeflow'], { cwd: parent, env });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return { root: join(parent, 'my-kubeflow'), env };
}

describe('kf init', () => {
  it('refuses an empty app name (an unset variable), which would make the working directory the app', async () => {
    const parent = tempDir();
    const result = await runKf(['init', ''], { cwd: parent, env: { KUBECONFIG: kubeconfig } });
    expect([result.exitCode, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toBe(
      'kf: the app name is empty (kf init <app>, or kf init . to make the current (empty) directory the app)\n',
    );
    expect(readdirSync(parent)).toEqual([]);
  });

  it('creates the app layout with a default environment bound to the current context', async () => {
    const { root } = await newApp();
    for (const file of [
      'app.yaml',
      '.gitignore',
      'components/params.libsonnet',
      'environments/base.libsonnet',
      'environments/default/main.jsonnet',
      'environments/default/params.libsonnet',
      'environments/default/globals.libsonnet',
      'lib/.gitkeep',
      'vendor/.gitkeep',
    ]) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
    const app = parse(readFileSync(join(root, 'app.yaml'), 'utf8'));
    expect(app).toMatchObject({ apiVersion: 'kf.dev/v1alpha1', kind: 'App', name: 'my-kubeflow' });
    expect(app.environments).toEqual({
      default: { context: 'minikube', server: 'https://127.0.0.1:6443', namespace: 'default' },
    });
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toContain('/.kf/');
  });

  it('works without any kubeconfig and records no context', async () => {
    const parent = tempDir();
    const result = await runKf(['init', 'app', '--env', 'dev', '--namespace', 'ml'], { cwd: parent });
    expect(result.exitCode).toBe(0);
    const app = parse(readFileSync(join(parent, 'app', 'app.yaml'), 'utf8'));
    expect(app.environments).toEqual({ dev: { namespace: 'ml' } });
  });

  it('refuses a non-empty directory and leaves it untouched', async () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'taken'));
    writeFileSync(join(parent, 'taken', 'notes.txt'), 'mine');
    const before = snapshotTree(parent);
    const result = await runKf(['init', 'taken'], { cwd: parent });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/already exists and is not empty/);
    expect(snapshotTree(parent)).toEqual(before);
  });

  it('reports an unwritable parent directory with one line', async () => {
    // /sys refuses new directories even for root, so this holds in any test environment.
    const result = await runKf(['init', '/sys/kf-test-app'], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'kf: cannot create /sys/kf-test-app: permission denied (check that the directory is writable)\n',
    );
  });

  it('rejects an unknown --context with a suggestion', async () => {
    const parent = tempDir();
    const result = await runKf(['init', 'app', '--context', 'minikub'], {
      cwd: parent,
      env: { KUBECONFIG: kubeconfig },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/kube context 'minikub'.*did you mean 'minikube'/);
    expect(existsSync(join(parent, 'app'))).toBe(false);
  });

  it('takes --kubeconfig, and refuses a --server the context does not point at unless --force-context', async () => {
    const parent = tempDir();
    const given = ['--kubeconfig', kubeconfig, '--context', 'minikube', '--server', 'https://127.0.0.1:7443'];
    const refused = await runKf(['init', 'a', ...given], { cwd: parent });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe(
      'kf: context minikube points at https://127.0.0.1:6443, not at --server https://127.0.0.1:7443 (pass --force-context to record that server anyway, or leave --server out)\n',
    );
    expect(existsSync(join(parent, 'a'))).toBe(false);
    const forced = await runKf(['init', 'a', ...given, '--force-context'], { cwd: parent });
    expect(forced.exitCode).toBe(0);
    expect(parse(readFileSync(join(parent, 'a', 'app.yaml'), 'utf8')).environments.default.server).toBe(
      'https://127.0.0.1:7443',
    );
    const added = await runKf(['env', 'add', 'second', ...given], { cwd: join(parent, 'a') });
    expect(added.exitCode).toBe(2);
    expect(added.stderr).toContain('pass --force-context');
  });

  it('rejects a flag typo like ---namespace=default with one line', async () => {
    const parent = tempDir();
    const result = await runKf(['init', 'app', '---namespace=default'], { cwd: parent });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(parent, 'app'))).toBe(false);
  });
});

describe('kf env', () => {
  it('binds a context the kubeconfig here lacks when --server says where its cluster is (CI has the context); without --server refuses it, saying so', async () => {
    const { root, env } = await newApp();
    const withServer = await runKf(
      ['env', 'add', 'ci', '--context', 'ci-prod', '--server', 'https://127.0.0.1:9443'],
      {
        cwd: root,
        env,
      },
    );
    expect([withServer.exitCode, withServer.stderr]).toEqual([0, '']);
    expect(withServer.stdout).toBe(
      "Added environment 'ci' (context 'ci-prod', which the kubeconfig here does not define)\n",
    );
    expect(parse(readFileSync(join(root, 'app.yaml'), 'utf8')).environments.ci).toEqual({
      context: 'ci-prod',
      server: 'https://127.0.0.1:9443',
      namespace: 'default',
    });
    const moved = await runKf(
      ['env', 'set', 'ci', '--context', 'ci-other', '--server', 'https://127.0.0.1:9444'],
      {
        cwd: root,
        env,
      },
    );
    expect(moved.exitCode).toBe(0);
    expect(parse(readFileSync(join(root, 'app.yaml'), 'utf8')).environments.ci.context).toBe('ci-other');
    const without = await runKf(['env', 'add', 'ci2', '--context', 'ci-prod'], { cwd: root, env });
    expect(without.exitCode).toBe(1);
    expect(without.stderr).toBe(
      `kf: kube context 'ci-prod' is not in ${kubeconfig} (contexts: minikube, gke; to bind a context that only another machine's kubeconfig has, give its API server with --server)\n`,
    );
  });

  it('adds environments from the current or a named context, nested names included', async () => {
    const { root, env } = await newApp();
    expect((await runKf(['env', 'add', 'gke', '--context=gke'], { cwd: root, env })).exitCode).toBe(0);
    expect(
      (await runKf(['env', 'add', 'us-west/staging', '--namespace', 'stage'], { cwd: root, env })).exitCode,
    ).toBe(0);
    const app = parse(readFileSync(join(root, 'app.yaml'), 'utf8'));
    expect(app.environments.gke).toEqual({
      context: 'gke',
      server: 'https://127.0.0.1:7443',
      namespace: 'ml',
    });
    expect(app.environments['us-west/staging']).toEqual({
      context: 'minikube',
      server: 'https://127.0.0.1:6443',
      namespace: 'stage',
    });
    expect(existsSync(join(root, 'environments/us-west/staging/params.libsonnet'))).toBe(true);

    const list = await runKf(['env', 'list', '-o', 'json'], { cwd: root, env });
    expect(JSON.parse(list.stdout).map((e: { name: string }) => e.name)).toEqual([
      'default',
      'gke',
      'us-west/staging',
    ]);
    const table = await runKf(['env', 'list'], { cwd: root, env });
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+CONTEXT\s+NAMESPACE\s+SERVER$/);
    expect(table.stdout).toMatch(/gke\s+gke\s+ml\s+https:\/\/127\.0\.0\.1:7443/);

    // a Tanka environment named for one environment adds its column
    expect(
      (await runKf(['env', 'set', 'gke', '--tanka-environment', 'grafana/gke'], { cwd: root, env })).exitCode,
    ).toBe(0);
    const withTanka = (await runKf(['env', 'list'], { cwd: root, env })).stdout.split('\n');
    expect(withTanka[0]).toMatch(/^NAME\s+CONTEXT\s+NAMESPACE\s+SERVER\s+TANKA ENVIRONMENT$/);
    expect(withTanka.find((l) => l.startsWith('gke'))).toMatch(/7443\s+grafana\/gke$/);
  });

  it('refuses a duplicate environment without changing any file', async () => {
    const { root, env } = await newApp();
    const before = snapshotTree(root);
    const result = await runKf(['env', 'add', 'default'], { cwd: root, env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/environment 'default' already exists/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('renames and changes an environment with env set', async () => {
    const { root, env } = await newApp();
    await runKf(['env', 'current', '--set', 'default'], { cwd: root, env });
    const result = await runKf(['env', 'set', 'default', '--name', 'prod/eu', '--namespace', 'apps'], {
      cwd: root,
      env,
    });
    expect(result.exitCode).toBe(0);
    const app = parse(readFileSync(join(root, 'app.yaml'), 'utf8'));
    expect(Object.keys(app.environments)).toEqual(['prod/eu']);
    expect(app.environments['prod/eu'].namespace).toBe('apps');
    expect(existsSync(join(root, 'environments/default'))).toBe(false);
    expect(existsSync(join(root, 'environments/prod/eu/main.jsonnet'))).toBe(true);
    expect((await runKf(['env', 'current'], { cwd: root, env })).stdout).toBe('prod/eu\n');
  });

  it('records the Kubernetes version kf validate uses with --k8s-version, refusing one without schemas', async () => {
    const { root, env } = await newApp();
    writeFileSync(
      join(root, 'components', 'claim.jsonnet'),
      // resource.k8s.io/v1 is served from Kubernetes 1.34 on
      "{ apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaimTemplate', metadata: { name: 'gpu' }, spec: { spec: {} } }\n",
    );
    const added = await runKf(['env', 'add', 'old', '--k8s-version', 'v1.33.4'], { cwd: root, env });
    expect(added.exitCode).toBe(0);
    const app = () => parse(readFileSync(join(root, 'app.yaml'), 'utf8'));
    expect(app().environments.old.k8sVersion).toBe('1.33');
    const old = await runKf(['validate', 'old'], { cwd: root, env });
    expect(old.exitCode).toBe(1);
    expect(old.stdout).toContain('is not served by Kubernetes 1.33');

    const before = snapshotTree(root);
    const refused = await runKf(['env', 'set', 'old', '--k8s-version', '1.20'], { cwd: root, env });
    expect([refused.exitCode, refused.stderr]).toEqual([
      2,
      'kf: --k8s-version "1.20": kf has no schemas for Kubernetes 1.20 (give one of 1.33, 1.34, 1.35, 1.36, 1.37)\n',
    ]);
    expect(snapshotTree(root)).toEqual(before);

    expect((await runKf(['env', 'set', 'old', '--k8s-version', '1.34'], { cwd: root, env })).exitCode).toBe(
      0,
    );
    expect(readFileSync(join(root, 'app.yaml'), 'utf8')).toContain('k8sVersion: "1.34"');
    expect((await runKf(['validate', 'old'], { cwd: root, env })).stderr).toBe(
      'old: 1 object, Kubernetes 1.34: valid\n',
    );
    expect((await runKf(['env', 'set', 'old', '--k8s-version', ''], { cwd: root, env })).exitCode).toBe(0);
    expect(app().environments.old).not.toHaveProperty('k8sVersion');
  });

  it('removes an environment and its directory, and unsets it as current', async () => {
    const { root, env } = await newApp();
    await runKf(['env', 'add', 'gke', '--context', 'gke'], { cwd: root, env });
    await runKf(['env', 'current', '--set', 'gke'], { cwd: root, env });
    const result = await runKf(['env', 'rm', 'gke'], { cwd: root, env });
    expect(result.exitCode).toBe(0);
    expect(existsSync(join(root, 'environments/gke'))).toBe(false);
    expect(Object.keys(parse(readFileSync(join(root, 'app.yaml'), 'utf8')).environments)).toEqual([
      'default',
    ]);
    expect((await runKf(['env', 'current'], { cwd: root, env })).stdout).toBe('');
  });

  it('reports an unknown environment with a suggestion and changes nothing', async () => {
    const { root, env } = await newApp();
    const before = snapshotTree(root);
    for (const args of [
      ['env', 'rm', 'defualt'],
      ['env', 'current', '--set', 'defualt'],
      ['env', 'set', 'defualt', '--namespace', 'x'],
    ]) {
      const result = await runKf(args, { cwd: root, env });
      expect(result.exitCode, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(/unknown environment 'defualt' \(did you mean 'default'\?\)/);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(snapshotTree(root)).toEqual(before);
  });

  it('keeps the current environment in the git-ignored .kf directory', async () => {
    const { root, env } = await newApp();
    expect((await runKf(['env', 'current', '--set', 'default'], { cwd: root, env })).exitCode).toBe(0);
    expect(readFileSync(join(root, '.kf/current-env'), 'utf8')).toBe('default\n');
    expect((await runKf(['env', 'current', '--unset'], { cwd: root, env })).exitCode).toBe(0);
    expect(existsSync(join(root, '.kf/current-env'))).toBe(false);
  });

  it('reports a malformed app.yaml with line and column', async () => {
    const { root, env } = await newApp();
    writeFileSync(join(root, 'app.yaml'), 'apiVersion: kf.dev/v1alpha1\nkind: App\nname: [broken\n');
    const result = await runKf(['env', 'list'], { cwd: root, env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/app\.yaml:\d+:\d+: /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
