// The walkthrough's first steps with the registry that ships inside kf: a fresh `kf init` app,
// `kf registry add kubeflow`, `kf pkg install kubeflow/core`, then `kf prototype list` and
// `kf generate` see the package's prototype and `kf pkg rm` protects the generated component.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runKf, tempDir } from '../helpers/run-kf.js';

describe('the built-in kubeflow registry', { timeout: 300_000 }, () => {
  it('kf registry add kubeflow + kf pkg install kubeflow/core + kf prototype list in a fresh app', async () => {
    const parent = tempDir('kf-builtin-');
    const env = { KUBECONFIG: join(parent, 'no-kubeconfig') };
    const run = async (cwd: string, ...args: string[]) => {
      const result = await runKf(args, { cwd, env });
      expect(result.stderr, `kf ${args.join(' ')}`).toBe('');
      expect(result.exitCode, `kf ${args.join(' ')}`).toBe(0);
      return result.stdout;
    };
    await run(parent, 'init', 'my-kubeflow');
    const root = join(parent, 'my-kubeflow');

    expect(await run(root, 'registry', 'add', 'kubeflow')).toMatch(
      /^Added registry 'kubeflow' \(registry shipped with kf \(kubeflow\), kf@[\w.-]+\): 3 packages\n$/,
    );
    expect(parse(readFileSync(join(root, 'app.yaml'), 'utf8')).registries).toEqual({ kubeflow: { uri: 'builtin:kubeflow' } });
    const packages = await run(root, 'registry', 'describe', 'kubeflow');
    for (const name of ['core', 'tf-job', 'tf-serving']) expect(packages).toMatch(new RegExp(`^${name}\\s+\\S+`, 'm'));

    // kf ships one version of each package: another one is not a ref to point the registry at.
    const other = await runKf(['pkg', 'install', 'kubeflow/core@99.0.0'], { cwd: root, env });
    expect(other.exitCode).toBe(1);
    expect(other.stderr).toMatch(
      /^kf: registry kubeflow offers kubeflow\/core@(\S+), not 99\.0\.0 \(this kf ships kubeflow\/core@\1: install kubeflow\/core without @99\.0\.0, or add a registry that has 99\.0\.0\)\n$/,
    );
    expect(await run(root, 'pkg', 'install', 'kubeflow/core')).toMatch(/^installed kubeflow\/core@(\S+) into vendor\/kubeflow\/core@\1\n$/);
    const library = parse(readFileSync(join(root, 'app.yaml'), 'utf8')).libraries['kubeflow/core'];
    expect(library).toMatchObject({ registry: 'kubeflow', name: 'core' });
    const vendored = join(root, 'vendor', 'kubeflow', `core@${library.version}`);
    expect(existsSync(join(vendored, 'parts.yaml'))).toBe(true);
    expect(parse(readFileSync(join(root, 'kf.lock'), 'utf8')).packages['kubeflow/core']).toMatchObject({
      uri: 'builtin:kubeflow',
      version: library.version,
      resolved: expect.stringMatching(/^kf@/),
      integrity: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });

    const prototypes = await run(root, 'prototype', 'list');
    expect(prototypes).toMatch(new RegExp(`^io\\.ksonnet\\.pkg\\.kubeflow-core\\s+kubeflow/core@${library.version.replace(/\./g, '\\.')}\\s+\\S`, 'm'));

    // A component generated from the package's prototype keeps the package from being removed.
    await run(root, 'generate', 'kubeflow-core', 'kubeflow-core', '--name=kubeflow-core');
    const removal = await runKf(['pkg', 'rm', 'kubeflow/core'], { cwd: root, env });
    expect(removal.exitCode).toBe(1);
    expect(removal.stderr).toBe(
      "kf: package kubeflow/core is used by components/kubeflow-core.jsonnet (remove those components first ('kf component rm'), or use --force)\n",
    );
    expect(existsSync(vendored)).toBe(true);
  });

  it("the walkthrough's one line installs the three packages; a bad name stops there, keeping those before it", async () => {
    const parent = tempDir('kf-builtin-many-');
    const env = { KUBECONFIG: join(parent, 'no-kubeconfig') };
    expect((await runKf(['init', 'app'], { cwd: parent, env })).exitCode).toBe(0);
    const root = join(parent, 'app');
    expect((await runKf(['registry', 'add', 'kubeflow'], { cwd: root, env })).exitCode).toBe(0);

    const all = await runKf(['pkg', 'install', 'kubeflow/core', 'kubeflow/tf-job', 'kubeflow/tf-serving'], {
      cwd: root,
      env,
    });
    expect(all.stderr).toBe('');
    expect(all.exitCode).toBe(0);
    expect(all.stdout.split('\n').map((line) => line.replace(/@\S+/g, '@V'))).toEqual([
      'installed kubeflow/core@V into vendor/kubeflow/core@V',
      'installed kubeflow/tf-job@V into vendor/kubeflow/tf-job@V',
      'installed kubeflow/tf-serving@V into vendor/kubeflow/tf-serving@V',
      '',
    ]);
    const lock = parse(readFileSync(join(root, 'kf.lock'), 'utf8')).packages;
    expect(Object.keys(lock).sort()).toEqual(['kubeflow/core', 'kubeflow/tf-job', 'kubeflow/tf-serving']);

    const partial = await runKf(['pkg', 'rm', 'kubeflow/tf-job'], { cwd: root, env });
    expect(partial.exitCode).toBe(0);
    const stopped = await runKf(['pkg', 'install', 'kubeflow/tf-job', 'kubeflow/nope', 'kubeflow/core'], {
      cwd: root,
      env,
    });
    expect(stopped.exitCode).toBe(1);
    expect(stopped.stdout).toMatch(/^installed kubeflow\/tf-job@\S+ into vendor\/kubeflow\/tf-job@\S+\n$/);
    expect(stopped.stderr).toMatch(/^kf: .*nope/);
    expect(Object.keys(parse(readFileSync(join(root, 'app.yaml'), 'utf8')).libraries).sort()).toEqual([
      'kubeflow/core',
      'kubeflow/tf-job',
      'kubeflow/tf-serving',
    ]);
  });
});
