// kf chart add / vendor / list against a real OCI registry (distribution v3, built from its Go
// module) on 127.0.0.1, holding charts pushed by the real `helm push`. The registry kf reads from
// demands bearer tokens, as ghcr.io and Docker Hub do, from a token service of this test (ES256
// JWTs the registry verifies against its JWKS); a second registry on the same storage takes the
// pushes without auth, a third serves it over TLS. What kf vendors is compared with what
// `helm pull --untar` (which Tanka runs for oci:// repositories) unpacks from the same registry.
// (Tanka v0.38's own `tk tool charts vendor` cannot be the oracle: with helm v4 it fails on an oci://
// repository in `helm repo update` before pulling anything.)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { selfSignedCert } from '../helpers/self-signed-cert.js';
import { REPO_ROOT, runKf, tempDir } from '../helpers/run-kf.js';
import { helmBinary } from '../tanka/harness.js';
import { freePort, registryBinary, startRegistry, tokenService, type TokenRequest } from './oci-registry.js';

const DEMO = join(REPO_ROOT, 'test', 'fixtures', 'charts', 'demo');
const SERVICE = 'kf-test-registry';
const ISSUER = 'kf-test-token-service';

const registries: ChildProcess[] = [];
let tokenServer: Server;
/** the scopes the token service was asked for */
const tokenRequests: TokenRequest[] = [];
const LOGIN = `Basic ${Buffer.from('kf-user:s3cret').toString('base64')}`;
let pushUrl: string;
let pullHost: string;
let tlsHost: string;
let certFile: string;
let helmEnv: NodeJS.ProcessEnv;

/** An image (one layer, not a chart) pushed with the distribution API itself. */
async function pushImage(base: string, name: string, tag: string): Promise<void> {
  const put = async (content: Buffer): Promise<string> => {
    const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    const upload = await fetch(`${base}/v2/${name}/blobs/uploads/`, { method: 'POST' });
    const location = new URL(upload.headers.get('location') ?? '', base);
    location.searchParams.set('digest', digest);
    const done = await fetch(location, { method: 'PUT', body: content, headers: { 'content-type': 'application/octet-stream' } });
    expect(done.status).toBe(201);
    return digest;
  };
  const config = Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
  const layer = Buffer.from('not a chart');
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: await put(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: await put(layer), size: layer.length }],
  };
  const response = await fetch(`${base}/v2/${name}/manifests/${tag}`, {
    method: 'PUT',
    body: JSON.stringify(manifest),
    headers: { 'content-type': manifest.mediaType },
  });
  expect(response.status).toBe(201);
}

