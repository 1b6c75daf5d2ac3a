// One test control plane: an etcd and a kube-apiserver on free loopback ports, with a
// private temp directory, started in their own process groups and waited on until
// /readyz answers 200 over verified TLS.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ControlPlaneBinaries } from './binaries.js';
import { newServiceAccountKeyPair, newToken, tokenAuthFile, type TokenUser } from './credentials.js';
import { startWorkloads, workloadUsers, type WorkloadBinaries } from './workloads.js';
import type { NodePoolName } from './node-pools.js';
import {
  egressPaths,
  egressSelectorConfiguration,
  probeEgressProxy,
  serverEnvironment,
  spawnEgressProxy,
  type EgressPaths,
} from './egress.js';
import { freePorts } from './ports.js';
import {
  isAlive,
  killGroups,
  processesMentioning,
  registerForCleanup,
  spawnInGroup,
  spawnWatchdog,
  unregisterForCleanup,
  type ManagedProcess,
} from './process-group.js';

/** Everything needed to reach or stop a running control plane; JSON-serialisable. */
export interface ControlPlaneState {
  name: string;
  /** https://127.0.0.1:<port> */
  server: string;
  /** PEM of the CA that verifies the apiserver's serving certificate. */
  caPem: string;
  /** Path of the same CA bundle (the apiserver's --cert-dir/apiserver.crt). */
  caFile: string;
  etcdUrl: string;
  /** Temp directory holding data, certificates, keys and logs; removed on stop. */
  dir: string;
  /** Process-group ids (= pids of the group leaders): apiserver, etcd, egress proxy, watchdog if any. */
  pgids: number[];
  /** Pid of the kube-apiserver process. */
  apiserverPid: number;
  apiserverLog: string;
  etcdLog: string;
  /**
   * The egress proxy every outgoing call of the apiserver (webhooks, aggregated APIs, proxy,
   * kubelet) goes through; register loopback replacements with registerEgressMapping(egress, …).
   */
  egress: EgressPaths;
  /** Set when the plane runs workloads: its node names and the logs of its controllers. */
  workloads?: { nodes: string[]; logs: Record<string, string> };
}

export interface ControlPlane extends ControlPlaneState {
  stop(): Promise<void>;
}

export interface ControlPlaneOptions {
  name: string;
  binaries: ControlPlaneBinaries;
  /** Users of --token-auth-file; `probeToken` must be one of their tokens. */
  users: readonly TokenUser[];
  /** Bearer token used for the /readyz probe. */
  probeToken: string;
  /** Directory in which the control plane's temp directory is created (default: os.tmpdir()). */
  parentDir?: string;
  /**
   * true (default): the processes die with this Node process (exit, SIGINT, SIGTERM, and
   * a watchdog for SIGKILL). false: they outlive it (`npm run cluster:up`); stop them
   * with stopControlPlane(state).
   */
  tiedToThisProcess?: boolean;
  readyTimeoutMs?: number;
  /**
   * Run workloads: kube-controller-manager, kube-scheduler, kwok with a node pool and the pod
   * agent (see workloads.ts). Off by default (a bare apiserver + etcd).
   */
  workloads?: { binaries: WorkloadBinaries; nodePool?: NodePoolName };
}

// ClusterIPs are allocated from this range but never dialled: the apiserver reaches Services only
// through its loopback egress proxy (--enable-aggregator-routing picks endpoints, not ClusterIPs),
// and no harness process connects to a ClusterIP.
export const KUBERNETES_SERVICE_CIDR = '10.0.0.0/24';

const workloadUsersFor = () => workloadUsers(newToken);

