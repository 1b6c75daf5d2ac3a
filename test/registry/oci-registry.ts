// The OCI registry the chart tests run (distribution v3, built from test/registry/go-registry) on
// 127.0.0.1, one process per configuration, the free loopback ports they listen on, and a token
// service for registries that want bearer tokens.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
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

export interface TokenRequest {
  service: string | null;
  scope: string | null;
  authorization?: string;
}

/**
 * Docker's token protocol, as a request listener (for an http or https server): ES256 JWTs granting
 * pull of the asked repository, `private/…` only with `login` (anonymous tokens get no access to
 * it, as Docker Hub answers); a wrong login is refused outright. The key's JWKS, which the registry's
 * `auth.token.jwks` names, is written to `jwksFile`; each request is added to `requests`.
 */
export function tokenService(jwksFile: string, issuer: string, requests: TokenRequest[], login?: string): RequestListener {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = 'kf-test-key';
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' }] }));
  const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');
  return (req, res) => {
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    const authorization = req.headers.authorization;
    requests.push({ service: query.get('service'), scope: query.get('scope'), authorization });
    if (authorization !== undefined && authorization !== login) {
      res.writeHead(401).end();
      return;
    }
    const [type, name, actions] = (query.get('scope') ?? '').split(':');
    const granted = type === 'repository' && name !== undefined && (!name.startsWith('private/') || authorization === login);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer,
      sub: '',
      aud: query.get('service'),
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access: granted ? [{ type, name, actions: actions?.split(',') }] : [],
    };
    const signed = `${b64({ alg: 'ES256', typ: 'JWT', kid })}.${b64(claims)}`;
    const signature = sign('sha256', Buffer.from(signed), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `${signed}.${b64(signature)}` }));
  };
}
