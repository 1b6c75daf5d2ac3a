// The egress proxy on its own (in this process, on a temp Unix socket): which CONNECT targets
// it dials, which it refuses without a dial, how mappings redirect, and what it logs.
// The 10.x addresses below are data only: decideEgress is pure, and the live tunnel test sends its
// CONNECT to the proxy on a loopback Unix socket, which refuses them without dialling (a mapping
// whose target is not loopback is refused too). HTTPS_PROXY is only checked to be stripped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideEgress, isLoopbackIp, mergeMappingFiles, parseTarget } from './egress-policy.js';
import { startEgressProxy } from './egress-proxy.js';
import {
  egressPaths,
  readEgressLog,
  registerEgressMapping,
  removeEgressMapping,
  serverEnvironment,
} from './egress.js';
import type { EgressTarget } from './egress-policy.js';

describe('egress policy', () => {
  it('knows loopback addresses in every spelling and nothing else', () => {
    for (const ip of ['127.0.0.1', '127.255.3.4', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])
      expect(isLoopbackIp(ip), ip).toBe(true);
    for (const ip of [
      '10.0.0.1',
      '192.168.1.1',
      '8.8.8.8',
      '::',
      '::2',
      '::ffff:10.0.0.1',
      'fe80::1',
      'localhost',
      '128.0.0.1',
    ])
      expect(isLoopbackIp(ip), ip).toBe(false);
  });

  it('parses host:port and [v6]:port only', () => {
    expect(parseTarget('10.0.0.1:443')).toEqual({ host: '10.0.0.1', port: 443 });
    expect(parseTarget('[::1]:9443')).toEqual({ host: '::1', port: 9443 });
    expect(parseTarget('Example.COM:80')).toEqual({ host: 'example.com', port: 80 });
    for (const bad of ['10.0.0.1', '10.0.0.1:0', '10.0.0.1:70000', '::1:443', '[nothex]:1', 'a b:1', ''])
      expect(parseTarget(bad), bad).toBeUndefined();
  });

  it('dials loopback as asked, maps registered targets, refuses the rest', () => {
    const mappings = new Map([
      ['10.244.0.7:9443', '127.0.0.1:40000'],
      ['10.244.0.8:9443', '10.0.0.9:1'],
      ['[fd00::1]:443', '[::1]:40001'],
    ]);
    expect(decideEgress('127.0.0.1:6443', mappings)).toMatchObject({
      decision: 'loopback',
      dial: { host: '127.0.0.1', port: 6443 },
    });
    expect(decideEgress('localhost:80', mappings)).toMatchObject({
      decision: 'loopback',
      dial: { host: '127.0.0.1', port: 80 },
    });
    expect(decideEgress('10.244.0.7:9443', mappings)).toMatchObject({
      decision: 'mapped',
      dial: { host: '127.0.0.1', port: 40000 },
    });
    expect(decideEgress('[fd00:0::1]:443', mappings)).toMatchObject({
      decision: 'mapped',
      dial: { host: '::1', port: 40001 },
    });
    expect(decideEgress('10.244.0.7:80', mappings)).toMatchObject({ decision: 'refused' });
    expect(decideEgress('10.0.0.12:443', mappings)).toMatchObject({
      decision: 'refused',
      reason: 'not loopback and no mapping registered',
    });
    expect(decideEgress('10.244.0.8:9443', mappings)).toMatchObject({
      decision: 'refused',
      reason: expect.stringContaining('not a loopback'),
    });
    expect(decideEgress('training-operator.kubeflow.svc:443', mappings)).toMatchObject({
      decision: 'refused',
      reason: expect.stringContaining('not resolved'),
    });
    expect(decideEgress('8.8.8.8:53', mappings)).toMatchObject({ decision: 'refused' });
  });

  it('reports mapping files it cannot use instead of guessing', () => {
    const { mappings, problems } = mergeMappingFiles([
      { name: 'a.json', text: '{"10.0.0.1:1": "127.0.0.1:2"}' },
      { name: 'b.json', text: '[1]' },
      { name: 'c.json', text: '{"nope": "127.0.0.1:2"}' },
      { name: 'd.json', text: '{' },
    ]);
    expect([...mappings]).toEqual([['10.0.0.1:1', '127.0.0.1:2']]);
    expect(problems).toHaveLength(3);
  });

  it('strips proxy variables from the servers’ environment', () => {
    const env = serverEnvironment({
      PATH: '/bin',
      HTTPS_PROXY: 'http://10.1.1.1:3128',
      http_proxy: 'x',
      NO_PROXY: '*',
    });
    expect(env).toEqual({ PATH: '/bin' });
  });
});