function etcdArgs(dir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=default',
    `--data-dir=${join(dir, 'etcd-data')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ];
}

function apiserverArgs(dir: string, port: number, etcdUrl: string, workloads: boolean): string[] {
  return [
    // Loopback only: every call the apiserver makes to the cluster or to a webhook URL goes
    // through the egress proxy, which dials loopback addresses only (see README).
    `--egress-selector-config-file=${join(dir, 'egress-selector.json')}`,
    // Service webhooks and APIServices resolve to their endpoints (pod IP:port, what the
    // proxy's mappings name) instead of a ClusterIP; without endpoints nothing is dialled.
    '--enable-aggregator-routing=true',
    `--etcd-servers=${etcdUrl}`,
    `--cert-dir=${join(dir, 'certs')}`,
    `--secure-port=${port}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--service-cluster-ip-range=${KUBERNETES_SERVICE_CIDR}`,
    '--allow-privileged=true',
    '--authorization-mode=RBAC',
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--disable-admission-plugins=ServiceAccount',
    // Pods that ask for an extended resource such as nvidia.com/gpu tolerate the taint of the
    // nodes that have it (as on GKE, whose GPU node pools are tainted nvidia.com/gpu).
    ...(workloads ? ['--enable-admission-plugins=ExtendedResourceToleration'] : []),
    `--service-account-issuer=https://127.0.0.1:${port}`,
    `--service-account-key-file=${join(dir, 'sa.pub')}`,
    `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
    // Endpoints may not point at loopback addresses; nothing needs the kubernetes
    // Service's endpoints here, so do not reconcile them.
    '--endpoint-reconciler-type=none',
    '--profiling=false',
  ];
}

function logTail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

type Probe = 'ready' | 'not-ready';

function probeHttp(url: string): Promise<Probe> {
  return new Promise((resolve) => {
    const req = httpGet(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? 'ready' : 'not-ready');
    });
    req.on('error', () => resolve('not-ready'));
    req.on('timeout', () => req.destroy());
  });
}

function probeHttps(url: string, caPem: string, token: string): Promise<Probe> {
  return new Promise((resolve) => {
    const req = httpsGet(
      url,
      { ca: caPem, timeout: 2000, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? 'ready' : 'not-ready');
      },
    );
    req.on('error', () => resolve('not-ready'));
    req.on('timeout', () => req.destroy());
  });
}

async function waitFor(
  what: string,
  deadline: number,
  processes: readonly ManagedProcess[],
  probe: () => Promise<Probe>,
): Promise<void> {
  while (true) {
    for (const p of processes) {
      const code = p.exitCode();
      if (code !== undefined) {
        throw new Error(
          `${p.name} exited (code ${code}) while waiting for ${what}; log ${p.logFile}:\n${logTail(p.logFile)}`,
        );
      }
    }
    if ((await probe()) === 'ready') return;
    if (Date.now() > deadline) {
      const logs = processes.map((p) => `--- ${p.name} (${p.logFile}):\n${logTail(p.logFile)}`).join('\n');
      throw new Error(`timed out waiting for ${what}\n${logs}`);
    }
    await sleep(100);
  }
}

/**
 * Starts etcd + kube-apiserver and resolves once /readyz answers 200. On failure every
 * process is stopped, the directory removed, and the error carries the log tails. A
 * port taken by someone else between our probe and the server's bind is retried.
 */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startControlPlaneOnce(options);
    } catch (error) {
      const portTaken = error instanceof Error && /address already in use/.test(error.message);
      if (!portTaken || attempt === 3) throw error;
    }
  }
}

async function startControlPlaneOnce(options: ControlPlaneOptions): Promise<ControlPlane> {
  const { name, binaries, users, probeToken } = options;
  const tied = options.tiedToThisProcess ?? true;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);

  const parent = options.parentDir ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `kf-cluster-${name}-`));
  const [etcdClientPort, etcdPeerPort, apiserverPort] = await freePorts(3);
  const etcdUrl = `http://127.0.0.1:${etcdClientPort}`;
  const server = `https://127.0.0.1:${apiserverPort}`;

  const keys = newServiceAccountKeyPair();
  writeFileSync(join(dir, 'sa.pub'), keys.publicKeyPem);
  writeFileSync(join(dir, 'sa.key'), keys.privateKeyPem, { mode: 0o600 });
  const planeUsers = options.workloads ? workloadUsersFor() : undefined;
  writeFileSync(
    join(dir, 'tokens.csv'),
    tokenAuthFile([...users, ...(planeUsers ? Object.values(planeUsers) : [])]),
    { mode: 0o600 },
  );
  const egress = egressPaths(dir);
  writeFileSync(join(dir, 'egress-selector.json'), egressSelectorConfiguration(egress.socketPath));
  const env = serverEnvironment();

  const started: ManagedProcess[] = [];
  const cleanupKey = dir;
  const pgids = (): number[] => started.map((p) => p.pid);
  const stopStarted = async (): Promise<void> => {
    await killGroups(pgids());
    unregisterForCleanup(cleanupKey);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const proxy = spawnEgressProxy(name, egress, join(dir, 'egress-proxy.log'), env);
    started.push(proxy);
    if (tied) registerForCleanup(cleanupKey, pgids(), dir);
    const etcd = spawnInGroup(
      `etcd (${name})`,
      binaries.etcd,
      etcdArgs(dir, etcdClientPort, etcdPeerPort),
      join(dir, 'etcd.log'),
      env,
    );
    started.push(etcd);
    if (tied) registerForCleanup(cleanupKey, pgids(), dir);

    // Start the apiserver right away (it retries etcd while it initialises, which takes
    // seconds); waiting for etcd first would only add its start-up time to ours.
    const apiserver = spawnInGroup(
      `kube-apiserver (${name})`,
      binaries.kubeApiserver,
      apiserverArgs(dir, apiserverPort, etcdUrl, options.workloads !== undefined),
      join(dir, 'kube-apiserver.log'),
      env,
    );
    started.unshift(apiserver); // stop the apiserver before its etcd
    if (tied) {
      started.push(spawnWatchdog(process.pid, pgids(), dir));
      registerForCleanup(cleanupKey, pgids(), dir);
    }

    await waitFor(
      `egress proxy of ${name} at ${egress.socketPath}`,
      deadline,
      [proxy, etcd, apiserver],
      async () => ((await probeEgressProxy(egress.socketPath)) ? 'ready' : 'not-ready'),
    );
    await waitFor(`etcd of ${name} at ${etcdUrl}/health`, deadline, [etcd, apiserver], () =>
      probeHttp(`${etcdUrl}/health`),
    );
    const caFile = join(dir, 'certs', 'apiserver.crt');
    let caPem = '';
    await waitFor(
      `kube-apiserver of ${name} at ${server}/readyz`,
      deadline,
      [apiserver, etcd, proxy],
      async () => {
        // The apiserver writes its serving certificate and CA here before it serves;
        // re-read until the probe succeeds so a half-written file cannot stick.
        caPem = existsSync(caFile) ? readFileSync(caFile, 'utf8') : '';
        return caPem.includes('END CERTIFICATE')
          ? probeHttps(`${server}/readyz`, caPem, probeToken)
          : 'not-ready';
      },
    );

    let workloads: ControlPlaneState['workloads'];
    if (options.workloads && planeUsers) {
      workloads = await startWorkloads({
        name,
        dir,
        server,
        caPem,
        caFile,
        adminToken: probeToken,
        egressMappingsDir: egress.mappingsDir,
        users: planeUsers,
        binaries: options.workloads.binaries,
        nodePool: options.workloads.nodePool,
        deadline,
        onProcesses: (processes) => {
          // Before the apiserver so that nothing talks to a stopped apiserver for long.
          started.unshift(...processes);
          if (tied) {
            started.push(
              spawnWatchdog(
                process.pid,
                processes.map((p) => p.pid),
                dir,
              ),
            );
            registerForCleanup(cleanupKey, pgids(), dir);
          }
        },
      });
    }

    const state: ControlPlaneState = {
      name,
      server,
      caPem,
      caFile,
      etcdUrl,
      dir,
      pgids: pgids(),
      apiserverPid: apiserver.pid,
      apiserverLog: apiserver.logFile,
      etcdLog: etcd.logFile,
      ...(workloads ? { workloads } : {}),
      egress,
    };
    return { ...state, stop: () => stopControlPlane(state) };
  } catch (error) {
    await stopStarted();
    throw error;
  }
}

/**
 * Stops a control plane from its recorded state (possibly started by another process):
 * kills its process groups, removes its directory, and fails if any process that
 * mentions its directory is still alive.
 */
export async function stopControlPlane(
  state: Pick<ControlPlaneState, 'pgids' | 'dir' | 'name'>,
): Promise<void> {
  await killGroups(state.pgids);
  unregisterForCleanup(state.dir);
  rmSync(state.dir, { recursive: true, force: true });
  const leftovers = processesMentioning(state.dir);
  if (leftovers.length > 0)
    throw new Error(`control plane ${state.name}: processes ${leftovers.join(', ')} survived stop`);
}

export function controlPlaneIsRunning(state: Pick<ControlPlaneState, 'pgids'>): boolean {
  return state.pgids.some(isAlive);
}
