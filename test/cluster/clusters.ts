// The set of test clusters kf's integration tests and demo use: independent control
// planes (by default `minikube` and `gke`) plus one kubeconfig naming them all, and the
// `restricted` context. This is the module other code imports:
//   const clusters = await startClusters();   // builds the binaries on first use
//   process.env.KUBECONFIG = clusters.kubeconfigPath;
//   ...
//   await clusters.stop();                     // or stopClusters(clusters.state)
import { KubeConfig } from '@kubernetes/client-node';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBinaries, ensureWorkloadBinaries, type ControlPlaneBinaries } from './binaries.js';
import {
  startControlPlane,
  stopControlPlane,
  type ControlPlane,
  type ControlPlaneState,
} from './control-plane.js';
import { newTestUsers } from './credentials.js';
import { registerForCleanup, unregisterForCleanup } from './process-group.js';
import { buildKubeconfig, RESTRICTED_CONTEXT, writeKubeconfig } from './kubeconfig.js';
import { grantReadOnly, RESTRICTED_NAMESPACE } from './restricted.js';

export { RESTRICTED_CONTEXT };
export { RESTRICTED_NAMESPACE } from './restricted.js';

export const DEFAULT_CLUSTER_NAMES = ['minikube', 'gke'] as const;

export interface StartClustersOptions {
  /** One control plane per name; each name becomes a cluster and a context. Default minikube, gke. */
  names?: readonly string[];
  /** Directory for the kubeconfig and the control planes' data; default a fresh temp dir. Removed on stop. */
  dir?: string;
  /** See ControlPlaneOptions.tiedToThisProcess (default true). */
  tiedToThisProcess?: boolean;
  /** Use these binaries instead of ensureBinaries(). */
  binaries?: ControlPlaneBinaries;
  readyTimeoutMs?: number;
  /**
   * Run workloads on every plane: kube-controller-manager, kube-scheduler, kwok nodes (minikube:
   * 2 CPU nodes; gke: 2 CPU nodes + 1 GPU node) and the pod agent that runs the training
   * operator. Builds those binaries on first use.
   */
  workloads?: boolean;
}

/** JSON-serialisable description of running clusters (what `cluster:up` stores). */
export interface ClustersState {
  dir: string;
  kubeconfigPath: string;
  /** Context names in start order; the first one is current-context. */
  contexts: string[];
  restrictedContext: { context: string; cluster: string; namespace: string };
  controlPlanes: ControlPlaneState[];
  /** Milliseconds from starting the first process until every cluster was ready and set up. */
  readyMs: number;
  /** Whether the planes run workloads (controllers, scheduler, kwok nodes, pod agent). */
  workloads: boolean;
}

export interface Clusters {
  kubeconfigPath: string;
  state: ClustersState;
  controlPlanes: ControlPlane[];
  stop(): Promise<void>;
}

export async function startClusters(options: StartClustersOptions = {}): Promise<Clusters> {
  const names = options.names ?? DEFAULT_CLUSTER_NAMES;
  if (names.length === 0 || new Set(names).size !== names.length)
    throw new Error('cluster names must be distinct and non-empty');
  const binaries = options.binaries ?? (await ensureBinaries());
  const workloadBinaries = options.workloads ? await ensureWorkloadBinaries() : undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kf-clusters-'));
  mkdirSync(dir, { recursive: true });
  // Also remove the kubeconfig's directory if this process is interrupted.
  if (options.tiedToThisProcess ?? true) registerForCleanup(dir, [], dir);
  const users = newTestUsers();
  const started = Date.now();

  const results = await Promise.allSettled(
    names.map((name) =>
      startControlPlane({
        name,
        binaries,
        users: [users.admin, users.restricted],
        probeToken: users.admin.token,
        parentDir: dir,
        tiedToThisProcess: options.tiedToThisProcess,
        readyTimeoutMs: options.readyTimeoutMs ?? (workloadBinaries ? 120_000 : undefined),
        workloads: workloadBinaries ? { binaries: workloadBinaries } : undefined,
      }),
    ),
  );
  const controlPlanes = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const abort = async (error: unknown): Promise<never> => {
    await Promise.allSettled(controlPlanes.map((cp) => cp.stop()));
    rmSync(dir, { recursive: true, force: true });
    unregisterForCleanup(dir);
    throw error;
  };
  if (failure) await abort(failure.reason);

  const kubeconfigPath = join(dir, 'kubeconfig');
  const restricted = {
    cluster: names[0]!,
    user: users.restricted.user,
    token: users.restricted.token,
    namespace: RESTRICTED_NAMESPACE,
  };
  try {
    const adminOnly = buildKubeconfig({
      clusters: controlPlanes,
      admin: { user: users.admin.user, token: users.admin.token },
      currentContext: names[0]!,
    });
    const kc = new KubeConfig();
    kc.loadFromString(JSON.stringify(adminOnly));
    await grantReadOnly(kc, restricted.user, restricted.namespace);
    writeKubeconfig(
      kubeconfigPath,
      buildKubeconfig({
        clusters: controlPlanes,
        admin: { user: users.admin.user, token: users.admin.token },
        restricted,
        currentContext: names[0]!,
      }),
    );
  } catch (error) {
    await abort(error);
  }

  const state: ClustersState = {
    dir,
    kubeconfigPath,
    contexts: [...names],
    restrictedContext: {
      context: RESTRICTED_CONTEXT,
      cluster: restricted.cluster,
      namespace: restricted.namespace,
    },
    controlPlanes: controlPlanes.map(({ stop: _stop, ...cp }) => cp),
    readyMs: Date.now() - started,
    workloads: workloadBinaries !== undefined,
  };
  return { kubeconfigPath, state, controlPlanes, stop: () => stopClusters(state) };
}

/** Stops every control plane of `state` (from this or another process) and removes its directory. */
export async function stopClusters(state: Pick<ClustersState, 'dir' | 'controlPlanes'>): Promise<void> {
  const results = await Promise.allSettled(state.controlPlanes.map((cp) => stopControlPlane(cp)));
  rmSync(state.dir, { recursive: true, force: true });
  unregisterForCleanup(state.dir);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}
