// The registry and pkg commands against local folder registries, through the real kf binary.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureBuilt, runKf, snapshotTree, tempDir } from '../helpers/run-kf.js';
import { copyFixture, makeApp, writeDemoRegistry } from './helpers.js';

beforeAll(() => ensureBuilt(), 300_000);

const appYaml = (root: string) => parse(readFileSync(join(root, 'app.yaml'), 'utf8'));
const lockYaml = (root: string) => parse(readFileSync(join(root, 'kf.lock'), 'utf8'));

async function ok(root: string, ...args: string[]): Promise<string> {
  const result = await runKf(args, { cwd: root });
  expect(result.stderr, `kf ${args.join(' ')}`).toBe('');
  expect(result.exitCode, `kf ${args.join(' ')}`).toBe(0);
  return result.stdout;
}

/** Runs a command that must fail with one line on stderr and change no file. */
async function refused(root: string, ...args: string[]): Promise<string> {
  const before = snapshotTree(root);
  const result = await runKf(args, { cwd: root });
  expect(result.exitCode, `kf ${args.join(' ')}`).not.toBe(0);
  expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(/^kf: /);
  expect(snapshotTree(root)).toEqual(before);
  return result.stderr.trim();
}

describe('folder registries', { timeout: 300_000 }, () => {
  it('adds an old ksonnet registry folder unchanged and installs from it', async () => {
    const root = makeApp();
    const registry = copyFixture('ksonnet-style', join(root, '..', 'incubator'));
    mkdirSync(join(root, 'components'));

    // A relative path is given relative to the current directory and stored relative to the app root.
    const added = await runKf(['registry', 'add', 'incubator', '../../incubator'], { cwd: join(root, 'components') });
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/Added registry 'incubator' \(folder .*incubator\): 2 packages/);
    expect(appYaml(root).registries).toEqual({ incubator: { uri: '../incubator' } });

    expect(JSON.parse(await ok(root, 'registry', 'list', '-o', 'json'))).toEqual([{ name: 'incubator', kind: 'folder', uri: '../incubator' }]);
    const described = await ok(root, 'registry', 'describe', 'incubator');
    expect(described).toMatch(/nginx\s+master\s+Nginx is a web server\./);
    expect(described).toMatch(/redis\s+master\s+Redis is an advanced key-value cache and store\./);

    expect(await ok(root, 'pkg', 'install', 'incubator/redis')).toBe(
      'installed incubator/redis@master into vendor/incubator/redis@master\n',
    );
    expect(readFileSync(join(root, 'vendor/incubator/redis@master/redis.libsonnet'), 'utf8')).toBe(
      readFileSync(join(registry, 'redis', 'redis.libsonnet'), 'utf8'),
    );
    expect(appYaml(root).libraries).toEqual({ 'incubator/redis': { registry: 'incubator', name: 'redis', version: 'master' } });
    const lock = lockYaml(root);
    expect(lock.lockVersion).toBe(1);
    expect(lock.packages['incubator/redis']).toEqual({
      registry: 'incubator',
      name: 'redis',
      uri: '../incubator',
      version: 'master',
      integrity: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });

    // Installing again is a no-op: same output files, byte for byte.
    const before = snapshotTree(root);
    expect(await ok(root, 'pkg', 'install', 'incubator/redis')).toBe('incubator/redis@master is already installed; nothing to do\n');
    expect(snapshotTree(root)).toEqual(before);

    const described2 = await ok(root, 'pkg', 'describe', 'incubator/redis');
    expect(described2).toContain('Source:      vendor/incubator/redis@master');
    expect(described2).toContain('Quick start: kf generate io.ksonnet.pkg.redis-stateless redis --name=redis');
    expect(described2).toMatch(/io\.ksonnet\.pkg\.redis-stateless\s+Redis with no persistent storage\./);
    const nginx = JSON.parse(await ok(root, 'pkg', 'describe', 'incubator/nginx', '-o', 'json'));
    expect(nginx).toMatchObject({ source: 'registry incubator', keywords: ['nginx', 'server'] });
    expect(nginx.installed).toBeUndefined();
    expect(nginx.prototypes).toEqual([{ name: 'io.ksonnet.pkg.nginx-simple', shortDescription: 'Deploy a simple nginx server.', file: 'nginx-simple.jsonnet' }]);
  });

  it('scopes a package to environments with --env', async () => {
    const root = makeApp();
    copyFixture('ksonnet-style', join(root, 'reg'));
    await ok(root, 'registry', 'add', 'inc', './reg');
    expect(await ok(root, 'pkg', 'install', 'inc/nginx', '--env', 'dev')).toBe(
      'installed inc/nginx@master into vendor/inc/nginx@master (environment dev only)\n',
    );
    expect(appYaml(root).libraries['inc/nginx']).toEqual({ registry: 'inc', name: 'nginx', version: 'master', envs: ['dev'] });
    expect(await ok(root, 'pkg', 'install', 'inc/nginx', '--env', 'prod')).toBe('inc/nginx@master is now available to dev, prod\n');
    expect(appYaml(root).libraries['inc/nginx'].envs).toEqual(['dev', 'prod']);
    expect(await ok(root, 'pkg', 'install', 'inc/nginx')).toBe('inc/nginx@master is now available to every environment\n');
    expect(appYaml(root).libraries['inc/nginx'].envs).toBeUndefined();
    expect(await refused(root, 'pkg', 'install', 'inc/redis', '--env', 'prd')).toBe(
      "kf: unknown environment 'prd' (did you mean 'prod'?)",
    );

    const installed = JSON.parse(await ok(root, 'pkg', 'list', '--installed', '-o', 'json'));
    expect(installed).toEqual([{ registry: 'inc', name: 'nginx', version: 'master', installed: 'master' }]);
    const all = await ok(root, 'pkg', 'list');
    expect(all).toMatch(/inc\/nginx\s+master\s+master\s+Nginx is a web server\./);
    expect(all).toMatch(/inc\/redis\s+master\s+Redis is an advanced/);
  });

  it('refuses bad input with one line and no change', async () => {
    const root = makeApp();
    const reg = join(root, 'reg');
    writeDemoRegistry(reg, '1.0.0', 'first');
    await ok(root, 'registry', 'add', 'demo', './reg');

    expect(await refused(root, 'pkg', 'install', 'dmeo/demo')).toBe("kf: unknown registry 'dmeo' (did you mean 'demo'?)");
    expect(await refused(root, 'pkg', 'install', 'demo/dem')).toBe("kf: registry demo has no package 'dem' (did you mean 'demo'?)");
    expect(await refused(root, 'pkg', 'install', 'demo/demo@2.0.0')).toBe(
      "kf: registry demo offers demo/demo@1.0.0, not 2.0.0 (point the registry at a folder that has 2.0.0 with 'kf registry set demo --uri …')",
    );
    expect(await refused(root, 'pkg', 'install', 'demo')).toMatch(/^kf: invalid package reference 'demo'/);
    expect(await refused(root, 'registry', 'add', 'demo', './reg')).toMatch(/^kf: registry demo already exists/);
    expect(await refused(root, 'registry', 'add', 'other', './nowhere')).toMatch(/^kf: registry folder .*\/nowhere does not exist/);
    expect(await refused(root, 'registry', 'add', 'other')).toMatch(/^kf: registry other needs a URI/);
    expect(await refused(root, 'registry', 'add', 'web', 'http://example.com/r.tar.gz')).toMatch(/plain http:\/\/ is not allowed/);
    expect(await refused(root, 'registry', 'describe', 'dmo')).toBe("kf: unknown registry 'dmo' (did you mean 'demo'?)");

    const broken = join(root, 'broken');
    writeDemoRegistry(broken, '1.0.0', 'x');
    writeFileSync(join(broken, 'registry.yaml'), 'kind: ksonnet.io/registry\nlibraries:\n  demo:\n    path: [demo\n');
    expect(await refused(root, 'registry', 'add', 'broken', './broken')).toMatch(/^kf: .*broken\/registry\.yaml:\d+(:\d+)?: .* \(see \/\S+\/docs\/registry-format\.md for the registry\.yaml format\)$/);

    // A malformed parts.yaml is reported with file and line at install time.
    writeFileSync(join(reg, 'demo', 'parts.yaml'), 'name: demo\nkeywords: {a: b}\n');
    expect(await refused(root, 'pkg', 'install', 'demo/demo')).toMatch(/^kf: .*reg\/demo\/parts\.yaml:2: keywords must be a list of strings/);
  });

  it('refuses a tampered vendor folder until --force restores it', async () => {
    const root = makeApp();
    writeDemoRegistry(join(root, 'reg'), '1.0.0', 'original');
    await ok(root, 'registry', 'add', 'demo', './reg');
    await ok(root, 'pkg', 'install', 'demo/demo');
    const vendored = join(root, 'vendor/demo/demo@1.0.0/demo.libsonnet');
    const lockBefore = readFileSync(join(root, 'kf.lock'), 'utf8');
    const locked = /integrity: (sha256:[0-9a-f]{12})/.exec(lockBefore)?.[1];
    expect(locked).toBeDefined();
    writeFileSync(vendored, "{ marker: 'edited by hand' }\n");

    const message = await refused(root, 'pkg', 'install', 'demo/demo');
    const edited = /files hash to (sha256:[0-9a-f]{12})…/.exec(message)?.[1];
    expect(edited).toBeDefined();
    expect(edited).not.toBe(locked);
    expect(message).toBe(
      `kf: vendor/demo/demo@1.0.0 differs from kf.lock: its files hash to ${edited}…, kf.lock says ${locked}…; the files or kf.lock were changed after demo/demo was installed (run 'kf pkg install demo/demo --force' to reinstall it from the registry)`,
    );
    expect(await ok(root, 'pkg', 'install', 'demo/demo', '--force')).toBe('reinstalled demo/demo@1.0.0 into vendor/demo/demo@1.0.0\n');
    expect(readFileSync(vendored, 'utf8')).toBe("{ marker: 'original' }\n");
    expect(readFileSync(join(root, 'kf.lock'), 'utf8')).toBe(lockBefore);
    // An edited kf.lock: the message shows the lock's new hash beside the files' unchanged one.
    writeFileSync(join(root, 'kf.lock'), lockBefore.replace(/integrity: sha256:[0-9a-f]/, 'integrity: sha256:x'));
    const lockEdited = await refused(root, 'pkg', 'install', 'demo/demo');
    expect(lockEdited).toContain(`its files hash to ${locked}…, kf.lock says sha256:x${locked?.slice(8)}…;`);
    writeFileSync(join(root, 'kf.lock'), lockBefore);
    // An added file is tampering too.
    writeFileSync(join(root, 'vendor/demo/demo@1.0.0/extra.libsonnet'), '{}');
    expect(await refused(root, 'pkg', 'install', 'demo/demo')).toMatch(/differs from kf\.lock/);
  });

  it('upgrades only with --force and removes the superseded version folder', async () => {
    const root = makeApp();
    const reg = join(root, 'reg');
    writeDemoRegistry(reg, '1.0.0', 'one');
    await ok(root, 'registry', 'add', 'demo', './reg');
    await ok(root, 'pkg', 'install', 'demo/demo');
    writeDemoRegistry(reg, '2.0.0', 'two');
    expect(await refused(root, 'pkg', 'install', 'demo/demo@2.0.0')).toBe(
      "kf: demo/demo@1.0.0 is installed, not 2.0.0 (use 'kf pkg install demo/demo@2.0.0 --force' to replace it)",
    );
    expect(await ok(root, 'pkg', 'install', 'demo/demo@2.0.0', '--force')).toBe(
      'replaced demo/demo@1.0.0 with demo/demo@2.0.0 into vendor/demo/demo@2.0.0\n',
    );
    expect(existsSync(join(root, 'vendor/demo/demo@1.0.0'))).toBe(false);
    expect(lockYaml(root).packages['demo/demo'].version).toBe('2.0.0');
    expect(appYaml(root).libraries['demo/demo'].version).toBe('2.0.0');
  });

  it('pkg rm refuses while a component was generated from the package, and registry rm while packages are installed', async () => {
    const root = makeApp();
    writeDemoRegistry(join(root, 'reg'), '1.0.0', 'one');
    await ok(root, 'registry', 'add', 'demo', './reg');
    await ok(root, 'pkg', 'install', 'demo/demo');
    mkdirSync(join(root, 'components'), { recursive: true });
    writeFileSync(
      join(root, 'components', 'my-demo.jsonnet'),
      '// kf: generated from prototype io.ksonnet.pkg.demo (demo/demo@1.0.0)\n{}\n',
    );
    writeFileSync(join(root, 'components', 'other.jsonnet'), '// kf: generated from prototype io.kf.configMap (builtin)\n{}\n');

    expect(await refused(root, 'registry', 'rm', 'demo')).toBe(
      "kf: registry demo still has installed packages: demo/demo (remove them first with 'kf pkg rm demo/demo')",
    );
    expect(await refused(root, 'pkg', 'rm', 'demo/demo')).toBe(
      "kf: package demo/demo is used by components/my-demo.jsonnet (remove those components first ('kf component rm'), or use --force)",
    );
    expect(await refused(root, 'pkg', 'rm', 'demo/dmeo')).toBe("kf: package demo/dmeo is not installed (did you mean 'demo/demo'?)");
    expect(await ok(root, 'pkg', 'rm', 'demo/demo', '--force')).toBe('removed demo/demo@1.0.0 (1 component(s) still import it)\n');
    expect(existsSync(join(root, 'vendor/demo'))).toBe(false);
    expect(appYaml(root).libraries).toEqual({});
    expect(lockYaml(root).packages).toEqual({});

    expect(await ok(root, 'registry', 'rm', 'demo')).toBe("Removed registry 'demo'\n");
    expect(appYaml(root).registries).toEqual({});
  });

  it('registry set changes the URI after checking it', async () => {
    const root = makeApp();
    writeDemoRegistry(join(root, 'one'), '1.0.0', 'one');
    writeDemoRegistry(join(root, 'two'), '2.0.0', 'two');
    await ok(root, 'registry', 'add', 'demo', './one');
    expect(await refused(root, 'registry', 'set', 'demo', '--uri', './three')).toMatch(/does not exist/);
    expect(await ok(root, 'registry', 'set', 'demo', '--uri', 'file://' + join(root, 'two'))).toMatch(/^Registry 'demo' now uses folder .*\/two/);
    expect(appYaml(root).registries.demo.uri).toBe('file://' + join(root, 'two'));
    expect(await ok(root, 'registry', 'set', 'demo', '--uri', 'file://' + join(root, 'two'))).toMatch(/nothing to do/);
    expect(await ok(root, 'pkg', 'install', 'demo/demo')).toMatch(/installed demo\/demo@2\.0\.0/);
  });

  it('kf pkg install with no package restores vendor/ as locked, keeping scopes (a fresh clone)', async () => {
    const root = makeApp();
    copyFixture('ksonnet-style', join(root, 'reg'));
    await ok(root, 'registry', 'add', 'inc', './reg');
    await ok(root, 'pkg', 'install', 'inc/redis');
    await ok(root, 'pkg', 'install', 'inc/nginx', '--env', 'prod');
    const before = snapshotTree(root);
    rmSync(join(root, 'vendor'), { recursive: true });
    expect(await ok(root, 'pkg', 'install')).toBe(
      [
        'reinstalled inc/nginx@master into vendor/inc/nginx@master (environment prod only)',
        'reinstalled inc/redis@master into vendor/inc/redis@master',
        '',
      ].join('\n'),
    );
    expect(snapshotTree(root)).toEqual(before);
    expect(await ok(root, 'pkg', 'install')).toBe(
      'inc/nginx@master is already installed; nothing to do\ninc/redis@master is already installed; nothing to do\n',
    );
    // A registry whose content changed since the lock is not silently taken.
    writeFileSync(join(root, 'reg', 'redis', 'redis.libsonnet'), '{}\n');
    rmSync(join(root, 'vendor'), { recursive: true });
    const error = await refused(root, 'pkg', 'install');
    expect(error).toBe(
      "kf: the registry's copy of inc/redis@master differs from kf.lock (use 'kf pkg install inc/redis --force' to accept the registry's current content)",
    );
  });

  it('works from any directory below the app and refuses outside an app', async () => {
    const outside = tempDir();
    const result = await runKf(['registry', 'list'], { cwd: outside });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^kf: no app\.yaml found/);
  });
});

describe('kf pkg list with a registry folder that is gone', { timeout: 300_000 }, () => {
  it("lists the other registries' packages, then reports it and exits 1 (was: the error alone)", async () => {
    const root = makeApp();
    copyFixture('ksonnet-style', join(root, '..', 'incubator'));
    writeDemoRegistry(join(root, '..', 'demo-reg'), '1.0.0', 'one');
    await ok(root, 'registry', 'add', 'incubator', '../incubator');
    await ok(root, 'registry', 'add', 'demo', '../demo-reg');
    rmSync(join(root, '..', 'incubator'), { recursive: true });
    const listed = await runKf(['pkg', 'list'], { cwd: root });
    expect(listed.stdout).toMatch(/^PACKAGE +VERSION +INSTALLED +DESCRIPTION\ndemo\/demo +1\.0\.0 /);
    expect(listed.stderr).toBe(
      `kf: registry folder ${join(root, '..', 'incubator')} does not exist (check the path given to kf registry add/set)\n` +
        "kf: 1 of 2 registries could not be read (above); their packages are not listed (point a registry at its new place with 'kf registry set NAME --uri URI', or remove it with 'kf registry rm NAME')\n",
    );
    expect(listed.exitCode).toBe(1);
  });
});
