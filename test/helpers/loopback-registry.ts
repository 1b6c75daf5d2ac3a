// A read-only npm registry on 127.0.0.1 that serves kf's production dependencies out of the local
// npm cache, so a test can run a real `npm install -g <kf tarball>` without any network: the
// packuments are built from package-lock.json (every version the lock names), the tarballs are
// read from ~/.npm/_cacache by their integrity (where `npm ci` left them). A package the lock
// does not name, or a tarball missing from the cache, is a 404 that names it — never a fetch.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

interface LockEntry {
  version?: string;
  integrity?: string;
  dev?: boolean;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, unknown>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  os?: string[];
  cpu?: string[];
}

export interface LoopbackRegistry {
  url: string;
  /** Requests answered 404 (a dependency the lock or the cache lacks). */
  misses: string[];
  close(): Promise<void>;
}

/** The cacache content file of an `sha512-…` integrity. */
export function cachedTarball(integrity: string, cacheDir = join(homedir(), '.npm', '_cacache')): string {
  const [algorithm, digest] = integrity.split(' ')[0].split(/-(.*)/s);
  const hex = Buffer.from(digest, 'base64').toString('hex');
  return join(cacheDir, 'content-v2', algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

/** Production packages of a lockfile: name → version → entry. */
export function productionPackages(lockFile: string): Map<string, Map<string, LockEntry>> {
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { packages: Record<string, LockEntry> };
  const out = new Map<string, Map<string, LockEntry>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.link || !entry.version || !entry.integrity) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!out.has(name)) out.set(name, new Map());
    out.get(name)!.set(entry.version, entry);
  }
  return out;
}

export async function startLoopbackRegistry(lockFile: string): Promise<LoopbackRegistry> {
  const packages = productionPackages(lockFile);
  const misses: string[] = [];
  let url = '';
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname).slice(1);
    const tarball = /^(.+)\/-\/[^/]+-(\d[^/]*)\.tgz$/.exec(path);
    if (tarball) {
      const entry = packages.get(tarball[1])?.get(tarball[2]);
      const file = entry?.integrity === undefined ? undefined : cachedTarball(entry.integrity);
      if (file === undefined || !existsSync(file)) return notFound(path);
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(readFileSync(file));
      return;
    }
    const versions = packages.get(path);
    if (!versions) return notFound(path);
    const packument = {
      name: path,
      'dist-tags': { latest: [...versions.keys()].at(-1) },
      versions: Object.fromEntries(
        [...versions].map(([version, entry]) => [
          version,
          {
            name: path,
            version,
            dependencies: entry.dependencies,
            optionalDependencies: entry.optionalDependencies,
            peerDependencies: entry.peerDependencies,
            peerDependenciesMeta: entry.peerDependenciesMeta,
            bin: entry.bin,
            engines: entry.engines,
            os: entry.os,
            cpu: entry.cpu,
            dist: {
              integrity: entry.integrity,
              tarball: `${url}${path}/-/${path.split('/').pop()}-${version}.tgz`,
            },
          },
        ]),
      ),
    };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(packument));

    function notFound(what: string) {
      misses.push(what);
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: `${what} is not in package-lock.json or not in the npm cache` }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    misses,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
