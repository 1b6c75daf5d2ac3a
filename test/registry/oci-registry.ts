// The OCI registry the chart tests run (distribution v3, built from test/registry/go-registry) on
// 127.0.0.1, one process per configuration, and the free loopback ports they listen on.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { goBinary } from '../helpers/go-binary.js';

export function registryBinary(): string {
  return goBinary('registry/go-registry', 'oci-registry', 'github.com/distribution/distribution/v3/cmd/registry');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Starts a registry on 127.0.0.1:`port` storing under `dir`, with `settings` over the defaults
 * (`http` replaces the default's); resolves once it answers. The caller stops the process.
 */
export async function startRegistry(binary: string, dir: string, name: string, port: number, settings: object): Promise<ChildProcess> {
  const config = {
    version: 0.1,
    log: { level: 'error', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: join(dir, 'storage') }, maintenance: { uploadpurging: { enabled: false } } },
    http: { addr: `127.0.0.1:${port}`, secret: 'kf-test' },
    ...settings,
  };
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(binary, ['serve', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; i < 300; i++) {
    const status = await fetch(`http://127.0.0.1:${port}/v2/`).then(
      (r) => r.status,
      () => 0,
    );
    // any answer (a TLS registry answers plain http with 400)
    if (status !== 0) return child;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`registry ${name} did not start on 127.0.0.1:${port}:\n${stderr}`);
}
