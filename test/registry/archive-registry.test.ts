// .tar.gz registries downloaded with fetch() from a node:http server on 127.0.0.1 (plain http is
// allowed only on loopback; the same code path serves https URLs), through the real kf binary.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create } from 'tar';
import { parse } from 'yaml';
import { ensureBuilt, runKf, snapshotTree, tempDir } from '../helpers/run-kf.js';
import { makeApp, serve, writeDemoRegistry } from './helpers.js';
import { tarGz } from './tar-builder.js';

let server: Awaited<ReturnType<typeof serve>>;
const files = new Map<string, Buffer>();

/** A GitHub-style archive: one top-level folder holding the registry. */
async function registryArchive(version: string, marker: string): Promise<Buffer> {
  const dir = tempDir('kf-archive-src-');
  writeDemoRegistry(join(dir, `kubeflow-${version}`), version, marker);
  const file = join(dir, 'out.tar.gz');
  await create({ gzip: true, cwd: dir, file, portable: true }, [`kubeflow-${version}`]);
  return readFileSync(file);
}

beforeAll(async () => {
  ensureBuilt();
  files.set('/kubeflow.tar.gz', await registryArchive('1.0.0', 'from the archive'));
  const registry = [
    { path: 'reg/registry.yaml', type: 'file' as const, content: 'kind: ksonnet.io/registry\nlibraries:\n  demo: {path: demo, version: 1.0.0}\n' },
    { path: 'reg/demo/parts.yaml', type: 'file' as const, content: 'name: demo\n' },
  ];
  files.set('/traversal.tar.gz', tarGz([...registry, { path: 'reg/demo/../../../../escaped.txt', type: 'file', content: 'pwned' }]));
  files.set('/symlink.tar.gz', tarGz([...registry, { path: 'reg/demo/leak.libsonnet', type: 'symlink', linkpath: '../../../../../etc/passwd' }]));
  server = await serve(files);
}, 300_000);

afterAll(async () => server?.close());

async function ok(root: string, ...args: string[]): Promise<string> {
  const result = await runKf(args, { cwd: root });
  expect(result.stderr, `kf ${args.join(' ')}`).toBe('');
  expect(result.exitCode).toBe(0);
  return result.stdout;
}

async function refused(root: string, ...args: string[]): Promise<string> {
  const before = snapshotTree(root);
  const result = await runKf(args, { cwd: root });
  expect(result.exitCode).toBe(1);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(snapshotTree(root)).toEqual(before);
  return result.stderr.trim();
}

