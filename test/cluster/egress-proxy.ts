// The HTTP CONNECT proxy every control plane's kube-apiserver sends its `cluster` and
// `controlplane` egress through (webhooks, aggregated APIs, node/pod/service proxy, kubelet
// calls). It listens on a Unix socket and dials only loopback addresses: a target that is not
// loopback is refused without any dial unless a mapping file in `mappingsDir` names a
// loopback replacement for it. Every CONNECT is logged as one JSON line.
import { appendFileSync, chmodSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import {
  decideEgress,
  formatTarget,
  mergeMappingFiles,
  type EgressDecision,
  type EgressTarget,
} from './egress-policy.js';

export interface EgressProxyOptions {
  socketPath: string;
  /** Folder of `*.json` mapping files, re-read on every CONNECT. */
  mappingsDir: string;
  /** JSON lines, one per CONNECT (see EgressLogEntry). */
  logFile: string;
  /** Opens the upstream connection; only ever called with a loopback target. */
  dial?: (target: EgressTarget) => Socket;
}

/** One line of the proxy's log. */
export interface EgressLogEntry {
  time: string;
  /** What the API server asked for (`host:port`). */
  target: string;
  decision: EgressDecision['decision'];
  /** The loopback address dialled (loopback and mapped only). */
  dialed?: string;
  /** connected | the dial error (loopback and mapped only). */
  outcome?: string;
  reason?: string;
}

export function readMappings(mappingsDir: string): { mappings: Map<string, string>; problems: string[] } {
  let names: string[];
  try {
    names = readdirSync(mappingsDir).filter((name) => name.endsWith('.json'));
  } catch {
    names = [];
  }
  const files = names.flatMap((name) => {
    try {
      return [{ name, text: readFileSync(join(mappingsDir, name), 'utf8') }];
    } catch {
      return []; // removed between readdir and read
    }
  });
  return mergeMappingFiles(files);
}

const defaultDial = (target: EgressTarget): Socket => connect({ host: target.host, port: target.port });

function refuse(socket: Duplex, status: string, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function startEgressProxy(options: EgressProxyOptions): Promise<{ close(): Promise<void> }> {
  const dial = options.dial ?? defaultDial;
  const log = (entry: Omit<EgressLogEntry, 'time'>): void =>
    appendFileSync(options.logFile, `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);

  const tunnels = new Set<Duplex>();
  const server = createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'text/plain' }).end('only CONNECT is served\n');
  });
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    client.on('error', () => client.destroy());
    const { mappings, problems } = readMappings(options.mappingsDir);
    for (const problem of problems)
      log({ target: req.url ?? '', decision: 'refused', reason: `bad mapping file ${problem}` });
    const decided = decideEgress(req.url ?? '', mappings);
    if (decided.decision === 'refused') {
      log({ target: decided.target, decision: 'refused', reason: decided.reason });
      refuse(
        client,
        '403 Forbidden',
        `kf test cluster egress proxy: ${decided.target} refused: ${decided.reason}`,
      );
      return;
    }
    const dialed = formatTarget(decided.dial);
    const upstream = dial(decided.dial);
    let established = false;
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    upstream.once('connect', () => {
      established = true;
      log({ target: decided.target, decision: decided.decision, dialed, outcome: 'connected' });
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', (error) => {
      if (!established) {
        log({ target: decided.target, decision: decided.decision, dialed, outcome: error.message });
        refuse(client, '502 Bad Gateway', `kf test cluster egress proxy: ${dialed}: ${error.message}`);
      } else client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });

  rmSync(options.socketPath, { force: true });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.socketPath, () => {
      chmodSync(options.socketPath, 0o600);
      resolve({
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            for (const tunnel of tunnels) tunnel.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
