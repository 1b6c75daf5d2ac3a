// What makes a test control plane run workloads (`workloads: true`): kube-controller-manager,
// kube-scheduler and kwok (simulated nodes and pod lifecycles) as child processes in their own
// process groups, each with its own credentials and kubeconfig pointing at the plane's loopback
// apiserver, plus the pod agent (pod-agent.ts) that runs real processes for pods whose image the
// harness can run (the Kubeflow training operator). Nothing here listens on or dials anything
// but 127.0.0.1: kcm and the scheduler serve no port (--secure-port=0), kwok serves none (no
// --server-address / --node-port), and every kubeconfig names https://127.0.0.1:<port>.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiRequest, ApiStatusError, type ApiTarget } from './api-request.js';
import type { TokenUser } from './credentials.js';
import { kwokConfig } from './kwok-config.js';
import { nodeObject, nodePool, type NodePoolName } from './node-pools.js';
import { spawnInGroup, type ManagedProcess } from './process-group.js';
import { AGENT_RUNTIMES, type AgentConfig } from './pod-agent-config.js';

export interface WorkloadBinaries {
  dir: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kwok: string;
  trainingOperator: string;
}

export interface WorkloadsOptions {
  /** Node pool (default: `minikube` for a plane named minikube, `gke` for gke, else `cpu`). */
  nodePool?: NodePoolName;
}

/** The identities of a plane's workload processes (token users of the apiserver). */
export interface WorkloadUsers {
  controllerManager: TokenUser;
  scheduler: TokenUser;
  kwok: TokenUser;
  podAgent: TokenUser;
}

export const KWOK_USER = 'kf-test:kwok';
export const POD_AGENT_USER = 'kf-test:pod-agent';

export function workloadUsers(newToken: () => string): WorkloadUsers {
  return {
    // The bootstrap RBAC of every cluster binds these user names to the roles they need.
    controllerManager: { token: newToken(), user: 'system:kube-controller-manager', uid: 'uid-kcm' },
    scheduler: { token: newToken(), user: 'system:kube-scheduler', uid: 'uid-scheduler' },
    kwok: { token: newToken(), user: KWOK_USER, uid: 'uid-kwok' },
    podAgent: { token: newToken(), user: POD_AGENT_USER, uid: 'uid-pod-agent' },
  };
}

export function defaultNodePool(plane: string): NodePoolName {
  return plane === 'minikube' || plane === 'gke' ? plane : 'cpu';
}

/** A kubeconfig for one identity, verified TLS to the plane's loopback apiserver. */
export function singleUserKubeconfig(server: string, caPem: string, user: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'plane',
        cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: 'plane', context: { cluster: 'plane', user } }],
    'current-context': 'plane',
  });
}

/** RBAC for the identities that have no bootstrap role (kwok, the pod agent). */
export function workloadRbac(): Record<string, unknown>[] {
  const role = (name: string, rules: object[]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules,
  });
  const binding = (name: string, user: string) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  });
  return [
    role(KWOK_USER, [
      { apiGroups: [''], resources: ['nodes', 'nodes/status', 'pods', 'pods/status'], verbs: ['*'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['*'] },
      { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] },
    ]),
    binding(KWOK_USER, KWOK_USER),
    role(POD_AGENT_USER, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/status'], verbs: ['get', 'patch', 'update'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create'] },
    ]),
    binding(POD_AGENT_USER, POD_AGENT_USER),
  ];
}

const here = dirname(fileURLToPath(import.meta.url));

function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

export interface WorkloadProcessesInput {
  name: string;
  dir: string;
  server: string;
  caPem: string;
  caFile: string;
  users: WorkloadUsers;
  binaries: WorkloadBinaries;
  /** Where the apiserver's egress proxy reads its mappings (pod IP:port → loopback). */
  egressMappingsDir: string;
}

