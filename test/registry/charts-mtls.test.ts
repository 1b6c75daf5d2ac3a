// kf chart against chart repositories behind a private CA that require client certificates
// (mTLS), on 127.0.0.1: an index.yaml repository (a Node https server with requestCert and
// rejectUnauthorized serving what the real `helm package` and `helm repo index` write: ChartMuseum
// cannot be built here, its Go module is not served by the module proxy) and an OCI registry
// (distribution v3 with http.tls.clientcas, charts pushed by `helm push`). The real helm is the
// oracle: `helm repo add --ca-file --cert-file --key-file` + `helm pull --untar`, and `helm pull
// oci://… --ca-file …`, unpack the same files kf vendors; both refuse an untrusted server and are
// refused without the client certificate.
import { execFile, execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ensureBuilt, kfDocsFile, REPO_ROOT, runKf, tempDir } from '../helpers/run-kf.js';
import { testCa } from '../helpers/test-ca.js';
import { helmBinary } from '../tanka/harness.js';
import { freePort, registryBinary, startRegistry, tokenService, type TokenRequest } from './oci-registry.js';

const DEMO = join(REPO_ROOT, 'test', 'fixtures', 'charts', 'demo');

let dir: string;
let helmEnv: NodeJS.ProcessEnv;
/** the CA that signs the servers' and the client's certificates, and one that signs nothing here */
let ca: string;
let otherCa: string;
let client: { cert: string; key: string };
/** a client certificate the servers do not trust (signed by the other CA) */
let stranger: { cert: string; key: string };
let repoUrl: string;
let elsewhereUrl: string;
let ociHost: string;
/** a registry like it, whose token service is on another origin */
let tokenHost: string;
const servers: Server[] = [];
const registries: ChildProcess[] = [];
/** the client certificate's CN (undefined: none) of each request to the token service */
const tokenClients: (string | undefined)[] = [];
/** what the repository server saw: path and the client certificate's CN */
const seen: { path: string; client: string | undefined }[] = [];
/** what the server on another origin saw */
const seenElsewhere: { path: string; client: string | undefined }[] = [];

function helm(...args: string[]): string {
  return execFileSync(helmBinary(), args, { env: helmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * helm against a server of this process (which must go on serving meanwhile): its exit code and
 * stderr; `env` over the test's.
 */
function helmAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number; stderr: string }> {
  return new Promise((resolve) =>
    execFile(helmBinary(), args, { env: { ...helmEnv, ...env }, encoding: 'utf8' }, (error, _stdout, stderr) =>
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stderr }),
    ),
  );
}

