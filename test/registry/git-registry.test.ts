// Git registries: a temporary repository with tags, fetched shallowly by the real kf binary
// through file:// URLs with the documented <git-url>//<subdir>?ref=<ref> syntax.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureBuilt, kfDocsFile, runKf, snapshotTree, tempDir } from '../helpers/run-kf.js';
import { git, makeApp, writeDemoRegistry } from './helpers.js';

beforeAll(() => ensureBuilt(), 300_000);

interface Repo {
  dir: string;
  url: string;
  v1: string;
  v2: string;
}

/** repo.git with kubeflow/ holding the demo registry: tag v1 (1.0.0), tag v2 (2.0.0) on main. */
async function makeRepo(): Promise<Repo> {
  const dir = join(tempDir('kf-git-'), 'repo.git');
  mkdirSync(dir);
  await git(dir, 'init', '--quiet', '--initial-branch=main');
  writeFileSync(join(dir, 'README.md'), 'not part of the registry\n');
  writeDemoRegistry(join(dir, 'kubeflow'), '1.0.0', 'from v1');
  await git(dir, 'add', '.');
  await git(dir, 'commit', '--quiet', '-m', 'v1');
  await git(dir, 'tag', '-a', 'v1', '-m', 'release v1');
  const v1 = await git(dir, 'rev-parse', 'HEAD');
  writeDemoRegistry(join(dir, 'kubeflow'), '2.0.0', 'from v2');
  await git(dir, 'commit', '--quiet', '-am', 'v2');
  await git(dir, 'tag', 'v2');
  const v2 = await git(dir, 'rev-parse', 'HEAD');
  return { dir, url: `file://${dir}`, v1, v2 };
}

async function kf(root: string, ...args: string[]) {
  return runKf(args, { cwd: root });
}

async function ok(root: string, ...args: string[]): Promise<string> {
  const result = await kf(root, ...args);
  expect(result.stderr, `kf ${args.join(' ')}`).toBe('');
  expect(result.exitCode).toBe(0);
  return result.stdout;
}

async function refused(root: string, ...args: string[]): Promise<string> {
  const before = snapshotTree(root);
  const result = await kf(root, ...args);
  expect(result.exitCode).toBe(1);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(snapshotTree(root)).toEqual(before);
  return result.stderr.trim();
}

const lockOf = (root: string) => parse(readFileSync(join(root, 'kf.lock'), 'utf8'));