/** Spawns kcm, the scheduler, kwok and the pod agent; each in its own process group. */
export function spawnWorkloadProcesses(input: WorkloadProcessesInput): ManagedProcess[] {
  const { name, dir, server, caPem, users, binaries } = input;
  const kubeconfig = (file: string, user: TokenUser): string => {
    const path = join(dir, file);
    writeFileSync(path, singleUserKubeconfig(server, caPem, user.user, user.token), { mode: 0o600 });
    return path;
  };
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir };

  const kcm = spawnInGroup(
    `kube-controller-manager (${name})`,
    binaries.kubeControllerManager,
    [
      `--kubeconfig=${kubeconfig('kube-controller-manager.kubeconfig', users.controllerManager)}`,
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${join(dir, 'sa.key')}`,
      `--root-ca-file=${input.caFile}`,
      '--leader-elect=false',
      '--secure-port=0',
      // Quick reaction in tests: pods of a deleted node, finished TTLs, GC.
      '--concurrent-gc-syncs=5',
      '--v=1',
    ],
    join(dir, 'kube-controller-manager.log'),
    env,
  );
  const scheduler = spawnInGroup(
    `kube-scheduler (${name})`,
    binaries.kubeScheduler,
    [
      `--kubeconfig=${kubeconfig('kube-scheduler.kubeconfig', users.scheduler)}`,
      `--authentication-kubeconfig=${join(dir, 'kube-scheduler.kubeconfig')}`,
      `--authorization-kubeconfig=${join(dir, 'kube-scheduler.kubeconfig')}`,
      '--leader-elect=false',
      '--secure-port=0',
      `--v=${process.env.KF_SCHED_V ?? 1}`,
    ],
    join(dir, 'kube-scheduler.log'),
    env,
  );
  const kwokConfigFile = join(dir, 'kwok.yaml');
  writeFileSync(kwokConfigFile, kwokConfig(AGENT_RUNTIMES.map((r) => r.image)));
  const kwok = spawnInGroup(
    `kwok (${name})`,
    binaries.kwok,
    [`--kubeconfig=${kubeconfig('kwok.kubeconfig', users.kwok)}`, `--config=${kwokConfigFile}`],
    join(dir, 'kwok.log'),
    // kwok also reads ~/.kwok/kwok.yaml: give it a HOME of its own.
    env,
  );
  const agentConfig: AgentConfig = {
    plane: name,
    dir: join(dir, 'pods'),
    server,
    caPem,
    token: users.podAgent.token,
    egressMappingsDir: input.egressMappingsDir,
    binaries: { 'kubeflow/training-operator': binaries.trainingOperator },
  };
  const agentConfigFile = join(dir, 'pod-agent.json');
  writeFileSync(agentConfigFile, JSON.stringify(agentConfig), { mode: 0o600 });
  const agent = spawnInGroup(
    `pod agent (${name})`,
    process.execPath,
    ['--import', tsxLoader(), join(here, 'pod-agent.ts'), agentConfigFile],
    join(dir, 'pod-agent.log'),
    env,
  );
  return [kcm, scheduler, kwok, agent];
}

export interface StartWorkloadsInput extends WorkloadProcessesInput {
  adminToken: string;
  nodePool?: NodePoolName;
  deadline: number;
  /** Called as soon as the processes run, so the caller can stop them on failure. */
  onProcesses(processes: ManagedProcess[]): void;
}

async function createObject(target: ApiTarget, path: string, body: object): Promise<void> {
  try {
    await apiRequest(target, 'POST', path, body);
  } catch (error) {
    if (!(error instanceof ApiStatusError && error.statusCode === 409)) throw error;
  }
}

/**
 * Starts the workload processes of a ready control plane, creates its nodes and resolves once
 * kwok reports every node Ready and the controller manager has created the `default`
 * ServiceAccount (so pods can be created and scheduled).
 */
export async function startWorkloads(
  input: StartWorkloadsInput,
): Promise<{ nodes: string[]; logs: Record<string, string> }> {
  const admin: ApiTarget = { server: input.server, caPem: input.caPem, token: input.adminToken };
  for (const object of workloadRbac()) {
    const kind = (object as { kind: string }).kind === 'ClusterRole' ? 'clusterroles' : 'clusterrolebindings';
    await createObject(admin, `/apis/rbac.authorization.k8s.io/v1/${kind}`, object);
  }
  const processes = spawnWorkloadProcesses(input);
  input.onProcesses(processes);
  const nodes = nodePool(input.nodePool ?? defaultNodePool(input.name), input.name);
  for (const node of nodes) await createObject(admin, '/api/v1/nodes', nodeObject(node));

  const names = nodes.map((n) => n.name);
  for (;;) {
    for (const p of processes) {
      const code = p.exitCode();
      if (code !== undefined)
        throw new Error(`${p.name} exited (code ${code}) while the workloads started; log ${p.logFile}`);
    }
    const list = await apiRequest<{
      items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[];
    }>(admin, 'GET', '/api/v1/nodes');
    const ready = list.items.filter((n) =>
      n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    const sa = await apiRequest(admin, 'GET', '/api/v1/namespaces/default/serviceaccounts/default').then(
      () => true,
      () => false,
    );
    if (sa && names.every((name) => ready.some((n) => n.metadata.name === name))) break;
    if (Date.now() > input.deadline)
      throw new Error(
        `timed out waiting for the nodes of ${input.name} to be Ready (${ready.length}/${names.length}) and the default ServiceAccount (${sa}); logs in ${input.dir}`,
      );
    await sleep(200);
  }
  return {
    nodes: names,
    logs: Object.fromEntries(processes.map((p) => [p.name.replace(/ \(.*\)$/, ''), p.logFile])),
  };
}
