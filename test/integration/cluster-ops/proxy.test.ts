// Proxies in front of a real control plane: a kubeconfig cluster's `proxy-url`, and
// HTTPS_PROXY / NO_PROXY, carry kf's requests through a CONNECT proxy this test starts on
// 127.0.0.1. The proxy dials nothing but the test API server's loopback port; a name it is asked
// for ("kubernetes", a name on the API server's certificate) is mapped to 127.0.0.1 by the proxy
// itself, so kf never resolves it. A proxy that refuses connections fails at once, naming the
// context, the server and the proxy.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, connect as netConnect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { connectEnvironment, loadKubeConfig } from '../../../src/cluster/kubeconfig.js';
import { isUserError, status } from '../../../src/workflow/index.js';

interface LoopbackProxy {
  url: string;
  /** CONNECT targets asked for, in order */
  connects: string[];
  close(): Promise<void>;
}

/** A CONNECT proxy on 127.0.0.1 that tunnels only to 127.0.0.1:`allowedPort` (403 otherwise). */
async function startLoopbackProxy(allowedPort: number): Promise<LoopbackProxy> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.once('data', (head) => {
      const match = /^CONNECT ([^\s:]+|\[[^\]]+\]):(\d+) HTTP\/1\.[01]\r\n/.exec(head.toString('latin1'));
      if (!match) {
        client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
        return;
      }
      const [, host, port] = match;
      connects.push(`${host}:${port}`);
      const loopbackName = host === 'kubernetes' || host.startsWith('127.');
      if (!loopbackName || Number(port) !== allowedPort) {
        client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      const upstream = netConnect({ host: '127.0.0.1', port: allowedPort }, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let proxy: LoopbackProxy;
let apiPort: number;
let dir: string;
let caFile: string;
let token: string;

function writeKubeconfig(name: string, cluster: Record<string, unknown>): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { 'certificate-authority': caFile, ...cluster } }],
      users: [{ name: 'u', user: { token } }],
      contexts: [{ name, context: { cluster: 'c', user: 'u', namespace: 'default' } }],
      'current-context': name,
    }),
  );
  return file;
}

async function withEnv<T>(vars: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  try {
    return await run();
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

const NO_PROXY_ENV = {
  HTTPS_PROXY: undefined,
  https_proxy: undefined,
  NO_PROXY: undefined,
  no_proxy: undefined,
};

async function readNamespace(kubeconfig: string, context: string): Promise<string | undefined> {
  const connection = await connectEnvironment('proxied', { context, namespace: 'default' }, { kubeconfig });
  try {
    const answer = await connection.client.request<{ metadata: { name: string } }>({
      method: 'GET',
      path: '/api/v1/namespaces/default',
    });
    return answer.body.metadata.name;
  } finally {
    connection.client.close();
  }
}

beforeAll(async () => {
  const minikube = inject('clusters').controlPlanes.find((c) => c.name === 'minikube')!;
  apiPort = Number(new URL(minikube.server).port);
  caFile = minikube.caFile;
  const kc = await loadKubeConfig({ kubeconfig: inject('kubeconfig') });
  token = String(kc.users.get(kc.contexts.get('minikube')!.user)!.fields.token);
  dir = mkdtempSync(join(tmpdir(), 'kf-proxy-test-'));
  proxy = await startLoopbackProxy(apiPort);
});

afterAll(async () => {
  await proxy?.close();
});

describe('proxies', () => {
  it("goes through the kubeconfig cluster's proxy-url", async () => {
    const kubeconfig = writeKubeconfig('via-proxy-url', {
      server: `https://127.0.0.1:${apiPort}`,
      'proxy-url': proxy.url,
    });
    const before = proxy.connects.length;
    expect(await withEnv(NO_PROXY_ENV, () => readNamespace(kubeconfig, 'via-proxy-url'))).toBe('default');
    expect(proxy.connects.slice(before)).toEqual([`127.0.0.1:${apiPort}`]);
  });

  it('goes through HTTPS_PROXY for a named server (the proxy resolves the name), a whole workflow included', async () => {
    const kubeconfig = writeKubeconfig('via-env', { server: `https://kubernetes:${apiPort}` });
    const before = proxy.connects.length;
    const result = await withEnv(
      // NO_PROXY entries are only matched against the server's name, never connected to.
      { ...NO_PROXY_ENV, HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com,10.0.0.0/8' },
      () => readNamespace(kubeconfig, 'via-env'),
    );
    expect(result).toBe('default');
    expect(proxy.connects.slice(before)).toEqual([`kubernetes:${apiPort}`]);
  });

  it('leaves loopback servers out of HTTPS_PROXY, as kubectl does', async () => {
    const loopback = writeKubeconfig('loopback', { server: `https://127.0.0.1:${apiPort}` });
    const before = proxy.connects.length;
    expect(
      await withEnv({ ...NO_PROXY_ENV, HTTPS_PROXY: proxy.url }, () => readNamespace(loopback, 'loopback')),
    ).toBe('default');
    expect(proxy.connects.length).toBe(before);
  });

  it('a proxy that refuses connections fails at once, naming context, server and proxy', async () => {
    const deadProxy = `http://127.0.0.1:${await closedPort()}`;
    const kubeconfig = writeKubeconfig('dead-proxy', {
      server: `https://127.0.0.1:${apiPort}`,
      'proxy-url': deadProxy,
    });
    const app = mkdtempSync(join(tmpdir(), 'kf-proxy-app-'));
    mkdirApp(app);
    const started = Date.now();
    const error = await withEnv(NO_PROXY_ENV, () => status({ cwd: app, env: 'dev', kubeconfig })).catch(
      (e: unknown) => e,
    );
    const elapsed = Date.now() - started;
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `cannot reach the API server https://127.0.0.1:${apiPort} (context dead-proxy): connect ECONNREFUSED ${deadProxy.slice('http://'.length)} (through proxy ${deadProxy})`,
    );
    expect((error as { hint?: string }).hint).toMatch(/context dead-proxy/);
    // No retries: a refused connection is final (kubectl fails at once too).
    expect(elapsed).toBeLessThan(5000);
  });
});

function mkdirApp(app: string): void {
  writeFileSync(
    join(app, 'app.yaml'),
    stringify({
      apiVersion: 'kf.dev/v1alpha1',
      kind: 'App',
      name: 'proxied',
      environments: { dev: { context: 'dead-proxy', namespace: 'default' } },
      registries: {},
      libraries: {},
    }),
  );
  const components = join(app, 'components');
  mkdirSync(components);
  writeFileSync(
    join(components, 'cm.yaml'),
    stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { k: 'v' } }),
  );
}
