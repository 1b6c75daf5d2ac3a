// The loopback guarantee of a control plane, from the harness's side: where its egress
// proxy lives, the kube-apiserver configuration that sends egress through it, how to start
// it, and the mapping API (pod IP:port -> loopback port) other harness code uses.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isLoopbackIp, mappingKey, parseTarget } from './egress-policy.js';
import type { EgressLogEntry } from './egress-proxy.js';
import { spawnInGroup, type ManagedProcess } from './process-group.js';

export type { EgressLogEntry } from './egress-proxy.js';

/** Where a control plane's egress proxy listens, reads its mappings and logs. JSON-serialisable. */
export interface EgressPaths {
  socketPath: string;
  mappingsDir: string;
  logFile: string;
}

// sun_path holds 108 bytes including the terminating NUL.
const MAX_SOCKET_PATH = 107;

export function egressPaths(planeDir: string): EgressPaths {
  const paths = {
    socketPath: join(planeDir, 'egress.sock'),
    mappingsDir: join(planeDir, 'egress-mappings'),
    logFile: join(planeDir, 'egress.log'),
  };
  if (Buffer.byteLength(paths.socketPath) > MAX_SOCKET_PATH)
    throw new Error(
      `control-plane directory ${planeDir} is too long for a Unix socket path (${paths.socketPath}); use a shorter parent directory`,
    );
  return paths;
}

/**
 * kube-apiserver --egress-selector-config-file: `cluster` (service webhooks, aggregated
 * APIServices, node/pod/service proxy, kubelet) and `controlplane` (URL webhooks, authn/authz
 * webhooks, audit, tracing) both go through the proxy. `etcd` is left direct: its only target
 * is the harness's own --etcd-servers=http://127.0.0.1:<port>.
 */
export function egressSelectorConfiguration(socketPath: string): string {
  const viaProxy = {
    proxyProtocol: 'HTTPConnect',
    transport: { uds: { udsName: socketPath } },
  };
  return JSON.stringify(
    {
      apiVersion: 'apiserver.k8s.io/v1beta1',
      kind: 'EgressSelectorConfiguration',
      egressSelections: [
        { name: 'cluster', connection: viaProxy },
        { name: 'controlplane', connection: viaProxy },
      ],
    },
    null,
    2,
  );
}

/** The proxy as a child process in its own group; its stdout/stderr go to `processLog`. */
export function spawnEgressProxy(
  name: string,
  paths: EgressPaths,
  processLog: string,
  env: NodeJS.ProcessEnv,
): ManagedProcess {
  mkdirSync(paths.mappingsDir, { recursive: true });
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const entry = join(import.meta.dirname, 'egress-proxy-process.ts');
  return spawnInGroup(
    `egress proxy (${name})`,
    process.execPath,
    ['--import', tsxLoader, entry, paths.socketPath, paths.mappingsDir, paths.logFile],
    processLog,
    env,
  );
}

/** Resolves true when the proxy accepts connections on its socket. */
export function probeEgressProxy(socketPath: string): Promise<boolean> {
  if (!existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Lets the API server reach `from` (an address it dials, e.g. a pod IP and container port
 * behind a webhook Service) at the loopback address `to`. `name` identifies the registration
 * (one file per name, e.g. the pod's namespace/name); registering the same name again
 * replaces it. Takes effect on the proxy's next CONNECT; safe from any process.
 */
export function registerEgressMapping(
  paths: Pick<EgressPaths, 'mappingsDir'>,
  name: string,
  mappings: Readonly<Record<string, string>>,
): void {
  const entries: Record<string, string> = {};
  for (const [from, to] of Object.entries(mappings)) {
    const source = parseTarget(from);
    const target = parseTarget(to);
    if (!source) throw new Error(`egress mapping ${name}: ${JSON.stringify(from)} is not ip:port`);
    if (!target || !isLoopbackIp(target.host))
      throw new Error(`egress mapping ${name}: ${JSON.stringify(to)} is not a loopback ip:port`);
    entries[mappingKey(source)] = to;
  }
  mkdirSync(paths.mappingsDir, { recursive: true });
  const file = mappingFile(paths, name);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(entries, null, 2)}\n`);
  renameSync(temp, file);
}

export function removeEgressMapping(paths: Pick<EgressPaths, 'mappingsDir'>, name: string): void {
  rmSync(mappingFile(paths, name), { force: true });
}

function mappingFile(paths: Pick<EgressPaths, 'mappingsDir'>, name: string): string {
  return join(paths.mappingsDir, `${encodeURIComponent(name)}.json`);
}

/** Every CONNECT the proxy has answered so far, oldest first. */
export function readEgressLog(paths: Pick<EgressPaths, 'logFile'>): EgressLogEntry[] {
  if (!existsSync(paths.logFile)) return [];
  return readFileSync(paths.logFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EgressLogEntry);
}

/** The environment for the control plane's processes: no proxy variables (nothing may be sent to a proxy host). */
export function serverEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^(https?|all|no|ftp)_proxy$/i.test(key)));
}