describe('git registries', { timeout: 300_000 }, () => {
  it('installs from a tag, pins the commit in kf.lock and reinstalls offline from the lock', async () => {
    const repo = await makeRepo();
    const root = makeApp();
    const uri = `${repo.url}//kubeflow?ref=v1`;
    expect(await ok(root, 'registry', 'add', 'kubeflow', uri)).toBe(
      `Added registry 'kubeflow' (git ${repo.url} folder kubeflow at v1, ${repo.v1}): 1 package\n`,
    );
    expect(readFileSync(join(root, '.kf/cache/.gitignore'), 'utf8')).toMatch(/^\*$/m);
    expect(await ok(root, 'pkg', 'install', 'kubeflow/demo')).toBe('installed kubeflow/demo@1.0.0 into vendor/kubeflow/demo@1.0.0\n');
    expect(readFileSync(join(root, 'vendor/kubeflow/demo@1.0.0/demo.libsonnet'), 'utf8')).toBe("{ marker: 'from v1' }\n");
    expect(existsSync(join(root, 'vendor/kubeflow/demo@1.0.0/README.md'))).toBe(false);
    expect(lockOf(root).packages['kubeflow/demo']).toMatchObject({ uri, version: '1.0.0', resolved: repo.v1 });

    // Without the repository, everything the lock and vendor/ cover still works.
    const moved = `${repo.dir}-away`;
    renameSync(repo.dir, moved);
    const before = snapshotTree(root);
    expect(await ok(root, 'pkg', 'install', 'kubeflow/demo')).toBe('kubeflow/demo@1.0.0 is already installed; nothing to do\n');
    expect(snapshotTree(root)).toEqual(before);
    expect(await ok(root, 'pkg', 'describe', 'kubeflow/demo')).toMatch(/io\.ksonnet\.pkg\.demo\s+from v1/);
    expect(await ok(root, 'pkg', 'list', '--installed')).toMatch(/kubeflow\/demo\s+1\.0\.0\s+1\.0\.0/);

    // vendor/ deleted: restored from the cache at the locked commit, still without the repository.
    rmSync(join(root, 'vendor'), { recursive: true });
    expect(await ok(root, 'pkg', 'install', 'kubeflow/demo')).toBe('reinstalled kubeflow/demo@1.0.0 into vendor/kubeflow/demo@1.0.0\n');
    expect(snapshotTree(root)).toEqual(before);

    // Cache deleted too: now the repository is needed, and its absence is one clear line.
    rmSync(join(root, 'vendor'), { recursive: true });
    rmSync(join(root, '.kf'), { recursive: true });
    const error = await refused(root, 'pkg', 'install', 'kubeflow/demo');
    expect(error).toMatch(new RegExp(`^kf: cannot fetch ${repo.url} at ${repo.v1}: .*\\(check the repository URL and ref`));

    renameSync(moved, repo.dir);
    await ok(root, 'pkg', 'install', 'kubeflow/demo');
    expect(readFileSync(join(root, 'vendor/kubeflow/demo@1.0.0/demo.libsonnet'), 'utf8')).toBe("{ marker: 'from v1' }\n");
    expect(lockOf(root).packages['kubeflow/demo'].resolved).toBe(repo.v1);
  });

  it('keeps a branch-tracking registry at the locked commit until --force', async () => {
    const repo = await makeRepo();
    const root = makeApp();
    await ok(root, 'registry', 'add', 'kf', `${repo.url}//kubeflow?ref=main`);
    await ok(root, 'pkg', 'install', 'kf/demo');
    expect(lockOf(root).packages['kf/demo']).toMatchObject({ version: '2.0.0', resolved: repo.v2 });

    writeDemoRegistry(join(repo.dir, 'kubeflow'), '2.0.0', 'moved on');
    await git(repo.dir, 'commit', '--quiet', '-am', 'main moves');
    const head = await git(repo.dir, 'rev-parse', 'HEAD');

    rmSync(join(root, 'vendor'), { recursive: true });
    rmSync(join(root, '.kf'), { recursive: true });
    expect(await ok(root, 'pkg', 'install', 'kf/demo')).toMatch(/^reinstalled kf\/demo@2\.0\.0/);
    expect(readFileSync(join(root, 'vendor/kf/demo@2.0.0/demo.libsonnet'), 'utf8')).toBe("{ marker: 'from v2' }\n");
    expect(lockOf(root).packages['kf/demo'].resolved).toBe(repo.v2);

    expect(await ok(root, 'pkg', 'install', 'kf/demo', '--force')).toMatch(/^reinstalled kf\/demo@2\.0\.0/);
    expect(readFileSync(join(root, 'vendor/kf/demo@2.0.0/demo.libsonnet'), 'utf8')).toBe("{ marker: 'moved on' }\n");
    expect(lockOf(root).packages['kf/demo'].resolved).toBe(head);
  });

  it('switches tags with registry set and upgrades with --force', async () => {
    const repo = await makeRepo();
    const root = makeApp();
    await ok(root, 'registry', 'add', 'kf', `${repo.url}//kubeflow?ref=v1`);
    await ok(root, 'pkg', 'install', 'kf/demo');
    expect(await ok(root, 'registry', 'set', 'kf', '--uri', `${repo.url}//kubeflow?ref=${repo.v2}`)).toBe(
      `Registry 'kf' now uses git ${repo.url} folder kubeflow at ${repo.v2} (${repo.v2})\n`,
    );
    // Only the new URI's copy stays in the cache.
    const cached = readdirSync(join(root, '.kf/cache/registries'));
    expect(cached).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(root, '.kf/cache/registries', cached[0], 'meta.json'), 'utf8'))).toEqual({
      uri: `${repo.url}//kubeflow?ref=${repo.v2}`,
      resolved: repo.v2,
    });
    // The installed package stays as locked until it is replaced on purpose.
    expect(await ok(root, 'pkg', 'install', 'kf/demo')).toMatch(/already installed/);
    expect(await ok(root, 'pkg', 'install', 'kf/demo@2.0.0', '--force')).toBe(
      'replaced kf/demo@1.0.0 with kf/demo@2.0.0 into vendor/kf/demo@2.0.0\n',
    );
    expect(lockOf(root).packages['kf/demo']).toMatchObject({ version: '2.0.0', resolved: repo.v2 });
  });

  it('refuses unknown refs, missing sub-folders and links leaving a package, with no change', async () => {
    const repo = await makeRepo();
    mkdirSync(join(repo.dir, 'kubeflow', 'evil'));
    symlinkSync('/etc/passwd', join(repo.dir, 'kubeflow', 'evil', 'leak.libsonnet'));
    writeFileSync(
      join(repo.dir, 'kubeflow', 'registry.yaml'),
      readFileSync(join(repo.dir, 'kubeflow', 'registry.yaml'), 'utf8') + '  evil:\n    path: evil\n    version: 1.0.0\n',
    );
    await git(repo.dir, 'add', '.');
    await git(repo.dir, 'commit', '--quiet', '-m', 'evil');
    await git(repo.dir, 'tag', 'v3');
    const root = makeApp();

    expect(await refused(root, 'registry', 'add', 'kf', `${repo.url}//kubeflow?ref=nope`)).toMatch(
      new RegExp(`^kf: cannot fetch ${repo.url} at nope: couldn't find remote ref nope`),
    );
    expect(await refused(root, 'registry', 'add', 'kf', `${repo.url}//missing?ref=v1`)).toBe(
      `kf: no registry.yaml in git ${repo.url} folder missing at v1 (a registry folder needs a registry.yaml at its root; see ${kfDocsFile('registry-format.md')})`,
    );
    expect(await refused(root, 'registry', 'add', 'kf', `file://${repo.dir}-nowhere.git//kubeflow?ref=v1`)).toMatch(/^kf: cannot fetch /);

    await ok(root, 'registry', 'add', 'kf', `${repo.url}//kubeflow?ref=v3`);
    expect(await refused(root, 'pkg', 'install', 'kf/evil')).toBe(
      'kf: package kf/evil: symlink leak.libsonnet points outside the package or nowhere (/etc/passwd) (registries may only contain links that stay inside the package folder)',
    );
    expect(existsSync(join(root, 'vendor'))).toBe(false);
  });
});
