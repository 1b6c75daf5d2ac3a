// Shared pieces of the registry tests: small registries written on the fly, a kf app without
// `kf init`, a git repository with tags, and a loopback HTTP server for archives.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { execa } from 'execa';
import { initialAppYaml } from '../../src/app/app-file.js';
import { REPO_ROOT, tempDir } from '../helpers/run-kf.js';

export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'registries');

/** An app directory with app.yaml (and a `dev` environment), independent of `kf init`. */
export function makeApp(): string {
  const root = join(tempDir('kf-reg-app-'), 'app');
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'app.yaml'),
    initialAppYaml('app').replace('environments: {}', 'environments:\n  dev:\n    namespace: dev\n  prod:\n    namespace: prod'),
  );
  return root;
}

/** Writes a one-package registry (`demo`, version `version`) whose prototype says `marker`. */
export function writeDemoRegistry(dir: string, version: string, marker: string): void {
  mkdirSync(join(dir, 'demo', 'prototypes'), { recursive: true });
  writeFileSync(
    join(dir, 'registry.yaml'),
    `apiVersion: '0.1'\nkind: ksonnet.io/registry\nlibraries:\n  demo:\n    path: demo\n    version: ${version}\n    description: Demo package\n`,
  );
  writeFileSync(join(dir, 'demo', 'parts.yaml'), `name: demo\ndescription: Demo package\nauthor: tests\nlicense: Apache 2.0\n`);
  writeFileSync(
    join(dir, 'demo', 'prototypes', 'demo.jsonnet'),
    `// @apiVersion 0.0.1\n// @name io.ksonnet.pkg.demo\n// @shortDescription ${marker}\n// @param name string Name\n{ kind: 'ConfigMap', metadata: { name: import 'param://name' } }\n`,
  );
  writeFileSync(join(dir, 'demo', 'demo.libsonnet'), `{ marker: '${marker}' }\n`);
}

export function copyFixture(name: string, to: string): string {
  cpSync(join(FIXTURES, name), to, { recursive: true });
  return to;
}

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const result = await execa('git', ['-c', 'user.email=test@kf.dev', '-c', 'user.name=kf tests', ...args], { cwd });
  return result.stdout.trim();
}

/** Serves `files` (URL path → bytes) on 127.0.0.1; counts requests. */
export async function serve(files: Map<string, Buffer>): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = files.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
