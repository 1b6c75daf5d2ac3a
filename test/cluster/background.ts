// Background clusters for people and the demo: clusterUp() starts the `minikube` and
// `gke` control planes so that they outlive this process, clusterDown() stops them.
// State (pgids, dirs, kubeconfig path) lives in ${XDG_CACHE_HOME:-~/.cache}/kf/clusters/.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startClusters, stopClusters, type ClustersState } from './clusters.js';
import { controlPlaneIsRunning } from './control-plane.js';

export function clusterStateDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kf', 'clusters');
}

const stateFile = (): string => join(clusterStateDir(), 'state.json');

export function readClusterState(): ClustersState | undefined {
  if (!existsSync(stateFile())) return undefined;
  return JSON.parse(readFileSync(stateFile(), 'utf8')) as ClustersState;
}

function writeClusterState(state: ClustersState): void {
  mkdirSync(clusterStateDir(), { recursive: true });
  const tmp = `${stateFile()}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, stateFile());
}

export function allRunning(state: ClustersState): boolean {
  return state.controlPlanes.every(controlPlaneIsRunning);
}

/**
 * Starts the clusters in the background (they outlive this process) unless they already
 * run. Used by `npm run cluster:up` and importable by the demo.
 */
export async function clusterUp(
  options: { workloads?: boolean } = {},
): Promise<{ state: ClustersState; alreadyRunning: boolean }> {
  const workloads = options.workloads ?? true;
  const existing = readClusterState();
  if (existing && allRunning(existing) && (existing.workloads ?? false) === workloads)
    return { state: existing, alreadyRunning: true };
  if (existing) await clusterDown();
  const clusters = await startClusters({
    dir: join(clusterStateDir(), 'run'),
    tiedToThisProcess: false,
    workloads,
  });
  writeClusterState(clusters.state);
  return { state: clusters.state, alreadyRunning: false };
}

/** Stops clusters started by clusterUp(); does nothing when none are recorded. */
export async function clusterDown(): Promise<boolean> {
  const state = readClusterState();
  if (!state) return false;
  try {
    await stopClusters(state);
  } finally {
    rmSync(stateFile(), { force: true });
  }
  return true;
}