describe('egress proxy', () => {
  let dir: string;
  let upstream: Server;
  let upstreamPort: number;
  let proxy: { close(): Promise<void> };
  const dialed: EgressTarget[] = [];
  const paths = (): ReturnType<typeof egressPaths> => egressPaths(dir);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kf-egress-'));
    upstream = createServer((socket) => socket.pipe(socket)); // echo
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamPort = (upstream.address() as { port: number }).port;
    proxy = await startEgressProxy({
      ...paths(),
      dial: (target) => {
        dialed.push(target);
        return connect({ host: target.host, port: target.port });
      },
    });
  });

  afterAll(async () => {
    await proxy?.close();
    await new Promise((resolve) => upstream?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sends CONNECT, returns the status line and (when 200) the echo of `payload`. */
  function tunnel(target: string, payload = 'ping'): Promise<{ status: string; echoed: string }> {
    return new Promise((resolve, reject) => {
      const socket: Socket = connect(paths().socketPath);
      let buffer = '';
      let status = '';
      socket.on('error', reject);
      socket.on('connect', () => socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
      socket.on('data', (chunk) => {
        buffer += chunk.toString();
        if (!status && buffer.includes('\r\n\r\n')) {
          status = buffer.slice(0, buffer.indexOf('\r\n'));
          buffer = buffer.slice(buffer.indexOf('\r\n\r\n') + 4);
          if (status.includes(' 200 ')) socket.write(payload);
        }
        if (status.includes(' 200 ') && buffer === payload) {
          socket.destroy();
          resolve({ status, echoed: buffer });
        }
      });
      socket.on('end', () => resolve({ status, echoed: buffer }));
    });
  }

  it('tunnels to a loopback target', async () => {
    const result = await tunnel(`127.0.0.1:${upstreamPort}`);
    expect(result).toEqual({ status: 'HTTP/1.1 200 Connection established', echoed: 'ping' });
  });

  it('refuses a cluster IP with 403 and never dials it', async () => {
    const before = dialed.length;
    const result = await tunnel('10.0.0.12:443');
    expect(result.status).toBe('HTTP/1.1 403 Forbidden');
    expect(result.echoed).toContain('10.0.0.12:443 refused');
    expect(dialed.length).toBe(before);
  });

  it('redirects a registered pod address to its loopback replacement, until removed', async () => {
    registerEgressMapping(paths(), 'ns/operator-pod', { '10.244.0.7:9443': `127.0.0.1:${upstreamPort}` });
    expect(await tunnel('10.244.0.7:9443', 'via mapping')).toEqual({
      status: 'HTTP/1.1 200 Connection established',
      echoed: 'via mapping',
    });
    expect(dialed.at(-1)).toEqual({ host: '127.0.0.1', port: upstreamPort });
    removeEgressMapping(paths(), 'ns/operator-pod');
    expect((await tunnel('10.244.0.7:9443')).status).toBe('HTTP/1.1 403 Forbidden');
  });

  it('refuses to register a mapping to a non-loopback address', () => {
    expect(() => registerEgressMapping(paths(), 'x', { '10.244.0.7:9443': '10.0.0.1:1' })).toThrow(
      /not a loopback/,
    );
    writeFileSync(join(paths().mappingsDir, 'hand-written.json'), '{"10.244.0.9:1": "192.168.0.1:1"}');
  });

  it('refuses a hand-written mapping to a non-loopback address', async () => {
    const before = dialed.length;
    expect((await tunnel('10.244.0.9:1')).status).toBe('HTTP/1.1 403 Forbidden');
    expect(dialed.length).toBe(before);
  });

  it('answers 502 when the loopback target does not listen', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await tunnel(`127.0.0.1:${port}`)).status).toBe('HTTP/1.1 502 Bad Gateway');
  });

  it('logs every CONNECT with its decision', () => {
    const log = readEgressLog(paths());
    expect(log.map(({ target, decision, outcome }) => ({ target, decision, outcome }))).toEqual([
      { target: `127.0.0.1:${upstreamPort}`, decision: 'loopback', outcome: 'connected' },
      { target: '10.0.0.12:443', decision: 'refused', outcome: undefined },
      { target: '10.244.0.7:9443', decision: 'mapped', outcome: 'connected' },
      { target: '10.244.0.7:9443', decision: 'refused', outcome: undefined },
      { target: '10.244.0.9:1', decision: 'refused', outcome: undefined },
      {
        target: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
        decision: 'loopback',
        outcome: expect.stringContaining('ECONNREFUSED'),
      },
    ]);
  });
});