describe('archive registries', { timeout: 300_000 }, () => {
  it('installs from a .tar.gz URL, locks the archive hash and works offline afterwards', async () => {
    const root = makeApp();
    const url = `${server.url}/kubeflow.tar.gz`;
    const archiveHash = `sha256:${createHash('sha256').update(files.get('/kubeflow.tar.gz')!).digest('hex')}`;
    expect(await ok(root, 'registry', 'add', 'kubeflow', url)).toBe(`Added registry 'kubeflow' (archive ${url}, ${archiveHash}): 1 package\n`);
    expect(await ok(root, 'pkg', 'install', 'kubeflow/demo')).toBe('installed kubeflow/demo@1.0.0 into vendor/kubeflow/demo@1.0.0\n');
    expect(readFileSync(join(root, 'vendor/kubeflow/demo@1.0.0/demo.libsonnet'), 'utf8')).toBe("{ marker: 'from the archive' }\n");
    const lock = parse(readFileSync(join(root, 'kf.lock'), 'utf8'));
    expect(lock.packages['kubeflow/demo']).toMatchObject({ uri: url, version: '1.0.0', resolved: archiveHash });
    const requests = server.requests.length;

    // No server requests for anything the lock, vendor/ and the cache cover.
    expect(await ok(root, 'pkg', 'install', 'kubeflow/demo')).toMatch(/already installed; nothing to do/);
    expect(await ok(root, 'registry', 'describe', 'kubeflow')).toMatch(/demo\s+1\.0\.0\s+1\.0\.0\s+Demo package/);
    rmSync(join(root, 'vendor'), { recursive: true });
    expect(await ok(root, 'pkg', 'install', 'kubeflow/demo')).toMatch(/^reinstalled kubeflow\/demo@1\.0\.0/);
    expect(server.requests.length).toBe(requests);

    // With the cache gone the archive is downloaded again and checked against the lock.
    rmSync(join(root, '.kf'), { recursive: true });
    rmSync(join(root, 'vendor'), { recursive: true });
    expect(await ok(root, 'pkg', 'install', 'kubeflow/demo')).toMatch(/^reinstalled/);
    expect(server.requests.length).toBe(requests + 1);

    // A changed archive behind the same URL is refused rather than silently installed.
    rmSync(join(root, '.kf'), { recursive: true });
    rmSync(join(root, 'vendor'), { recursive: true });
    files.set('/kubeflow.tar.gz', await registryArchive('1.0.0', 'swapped'));
    expect(await refused(root, 'pkg', 'install', 'kubeflow/demo')).toMatch(
      /^kf: registry archive .* changed since kf\.lock was written .* \(use --force to accept the new content\)$/,
    );
    expect(await ok(root, 'pkg', 'install', 'kubeflow/demo', '--force')).toMatch(/^reinstalled/);
    expect(readFileSync(join(root, 'vendor/kubeflow/demo@1.0.0/demo.libsonnet'), 'utf8')).toBe("{ marker: 'swapped' }\n");
  });

  it('works offline from the lock when the server is gone', async () => {
    const local = await serve(new Map([['/r.tar.gz', await registryArchive('3.1.0', 'local')]]));
    const root = makeApp();
    await ok(root, 'registry', 'add', 'r', `${local.url}/r.tar.gz`);
    await ok(root, 'pkg', 'install', 'r/demo');
    await local.close();
    expect(await ok(root, 'pkg', 'install', 'r/demo')).toBe('r/demo@3.1.0 is already installed; nothing to do\n');
    expect(await ok(root, 'pkg', 'describe', 'r/demo')).toMatch(/io\.ksonnet\.pkg\.demo\s+local/);
    rmSync(join(root, '.kf'), { recursive: true });
    rmSync(join(root, 'vendor'), { recursive: true });
    expect(await refused(root, 'pkg', 'install', 'r/demo')).toMatch(new RegExp(`^kf: cannot download ${local.url}/r\\.tar\\.gz: ECONNREFUSED`));
  });

  it('reads a local archive path with a //sub-folder, typed from a sub-folder of the app', async () => {
    const root = makeApp();
    const source = tempDir('kf-archive-local-');
    writeDemoRegistry(join(source, 'bundle', 'kubeflow'), '2.0.0', 'from a local archive');
    const archive = join(dirname(root), 'bundle.tar.gz');
    await create({ gzip: true, cwd: source, file: archive, portable: true }, ['bundle']);
    mkdirSync(join(root, 'components'), { recursive: true });
    const result = await runKf(['registry', 'add', 'local', '../../bundle.tar.gz//bundle/kubeflow'], { cwd: join(root, 'components') });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Added registry 'local' \(archive file:.*\/bundle\.tar\.gz folder bundle\/kubeflow, sha256:[0-9a-f]{64}\): 1 package\n$/);
    expect(parse(readFileSync(join(root, 'app.yaml'), 'utf8')).registries).toEqual({ local: { uri: '../bundle.tar.gz//bundle/kubeflow' } });
    expect(await ok(root, 'pkg', 'install', 'local/demo')).toBe('installed local/demo@2.0.0 into vendor/local/demo@2.0.0\n');
  });

  it('refuses a path-traversal archive and writes nothing anywhere', async () => {
    const root = makeApp();
    const parent = dirname(root);
    expect(await refused(root, 'registry', 'add', 'evil', `${server.url}/traversal.tar.gz`)).toBe(
      `kf: registry archive ${server.url}/traversal.tar.gz refused: entry reg/demo/../../../../escaped.txt contains '..' (archives may not write outside their folder; ask the registry owner to fix it)`,
    );
    expect(readdirSync(parent)).toEqual(['app']);
    expect(existsSync(join(dirname(parent), 'escaped.txt'))).toBe(false);
    expect(existsSync(join(root, '.kf'))).toBe(false);
  });

  it('refuses an archive with a symlink pointing outside', async () => {
    const root = makeApp();
    expect(await refused(root, 'registry', 'add', 'evil', `${server.url}/symlink.tar.gz`)).toMatch(
      /^kf: registry archive .*\/symlink\.tar\.gz refused: symlink reg\/demo\/leak\.libsonnet points outside the archive/,
    );
    expect(existsSync(join(root, '.kf'))).toBe(false);
  });

  it('reports unreachable and missing archives in one line', async () => {
    const root = makeApp();
    expect(await refused(root, 'registry', 'add', 'gone', `${server.url}/missing.tar.gz`)).toBe(
      `kf: cannot download ${server.url}/missing.tar.gz: HTTP 404 Not Found (check the registry URI)`,
    );
    writeFileSync(join(root, 'junk.tar.gz'), 'not gzip');
    expect(await refused(root, 'registry', 'add', 'junk', './junk.tar.gz')).toMatch(/^kf: registry archive file:.*junk\.tar\.gz is not a valid \.tar\.gz archive/);
  });
});