/** helm's exit code and stderr (for the runs that must fail), against the registry. */
function helmFails(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(helmBinary(), args, { env: helmEnv, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** Every file under `d` with its content, relative paths sorted. */
function tree(d: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string) => {
    for (const name of readdirSync(p).sort()) {
      const f = join(p, name);
      if (statSync(f).isDirectory()) walk(f);
      else out[relative(d, f)] = readFileSync(f, 'latin1');
    }
  };
  walk(d);
  return out;
}

/** An https server on 127.0.0.1 serving the files of `root` by path; `require`: client certificates required. */
async function fileServer(root: string, server: { cert: string; key: string }, require: boolean, log: typeof seen): Promise<string> {
  const https = createServer(
    { cert: readFileSync(server.cert), key: readFileSync(server.key), ca: readFileSync(ca), requestCert: true, rejectUnauthorized: require },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      log.push({ path: req.url ?? '', client: peer.subject?.CN as string | undefined });
      // the repository moved an archive to the other origin
      if (req.url?.startsWith('/charts/moved/')) {
        res.writeHead(302, { location: `${elsewhereUrl}/${req.url.slice('/charts/moved/'.length)}` }).end();
        return;
      }
      const file = join(root, (req.url ?? '/').replace(/^\/charts\//, ''));
      try {
        res.writeHead(200).end(readFileSync(file));
      } catch {
        res.writeHead(404).end();
      }
    },
  );
  servers.push(https);
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(https.address() as AddressInfo).port}/charts`;
}

beforeAll(async () => {
  dir = tempDir('kf-mtls-');
  const home = join(dir, 'helm-home');
  helmEnv = { ...process.env, HELM_CONFIG_HOME: join(home, 'config'), HELM_CACHE_HOME: join(home, 'cache'), HELM_DATA_HOME: join(home, 'data') };
  const authority = testCa(dir, 'kf-test-ca');
  ca = authority.cert;
  const server = authority.issue('server', 'server', 'IP:127.0.0.1');
  client = authority.issue('kf-client', 'client');
  const other = testCa(dir, 'other-ca');
  otherCa = other.cert;
  stranger = other.issue('stranger', 'client');

  // the repository: helm package + helm repo index (relative URLs); 0.5.0 is on another origin
  const repo = join(dir, 'repo');
  const elsewhere = join(dir, 'elsewhere');
  mkdirSync(repo);
  mkdirSync(elsewhere);
  for (const version of ['0.3.1', '0.4.0']) helm('package', DEMO, '--version', version, '--destination', repo);
  for (const version of ['0.5.0', '0.6.0']) helm('package', DEMO, '--version', version, '--destination', elsewhere);
  repoUrl = await fileServer(repo, server, true, seen);
  elsewhereUrl = await fileServer(elsewhere, server, false, seenElsewhere);
  helm('repo', 'index', repo);
  const index = parseYaml(readFileSync(join(repo, 'index.yaml'), 'utf8'));
  // 0.5.0 listed at the other origin, 0.6.0 at the repository's, which redirects there
  for (const [version, url] of [
    ['0.5.0', `${elsewhereUrl}/demo-0.5.0.tgz`],
    ['0.6.0', 'moved/demo-0.6.0.tgz'],
  ] as const)
    index.entries.demo.unshift({
      ...index.entries.demo[0],
      version,
      urls: [url],
      digest: createHash('sha256').update(readFileSync(join(elsewhere, `demo-${version}.tgz`))).digest('hex'),
    });
  writeFileSync(join(repo, 'index.yaml'), stringifyYaml(index));

  // the OCI registry: TLS with client certificates of the CA required
  const port = await freePort();
  const tls = { certificate: server.cert, key: server.key, clientcas: [ca] };
  registries.push(await startRegistry(registryBinary(), dir, 'mtls', port, { http: { addr: `127.0.0.1:${port}`, secret: 'kf-test', tls } }));
  ociHost = `127.0.0.1:${port}`;
  // the same storage behind bearer tokens from an https token service on another origin, which
  // asks for client certificates without requiring them
  const tokens = tokenService(join(dir, 'jwks.json'), 'kf-mtls-tokens', [] as TokenRequest[]);
  const tokenServer = createServer(
    { cert: readFileSync(server.cert), key: readFileSync(server.key), ca: readFileSync(ca), requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      tokenClients.push((req.socket as TLSSocket).getPeerCertificate().subject?.CN as string | undefined);
      tokens(req, res);
    },
  );
  servers.push(tokenServer);
  await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
  const realm = `https://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
  const guarded = await freePort();
  registries.push(
    await startRegistry(registryBinary(), dir, 'mtls-tokens', guarded, {
      http: { addr: `127.0.0.1:${guarded}`, secret: 'kf-test', tls },
      auth: { token: { realm, service: 'kf-mtls', issuer: 'kf-mtls-tokens', jwks: join(dir, 'jwks.json') } },
    }),
  );
  tokenHost = `127.0.0.1:${guarded}`;
  for (const version of ['0.3.1', '0.4.0'])
    helm('push', join(repo, `demo-${version}.tgz`), `oci://${ociHost}/charts`, '--ca-file', ca, '--cert-file', client.cert, '--key-file', client.key);
}, 900_000);

afterAll(async () => {
  for (const child of registries) child.kill();
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

describe('kf chart with repositories that want client certificates', () => {
  let app: string;
  const kf = (args: string[], env: Record<string, string | undefined> = {}, cwd = app) => runKf(args, { cwd, env: { ...helmEnv, ...env } });
  /** Writes the chartfile with one repository `secure` at `url` with these TLS fields, keeping its requirements unless given. */
  const chartfile = (url: string, fields: Record<string, string>, requires?: object[]) => {
    const file = join(app, 'chartfile.yaml');
    const kept = requires ?? (existsSync(file) ? parseYaml(readFileSync(file, 'utf8')).requires : []);
    writeFileSync(file, stringifyYaml({ version: 1, repositories: [{ name: 'secure', url, ...fields }], requires: kept }));
  };
  /** `chartfile.yaml:LINE`, the line of the repository's `field`. */
  const at = (field: string) =>
    `${join(app, 'chartfile.yaml')}:${readFileSync(join(app, 'chartfile.yaml'), 'utf8').split('\n').findIndex((l) => l.trim().startsWith(`${field}:`)) + 1}`;
  /** `helm pull … --untar`: the chart's folder */
  const pull = async (...args: string[]) => {
    const out = tempDir('kf-mtls-helm-pull-');
    const r = await helmAsync(['pull', ...args, '--untar', '--destination', out]);
    expect(r).toEqual({ status: 0, stderr: '' });
    return join(out, 'demo');
  };

  beforeAll(async () => {
    app = join(tempDir('kf-mtls-app-'), 'app');
    expect((await runKf(['init', app, '--env', 'dev'])).exitCode).toBe(0);
    // the certificate files beside the chartfile, named relative to it
    mkdirSync(join(app, 'tls'));
    for (const [from, to] of [
      [ca, 'ca.pem'],
      [otherCa, 'other-ca.pem'],
      [client.cert, 'client.pem'],
      [client.key, 'client.key'],
      [stranger.cert, 'stranger.pem'],
      [stranger.key, 'stranger.key'],
    ] as const)
      copyFileSync(from, join(app, 'tls', to));
  }, 600_000);

  it('vendors from an index.yaml repository with the chartfile caFile, certFile and keyFile (relative to the chartfile, wherever kf runs): the files helm pull unpacks', async () => {
    chartfile(repoUrl, { caFile: 'tls/ca.pem', certFile: 'tls/client.pem', keyFile: 'tls/client.key' });
    seen.length = 0;
    const add = await kf(['chart', 'add', 'secure/demo@0.3.1'], {}, join(app, 'components'));
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('Vendored secure/demo@0.3.1 in charts/demo\n');
    expect(seen).toEqual([
      { path: '/charts/index.yaml', client: 'kf-client' },
      { path: '/charts/demo-0.3.1.tgz', client: 'kf-client' },
    ]);

    expect(await helmAsync(['repo', 'add', 'secure', repoUrl, '--ca-file', ca, '--cert-file', client.cert, '--key-file', client.key])).toMatchObject({
      status: 0,
    });
    expect(tree(join(app, 'charts', 'demo'))).toEqual(tree(await pull('secure/demo', '--version', '0.3.1')));
    expect(parseYaml(readFileSync(join(app, 'chartfile.yaml'), 'utf8')).repositories).toEqual([
      { name: 'secure', url: repoUrl, caFile: 'tls/ca.pem', certFile: 'tls/client.pem', keyFile: 'tls/client.key' },
    ]);
  });

  it('sends neither the client certificate nor the CA to a chart archive on another origin, listed there or redirected to (helm sends the certificate)', async () => {
    seen.length = 0;
    seenElsewhere.length = 0;
    // the other origin is trusted through NODE_EXTRA_CA_CERTS: the caFile is the repository's only
    const add = await kf(['chart', 'add', 'secure/demo@0.5.0:elsewhere'], { NODE_EXTRA_CA_CERTS: ca });
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('Vendored secure/demo@0.5.0 in charts/elsewhere\n');
    expect(seen).toEqual([{ path: '/charts/index.yaml', client: 'kf-client' }]);
    expect(seenElsewhere).toEqual([{ path: '/charts/demo-0.5.0.tgz', client: undefined }]);
    // nor along the repository's redirect to it
    seen.length = 0;
    seenElsewhere.length = 0;
    const moved = await kf(['chart', 'add', 'secure/demo@0.6.0:moved'], { NODE_EXTRA_CA_CERTS: ca });
    expect(moved.stderr).toBe('');
    expect(moved.stdout).toBe('Vendored secure/demo@0.6.0 in charts/moved\n');
    expect(seen).toEqual([
      { path: '/charts/index.yaml', client: 'kf-client' },
      { path: '/charts/moved/demo-0.6.0.tgz', client: 'kf-client' },
    ]);
    expect(seenElsewhere).toEqual([{ path: '/charts/demo-0.6.0.tgz', client: undefined }]);
    rmSync(join(app, 'charts', 'moved'), { recursive: true });
    // without that trust, the other origin's certificate is not trusted: the caFile is not used there
    rmSync(join(app, 'charts', 'elsewhere'), { recursive: true });
    const untrusted = await kf(['chart', 'vendor']);
    expect(untrusted.exitCode).toBe(1);
    expect(untrusted.stderr).toBe(
      `kf: cannot download ${elsewhereUrl}/demo-0.5.0.tgz: SELF_SIGNED_CERT_IN_CHAIN (give the repository a caFile (its CA's certificate) in chartfile.yaml, or set NODE_EXTRA_CA_CERTS to it)\n`,
    );

    seenElsewhere.length = 0;
    await pull('secure/demo', '--version', '0.5.0');
    expect(seenElsewhere).toEqual([{ path: '/charts/demo-0.5.0.tgz', client: 'kf-client' }]);
  });

  it('is refused without a client certificate, or with one the repository does not trust; as helm is', async () => {
    chartfile(repoUrl, { caFile: 'tls/ca.pem' });
    const without = await kf(['chart', 'add', 'secure/demo@0.4.0']);
    expect(without.exitCode).toBe(1);
    expect(without.stderr).toBe(
      `kf: cannot download ${repoUrl}/index.yaml: ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED (the server wants a client certificate: give the repository certFile and keyFile in chartfile.yaml (or \`helm repo add --cert-file --key-file\`))\n`,
    );
    chartfile(repoUrl, { caFile: 'tls/ca.pem', certFile: 'tls/stranger.pem', keyFile: 'tls/stranger.key' });
    const strange = await kf(['chart', 'add', 'secure/demo@0.4.0']);
    expect(strange.exitCode).toBe(1);
    // the server's alert, or (when the request it did not read makes its close a reset) ECONNRESET
    const certFile = `certFile ${join(app, 'tls', 'stranger.pem')} (${at('certFile')})`;
    expect([
      `kf: cannot download ${repoUrl}/index.yaml: ECONNRESET (the server closed the connection: does it accept the client certificate in ${certFile}?)\n`,
      `kf: cannot download ${repoUrl}/index.yaml: ERR_SSL_TLSV13_ALERT_UNKNOWN_CA (the server did not accept the client certificate in ${certFile})\n`,
    ]).toContain(strange.stderr);
    const helmWithout = await helmAsync(['repo', 'add', 'nocert', repoUrl, '--ca-file', ca]);
    expect(helmWithout.status).toBe(1);
    expect(helmWithout.stderr).toMatch(/certificate required/);
    expect(readdirSync(join(app, 'charts'))).toEqual(['demo']);
  });

  it("trusts only the caFile's CAs for the repository (helm's --ca-file replaces the system pool too): NODE_EXTRA_CA_CERTS does not add to it", async () => {
    chartfile(repoUrl, { caFile: 'tls/other-ca.pem', certFile: 'tls/client.pem', keyFile: 'tls/client.key' });
    const untrusted = await kf(['chart', 'add', 'secure/demo@0.4.0'], { NODE_EXTRA_CA_CERTS: ca });
    expect(untrusted.exitCode).toBe(1);
    // (the Node server sends its CA with its certificate)
    expect(untrusted.stderr).toBe(
      `kf: cannot download ${repoUrl}/index.yaml: SELF_SIGNED_CERT_IN_CHAIN (the server's certificate is not signed by a CA of caFile ${join(app, 'tls', 'other-ca.pem')} (${at('caFile')}), which replaces the trusted CAs for this repository)\n`,
    );
    // helm: the other CA as --ca-file, the right one as the system's (SSL_CERT_FILE): refused as well
    const refused = await helmAsync(['repo', 'add', 'other', repoUrl, '--ca-file', otherCa, '--cert-file', client.cert, '--key-file', client.key], {
      SSL_CERT_FILE: ca,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/certificate signed by unknown authority/);
  });

  it('trusts NODE_EXTRA_CA_CERTS with a client certificate and no caFile', async () => {
    chartfile(repoUrl, { certFile: 'tls/client.pem', keyFile: 'tls/client.key' });
    const add = await kf(['chart', 'add', 'secure/demo@0.4.0:with-extra-ca'], { NODE_EXTRA_CA_CERTS: ca });
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('Vendored secure/demo@0.4.0 in charts/with-extra-ca\n');
    // kf started as a program (bin/run.js through its /bin/sh line) reads the variable itself, later
    rmSync(join(app, 'charts', 'with-extra-ca'), { recursive: true });
    const program = await execa(ensureBuilt(), ['chart', 'vendor'], { cwd: app, env: { ...helmEnv, NODE_EXTRA_CA_CERTS: ca }, reject: false });
    expect(program.stderr).toBe('');
    expect(program.stdout).toContain('Vendored secure/demo@0.4.0 in charts/with-extra-ca');
    rmSync(join(app, 'charts', 'with-extra-ca'), { recursive: true });
    const untrusted = await kf(['chart', 'vendor']);
    expect(untrusted.stderr).toMatch(/SELF_SIGNED_CERT_IN_CHAIN \(give the repository a caFile/);
  });

  it("uses the files of Helm's repositories.yaml entry for the URL when the chartfile names none", async () => {
    // helm repo add (first test) stored absolute paths for `secure`
    chartfile(repoUrl, {});
    rmSync(join(app, 'charts'), { recursive: true });
    seen.length = 0;
    const add = await kf(['chart', 'add', 'secure/demo@0.4.0']);
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('Vendored secure/demo@0.4.0 in charts/demo\n');
    expect(seen.map((s) => s.client)).toEqual(['kf-client', 'kf-client']);
    expect(tree(join(app, 'charts', 'demo'))).toEqual(tree(await pull('secure/demo', '--version', '0.4.0')));
    // the chartfile's set wins over Helm's as a whole: a caFile alone means no client certificate
    chartfile(repoUrl, { caFile: 'tls/ca.pem' });
    rmSync(join(app, 'charts'), { recursive: true });
    expect((await kf(['chart', 'vendor'])).stderr).toMatch(/ALERT_CERTIFICATE_REQUIRED/);
  });

  it('names the chartfile, line and field of a missing, invalid or unmatched file, before any request', async () => {
    const tls = (name: string) => join(app, 'tls', name);
    const cases: [Record<string, string>, string, () => string][] = [
      [
        { caFile: 'tls/missing.pem', certFile: 'tls/client.pem', keyFile: 'tls/client.key' },
        'caFile',
        () => `'caFile': cannot read ${tls('missing.pem')} (ENOENT)`,
      ],
      [{ caFile: 'tls/client.key' }, 'caFile', () => `'caFile': ${tls('client.key')} holds no PEM certificate`],
      [{ certFile: 'tls/client.pem' }, 'certFile', () => "'certFile': no 'keyFile' beside it: a client certificate needs its key"],
      [{ certFile: 'tls/client.key', keyFile: 'tls/client.key' }, 'certFile', () => `'certFile': ${tls('client.key')} is not a PEM certificate (`],
      [
        { certFile: 'tls/client.pem', keyFile: 'tls/stranger.key' },
        'keyFile',
        () => `'keyFile': ${tls('stranger.key')} is not the key of the certificate in ${tls('client.pem')} (`,
      ],
    ];
    for (const [fields, field, message] of cases) {
      chartfile(repoUrl, fields);
      seen.length = 0;
      const r = await kf(['chart', 'add', 'secure/demo@0.4.0']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr.startsWith(`kf: ${at(field)}: ${message()}`), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/\(caFile is a PEM bundle of CA certificates; certFile and keyFile the PEM client certificate and its key\)\n$/);
      expect(seen).toEqual([]);
    }
    // username and password stay out of the chartfile
    chartfile(repoUrl, { username: 'me' });
    expect((await kf(['chart', 'vendor'])).stderr).toBe(
      `kf: ${at('username')}: 'username': kf keeps credentials out of chartfile.yaml; it reads those Helm stores (helm repo add --username, helm registry login) (see ${kfDocsFile('app-format.md')}#vendoring-charts for the format of chartfile.yaml)\n`,
    );
  });

  it('kf chart add-repo --ca-file --cert-file --key-file: checked first, written relative to the chartfile, replaced by a later call', async () => {
    rmSync(join(app, 'chartfile.yaml'), { force: true });
    rmSync(join(app, 'charts'), { recursive: true, force: true });
    const lone = await kf(['chart', 'add-repo', 'secure', repoUrl, '--cert-file', 'tls/client.pem']);
    expect(lone.exitCode).toBe(1);
    expect(lone.stderr).toBe(
      "kf: --cert-file: 'certFile': no 'keyFile' beside it: a client certificate needs its key (caFile is a PEM bundle of CA certificates; certFile and keyFile the PEM client certificate and its key)\n",
    );
    expect(existsSync(join(app, 'chartfile.yaml'))).toBe(false);
    // paths from the working directory, as a shell gives them
    const added = await kf(
      ['chart', 'add-repo', 'secure', repoUrl, '--ca-file', '../tls/ca.pem', '--cert-file', join(app, 'tls', 'client.pem'), '--key-file', '../tls/client.key'],
      {},
      join(app, 'components'),
    );
    expect(added.stderr).toBe('');
    expect(added.stdout).toBe(`Added chart repository 'secure' (${repoUrl})\n`);
    expect(parseYaml(readFileSync(join(app, 'chartfile.yaml'), 'utf8')).repositories).toEqual([
      { name: 'secure', url: repoUrl, caFile: 'tls/ca.pem', certFile: 'tls/client.pem', keyFile: 'tls/client.key' },
    ]);
    seen.length = 0;
    const vendored = await kf(['chart', 'add', 'secure/demo@0.3.1']);
    expect(vendored.stderr).toBe('');
    expect(seen).toEqual([
      { path: '/charts/index.yaml', client: 'kf-client' },
      { path: '/charts/demo-0.3.1.tgz', client: 'kf-client' },
    ]);
    const again = await kf(['chart', 'add-repo', 'secure', repoUrl, '--ca-file', 'tls/ca.pem', '--cert-file', 'tls/client.pem', '--key-file', 'tls/client.key']);
    expect(again.stdout).toBe("Chart repository 'secure' is already there\n");
    const updated = await kf(['chart', 'add-repo', 'secure', repoUrl, '--ca-file', 'tls/other-ca.pem']);
    expect(updated.stdout).toBe("Updated the TLS files of chart repository 'secure'\n");
    expect(parseYaml(readFileSync(join(app, 'chartfile.yaml'), 'utf8')).repositories).toEqual([
      { name: 'secure', url: repoUrl, caFile: 'tls/other-ca.pem' },
    ]);
    rmSync(join(app, 'charts'), { recursive: true }); // as the tests before left it: nothing vendored
  });

  it('vendors from an OCI registry that wants client certificates: the files helm pull oci:// unpacks; refused without one or with an untrusted CA', async () => {
    const url = `oci://${ociHost}/charts`;
    chartfile(url, { caFile: 'tls/ca.pem', certFile: 'tls/client.pem', keyFile: 'tls/client.key' }, []);
    const add = await kf(['chart', 'add', 'secure/demo@0.4.0:oci-demo']);
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('Vendored secure/demo@0.4.0 in charts/oci-demo\n');
    const pulled = await pull(`${url}/demo`, '--version', '0.4.0', '--ca-file', ca, '--cert-file', client.cert, '--key-file', client.key);
    expect(tree(join(app, 'charts', 'oci-demo'))).toEqual(tree(pulled));
    const latest = await kf(['chart', 'list', '--latest', '-o', 'json']);
    expect(JSON.parse(latest.stdout)).toEqual([
      { chart: 'secure/demo', version: '0.4.0', path: 'charts/oci-demo', vendored: '0.4.0', latest: '0.4.0', latestSameMajor: '0.4.0' },
    ]);

    rmSync(join(app, 'charts', 'oci-demo'), { recursive: true });
    const manifest = `https://${ociHost}/v2/charts/demo/manifests/0.4.0`;
    chartfile(url, { caFile: 'tls/ca.pem' });
    const without = await kf(['chart', 'vendor']);
    expect(without.stderr).toBe(
      `kf: cannot download ${manifest}: ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED (the server wants a client certificate: give the repository certFile and keyFile in chartfile.yaml (or \`helm repo add --cert-file --key-file\`))\n`,
    );
    expect(without.exitCode).toBe(1);
    // with no TLS settings, the loopback registry is probed (https or plain http): refused, not a fallback
    chartfile(url, {});
    const probed = await kf(['chart', 'vendor'], { NODE_EXTRA_CA_CERTS: ca });
    expect(probed.stderr).toBe(
      `kf: https://${ociHost}: the registry refused the TLS connection (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED) (the server wants a client certificate: give the repository certFile and keyFile in chartfile.yaml (or \`helm repo add --cert-file --key-file\`))\n`,
    );
    expect(helmFails('pull', `${url}/demo`, '--version', '0.4.0', '--ca-file', ca, '--destination', tempDir('kf-mtls-')).status).toBe(1);

    chartfile(url, { caFile: 'tls/other-ca.pem', certFile: 'tls/client.pem', keyFile: 'tls/client.key' });
    const untrusted = await kf(['chart', 'vendor']);
    expect(untrusted.exitCode).toBe(1);
    expect(untrusted.stderr).toBe(
      `kf: cannot download ${manifest}: UNABLE_TO_VERIFY_LEAF_SIGNATURE (the server's certificate is not signed by a CA of caFile ${join(app, 'tls', 'other-ca.pem')} (${at('caFile')}), which replaces the trusted CAs for this repository)\n`,
    );
    // a client certificate the registry does not trust: the alert, or a reset
    chartfile(url, { caFile: 'tls/ca.pem', certFile: 'tls/stranger.pem', keyFile: 'tls/stranger.key' });
    expect((await kf(['chart', 'vendor'])).stderr).toMatch(
      /^kf: cannot download \S+: (ERR_SSL_TLSV1_ALERT_UNKNOWN_CA \(the server did not accept the client certificate in certFile|ECONNRESET \(the server closed the connection: does it accept the client certificate in certFile) /,
    );
    expect(readdirSync(join(app, 'charts'))).toEqual([]);
  });

  it('sends the client certificate and CA to the registry, not to its token service on another origin (helm sends them to both)', async () => {
    const url = `oci://${tokenHost}/charts`;
    chartfile(url, { caFile: 'tls/ca.pem', certFile: 'tls/client.pem', keyFile: 'tls/client.key' }, []);
    tokenClients.length = 0;
    // the token service is trusted as any host is: through NODE_EXTRA_CA_CERTS
    const add = await kf(['chart', 'add', 'secure/demo@0.3.1:tokens'], { NODE_EXTRA_CA_CERTS: ca });
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('Vendored secure/demo@0.3.1 in charts/tokens\n');
    expect(tokenClients).toEqual([undefined]);
    tokenClients.length = 0;
    const pulled = await pull(`${url}/demo`, '--version', '0.3.1', '--ca-file', ca, '--cert-file', client.cert, '--key-file', client.key);
    expect(tree(join(app, 'charts', 'tokens'))).toEqual(tree(pulled));
    expect(tokenClients.length).toBeGreaterThan(0);
    expect(new Set(tokenClients)).toEqual(new Set(['kf-client']));
  });
});