function helm(...args: string[]): string {
  return execFileSync(helmBinary(), args, { env: helmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Every file under `dir` with its content, relative paths sorted. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

beforeAll(async () => {
  const binary = registryBinary();
  const dir = tempDir('kf-oci-');
  const home = join(dir, 'helm-home');
  mkdirSync(home);
  helmEnv = {
    ...process.env,
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
  };

  const tokens = tokenService(join(dir, 'jwks.json'), ISSUER, tokenRequests, LOGIN);
  tokenServer = createServer(tokens);
  await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
  const realm = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;

  const [open, guarded] = [await freePort(), await freePort()];
  registries.push(await startRegistry(binary, dir, 'open', open, {}));
  registries.push(
    await startRegistry(binary, dir, 'guarded', guarded, {
    auth: { token: { realm, service: SERVICE, issuer: ISSUER, jwks: join(dir, 'jwks.json') } },
    // at most 2 tags a page: kf reads the versions through the Link header
    tags: { maxtags: 2 },
    }),
  );
  // and one that speaks TLS, with a certificate of its own
  const tls = await freePort();
  const { cert, key } = selfSignedCert('IP:127.0.0.1');
  writeFileSync((certFile = join(dir, 'cert.pem')), cert);
  writeFileSync(join(dir, 'key.pem'), key);
  registries.push(
    await startRegistry(binary, dir, 'tls', tls, {
      http: { addr: `127.0.0.1:${tls}`, secret: 'kf-test', tls: { certificate: certFile, key: join(dir, 'key.pem') } },
    }),
  );
  pushUrl = `oci://127.0.0.1:${open}/charts`;
  pullHost = `127.0.0.1:${guarded}`;
  tlsHost = `127.0.0.1:${tls}`;

  for (const version of ['0.3.1', '0.4.0', '1.0.0+build.1'])
    helm('package', DEMO, '--version', version, '--destination', dir);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tgz'))) {
    helm('push', join(dir, file), pushUrl, '--plain-http');
    if (file === 'demo-0.3.1.tgz') helm('push', join(dir, file), `oci://127.0.0.1:${open}/private`, '--plain-http');
  }
  await pushImage(`http://127.0.0.1:${open}`, 'images/demo', '1.0.0');
}, 900_000);

afterAll(async () => {
  for (const child of registries) child.kill();
  if (tokenServer !== undefined) await new Promise<void>((resolve) => tokenServer.close(() => resolve()));
});

describe('kf chart with an OCI registry', () => {
  let app: string;
  const kf = (...args: string[]) => runKf(args, { cwd: app, env: helmEnv });

  beforeAll(async () => {
    app = join(tempDir('kf-oci-app-'), 'app');
    expect((await runKf(['init', app, '--env', 'dev'])).exitCode).toBe(0);
  }, 600_000);

  it('the registry kf reads from refuses requests without a token', async () => {
    const response = await fetch(`http://${pullHost}/v2/charts/demo/tags/list`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain(`service="${SERVICE}"`);
  });

  it('vendors a chart with an anonymous token: the same files helm pull unpacks', async () => {
    const url = `oci://${pullHost}/charts`;
    expect((await kf('chart', 'add-repo', 'reg', url)).stdout).toBe(`Added chart repository 'reg' (${url})\n`);
    const add = await kf('chart', 'add', 'reg/demo@0.3.1');
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('Vendored reg/demo@0.3.1 in charts/demo\n');
    expect(tokenRequests).toContainEqual({ service: SERVICE, scope: 'repository:charts/demo:pull', authorization: undefined });

    const pulled = tempDir('kf-oci-helm-pull-');
    helm('pull', `${pushUrl}/demo`, '--version', '0.3.1', '--plain-http', '--untar', '--destination', pulled);
    expect(tree(join(app, 'charts', 'demo'))).toEqual(tree(join(pulled, 'demo')));
    expect(parseYaml(readFileSync(join(app, 'chartfile.yaml'), 'utf8'))).toEqual({
      version: 1,
      repositories: [{ name: 'reg', url }],
      requires: [{ chart: 'reg/demo', version: '0.3.1' }],
    });
  });

  it("finds a version with build metadata under Helm's tag ('+' written '_')", async () => {
    const add = await kf('chart', 'add', 'reg/demo@1.0.0+build.1:demo-build');
    expect(add.stdout).toBe('Vendored reg/demo@1.0.0+build.1 in charts/demo-build\n');
    expect(parseYaml(readFileSync(join(app, 'charts', 'demo-build', 'Chart.yaml'), 'utf8')).version).toBe('1.0.0+build.1');
  });

  it('lists the versions the registry has, newest first, for a missing one; and the latest', async () => {
    const missing = await kf('chart', 'add', 'reg/demo@9.9.9');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe("kf: repository 'reg' has no version 9.9.9 of 'demo' (versions it has: 1.0.0+build.1, 0.4.0, 0.3.1)\n");
    const latest = await kf('chart', 'list', '--latest', '-o', 'json');
    expect(JSON.parse(latest.stdout)).toEqual([
      { chart: 'reg/demo', version: '0.3.1', path: 'charts/demo', vendored: '0.3.1', latest: '1.0.0+build.1', latestSameMajor: '0.4.0' },
      { chart: 'reg/demo', version: '1.0.0+build.1', path: 'charts/demo-build', vendored: '1.0.0+build.1', latest: '1.0.0+build.1', latestSameMajor: '1.0.0+build.1' },
    ]);
  });

  it('refuses what is not a chart, and a private chart without a login; changes nothing', async () => {
    expect((await kf('chart', 'add-repo', 'images', `oci://${pullHost}/images`)).exitCode).toBe(0);
    expect((await kf('chart', 'add-repo', 'private', `oci://${pullHost}/private`)).exitCode).toBe(0);
    const afterRepos = readFileSync(join(app, 'chartfile.yaml'), 'utf8');
    const image = await kf('chart', 'add', 'images/demo@1.0.0:image');
    expect(image.exitCode).toBe(1);
    expect(image.stderr).toBe(
      `kf: oci://${pullHost}/images/demo:1.0.0 is not a Helm chart (its layers: application/vnd.oci.image.layer.v1.tar+gzip) (push charts with \`helm push\`; a container image cannot be vendored as a chart)\n`,
    );
    const closed = await kf('chart', 'add', 'private/demo@0.3.1:private');
    expect(closed.exitCode).toBe(1);
    expect(closed.stderr).toBe(
      `kf: http://${pullHost}/v2/private/demo/manifests/0.3.1: the registry wants credentials (HTTP 401) (log in with \`helm registry login ${pullHost}\` (kf reads Helm's ${join(helmEnv.HELM_CONFIG_HOME as string, 'registry', 'config.json')}); registries also answer so for a repository that does not exist)\n`,
    );
    const credentials = await kf('chart', 'add-repo', 'mine', 'oci://me:secret@ghcr.io/me/charts');
    expect(credentials.exitCode).toBe(2);
    expect(credentials.stderr).toMatch(/kf keeps credentials out of chartfile\.yaml/);
    expect(readFileSync(join(app, 'chartfile.yaml'), 'utf8')).toBe(afterRepos);
    expect(readdirSync(join(app, 'charts')).sort()).toEqual(['demo', 'demo-build']);
  });

  it('pulls a private chart with the login helm registry login stored', async () => {
    // helm logs in through the token service (asynchronously: this process serves it)
    const login = (password: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(helmBinary(), ['registry', 'login', pullHost, '--username', 'kf-user', '--password-stdin', '--plain-http'], {
          env: helmEnv,
          stdio: ['pipe', 'ignore', 'ignore'],
        });
        child.stdin.end(password);
        child.on('close', resolve);
      });
    expect(await login('s3cret')).toBe(0);
    tokenRequests.length = 0;
    const add = await kf('chart', 'add', 'private/demo@0.3.1:private');
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('Vendored private/demo@0.3.1 in charts/private\n');
    expect(tokenRequests).toEqual([{ service: SERVICE, scope: 'repository:private/demo:pull', authorization: LOGIN }]);
    expect(readFileSync(join(app, 'chartfile.yaml'), 'utf8')).not.toMatch(/s3cret|kf-user/);

    // a stale login: the registry config holds another password
    const config = join(helmEnv.HELM_CONFIG_HOME as string, 'registry', 'config.json');
    const saved = readFileSync(config, 'utf8');
    writeFileSync(config, JSON.stringify({ auths: { [pullHost]: { auth: Buffer.from('kf-user:old').toString('base64') } } }));
    rmSync(join(app, 'charts', 'private'), { recursive: true });
    const stale = await kf('chart', 'vendor');
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toBe(
      `kf: http://${pullHost}/v2/private/demo/manifests/0.3.1: the registry refused the login for ${pullHost} in ${config} (its token service answered HTTP 401) (log in again with \`helm registry login ${pullHost}\`, and check the repository URL)\n`,
    );
    writeFileSync(config, saved);
  });

  it('vendors everything again on a fresh clone', async () => {
    rmSync(join(app, 'charts'), { recursive: true });
    const vendor = await kf('chart', 'vendor');
    expect(vendor.stderr).toBe('');
    expect(vendor.stdout).toBe(
      'Vendored reg/demo@0.3.1 in charts/demo\nVendored reg/demo@1.0.0+build.1 in charts/demo-build\nVendored private/demo@0.3.1 in charts/private\n',
    );
  });

  it('speaks TLS to a loopback registry that does (https first, as Docker does for localhost), trusting only a known certificate', async () => {
    expect((await kf('chart', 'add-repo', 'tls', `oci://${tlsHost}/charts`)).exitCode).toBe(0);
    const untrusted = await kf('chart', 'add', 'tls/demo@0.4.0:tls-demo');
    expect(untrusted.exitCode).toBe(1);
    expect(untrusted.stderr).toBe(
      `kf: https://${tlsHost}: the registry's TLS certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT) (give the repository a caFile (its CA's certificate) in chartfile.yaml, or set NODE_EXTRA_CA_CERTS to it)\n`,
    );
    const add = await runKf(['chart', 'add', 'tls/demo@0.4.0:tls-demo'], { cwd: app, env: { ...helmEnv, NODE_EXTRA_CA_CERTS: certFile } });
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('Vendored tls/demo@0.4.0 in charts/tls-demo\n');
    // helm (Go) trusts the same certificate through SSL_CERT_FILE, without --plain-http
    const pulled = tempDir('kf-oci-helm-tls-');
    execFileSync(helmBinary(), ['pull', `oci://${tlsHost}/charts/demo`, '--version', '0.4.0', '--untar', '--destination', pulled], {
      env: { ...helmEnv, SSL_CERT_FILE: certFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(tree(join(app, 'charts', 'tls-demo'))).toEqual(tree(join(pulled, 'demo')));
  });
});
