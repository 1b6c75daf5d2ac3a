// A real HTTPS proxy on loopback in front of a real API server, for fault tests. It terminates TLS
// with its own freshly generated CA (clients verify it), forwards to the API server over verified
// TLS, and per request either passes it on, answers 429 or 500, or drops the connection.
import { writeFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { selfSignedCert } from '../../helpers/self-signed-cert.js';

export type Fault = 'pass' | '429' | '500' | 'drop' | 'drop-after-upstream';

export interface FaultProxy {
  url: string;
  caPem: string;
  counts: Record<Fault, number>;
  /** decides what happens to the n-th request (1-based) */
  decide: (method: string, path: string, n: number) => Fault;
  close(): Promise<void>;
  /** a kubeconfig whose only context `proxied` goes through the proxy with `token` */
  writeKubeconfig(dir: string, token: string): string;
}

export async function startFaultProxy(upstream: { server: string; caPem: string }): Promise<FaultProxy> {
  const { key, cert } = selfSignedCert('IP:127.0.0.1');
  const target = new URL(upstream.server);
  const agent = new https.Agent({ keepAlive: true, ca: upstream.caPem });
  let n = 0;
  const proxy: FaultProxy = {
    url: '',
    caPem: cert,
    counts: { pass: 0, '429': 0, '500': 0, drop: 0, 'drop-after-upstream': 0 },
    decide: () => 'pass',
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
    writeKubeconfig(kubeDir, token) {
      const file = join(kubeDir, 'proxied-kubeconfig.yaml');
      writeFileSync(
        file,
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [
            {
              name: 'proxied',
              cluster: {
                server: proxy.url,
                'certificate-authority-data': Buffer.from(cert).toString('base64'),
              },
            },
          ],
          users: [{ name: 'admin', user: { token } }],
          contexts: [
            { name: 'proxied', context: { cluster: 'proxied', user: 'admin', namespace: 'default' } },
          ],
          'current-context': 'proxied',
        }),
        { mode: 0o600 },
      );
      return file;
    },
  };
  const server = https.createServer({ key, cert }, (req, res) => {
    const fault = proxy.decide(req.method ?? 'GET', req.url ?? '/', ++n);
    proxy.counts[fault]++;
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault === '429' || fault === '500') {
      const code = Number(fault);
      res.writeHead(code, {
        'Content-Type': 'application/json',
        ...(code === 429 ? { 'Retry-After': '0' } : {}),
      });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          code,
          reason: code === 429 ? 'TooManyRequests' : 'InternalError',
          message: `injected ${code}`,
        }),
      );
      return;
    }
    const upstreamReq = https.request(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (upstreamRes) => {
        if (fault === 'drop-after-upstream') {
          // The server did the work; the client never hears back (as when a connection dies mid-response).
          upstreamRes.resume();
          upstreamRes.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.on('error', () => req.socket.destroy());
    req.pipe(upstreamReq);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
