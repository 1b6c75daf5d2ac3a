import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { downloadArchive, extractArchive } from '../../src/registry/archive.js';
import { serve } from './helpers.js';
import { tempDir } from '../helpers/run-kf.js';
import { tarGz, type RawEntry } from './tar-builder.js';

async function extractInto(entries: RawEntry[]): Promise<{ base: string; dest: string; error?: Error }> {
  const base = tempDir('kf-archive-');
  const file = join(base, 'a.tar.gz');
  writeFileSync(file, tarGz(entries));
  const dest = join(base, 'inner', 'dest');
  try {
    await extractArchive(file, dest, 'registry archive test');
    return { base, dest };
  } catch (error) {
    return { base, dest, error: error as Error };
  }
}

describe('archive extraction', () => {
  it('extracts a well-formed archive, including links that stay inside', async () => {
    const { dest, error } = await extractInto([
      { path: 'reg/', type: 'dir' },
      { path: 'reg/registry.yaml', type: 'file', content: 'kind: ksonnet.io/registry\n' },
      { path: 'reg/pkg/a.libsonnet', type: 'file', content: '{}' },
      { path: 'reg/pkg/b.libsonnet', type: 'symlink', linkpath: 'a.libsonnet' },
    ]);
    expect(error).toBeUndefined();
    expect(readFileSync(join(dest, 'reg', 'registry.yaml'), 'utf8')).toBe('kind: ksonnet.io/registry\n');
    expect(readFileSync(join(dest, 'reg', 'pkg', 'b.libsonnet'), 'utf8')).toBe('{}');
  });

  it.each<[string, RawEntry[], RegExp]>([
    ['a .. path', [{ path: 'reg/../../evil.txt', type: 'file', content: 'x' }], /entry reg\/\.\.\/\.\.\/evil\.txt contains '\.\.'/],
    ['an absolute path', [{ path: '/tmp/kf-evil-absolute.txt', type: 'file', content: 'x' }], /has an absolute path/],
    ['a symlink leaving the folder', [{ path: 'reg/up', type: 'symlink', linkpath: '../../..' }], /symlink reg\/up points outside/],
    ['an absolute symlink', [{ path: 'reg/etc', type: 'symlink', linkpath: '/etc' }], /symlink reg\/etc points outside/],
    [
      'a file written through a symlink',
      [
        { path: 'reg/here', type: 'symlink', linkpath: '.' },
        { path: 'reg/here/x.txt', type: 'file', content: 'x' },
      ],
      /written through a symlink/,
    ],
    ['a hard link', [{ path: 'reg/h', type: 'hardlink', linkpath: '/etc/passwd' }], /is a Link/],
  ])('refuses an archive with %s and writes nothing', async (_name, entries, message) => {
    const { base, dest, error } = await extractInto([{ path: 'reg/ok.txt', type: 'file', content: 'ok' }, ...entries]);
    expect(error?.message).toMatch(message);
    expect(error?.message).toMatch(/^registry archive test refused: /);
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(base).sort()).toEqual(['a.tar.gz']);
    expect(existsSync('/tmp/kf-evil-absolute.txt')).toBe(false);
  });

  it('refuses data that is not a gzip tar archive', async () => {
    const base = tempDir('kf-archive-');
    writeFileSync(join(base, 'a.tar.gz'), 'this is not an archive');
    await expect(extractArchive(join(base, 'a.tar.gz'), join(base, 'd'), 'registry archive junk')).rejects.toThrow(
      /registry archive junk/,
    );
  });
});

describe('archive download', () => {
  it('streams to disk with a sha256 and refuses bodies over the limit', async () => {
    const body = Buffer.alloc(300_000, 7);
    const server = await serve(new Map([['/big.tar.gz', body]]));
    try {
      const dir = tempDir('kf-download-');
      const hash = await downloadArchive(`${server.url}/big.tar.gz`, join(dir, 'ok.tar.gz'));
      expect(hash).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`);
      expect(readFileSync(join(dir, 'ok.tar.gz')).equals(body)).toBe(true);
      await expect(downloadArchive(`${server.url}/big.tar.gz`, join(dir, 'no.tar.gz'), { maxBytes: 100_000 })).rejects.toThrow(
        /registry archive .*big\.tar\.gz is larger than 98 KiB/,
      );
      await expect(downloadArchive(`${server.url}/none.tar.gz`, join(dir, 'none.tar.gz'))).rejects.toThrow(/HTTP 404/);
    } finally {
      await server.close();
    }
  });
});

describe('download headers', () => {
  it('sends them to the first origin and drops them at a redirect to another (a registry token never reaches its CDN)', async () => {
    const seen: { host: string; authorization?: string }[] = [];
    const body = tarGz([{ path: 'chart/Chart.yaml', type: 'file', content: 'name: chart\n' }]);
    const listen = (host: string, handle: (res: import('node:http').ServerResponse) => void) =>
      new Promise<import('node:http').Server>((resolve) => {
        const server = createServer((req, res) => {
          seen.push({ host, authorization: req.headers.authorization });
          handle(res);
        });
        server.listen(0, host, () => resolve(server));
      });
    const cdn = await listen('127.0.0.2', (res) => res.writeHead(200).end(body));
    const cdnPort = (cdn.address() as { port: number }).port;
    const registry = await listen('127.0.0.1', (res) =>
      res.writeHead(307, { location: `http://127.0.0.2:${cdnPort}/blob` }).end(),
    );
    try {
      const file = join(tempDir('kf-archive-'), 'chart.tgz');
      const digest = await downloadArchive(`http://127.0.0.1:${(registry.address() as { port: number }).port}/v2/x/blobs/y`, file, {
        headers: { authorization: 'Bearer secret' },
      });
      expect(digest).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`);
      expect(seen).toEqual([
        { host: '127.0.0.1', authorization: 'Bearer secret' },
        { host: '127.0.0.2', authorization: undefined },
      ]);
    } finally {
      await new Promise((resolve) => registry.close(resolve));
      await new Promise((resolve) => cdn.close(resolve));
    }
  });
});
