// Locates (building on first use) the kube-apiserver and etcd binaries via build.sh.
import { execFile } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkloadBinaries } from './workloads.js';

export interface ControlPlaneBinaries {
  dir: string;
  kubeApiserver: string;
  etcd: string;
}

const buildScript = join(dirname(fileURLToPath(import.meta.url)), 'build.sh');

/**
 * Returns the folder with both binaries: `KUBEBUILDER_ASSETS` when set, otherwise the
 * cache folder, built by build.sh if missing (10–20 minutes on a cold 2-core machine;
 * progress goes to our stderr).
 */
export async function ensureBinaries(): Promise<ControlPlaneBinaries> {
  const dir = await new Promise<string>((resolve, reject) => {
    const child = execFile('bash', [buildScript], { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error)
        reject(new Error(`building kube-apiserver and etcd failed (${buildScript}): ${error.message}`));
      else resolve(stdout.trim().split('\n').pop() ?? '');
    });
    child.stderr?.pipe(process.stderr);
  });
  return { dir, kubeApiserver: join(dir, 'kube-apiserver'), etcd: join(dir, 'etcd') };
}

const workloadsScript = join(dirname(fileURLToPath(import.meta.url)), 'build-workloads.sh');

/**
 * The folder with kube-controller-manager, kube-scheduler, kwok and training-operator, built by
 * build-workloads.sh on first use (see README: ~25 CPU-minutes cold; progress on our stderr).
 */
export async function ensureWorkloadBinaries(): Promise<WorkloadBinaries> {
  const dir = await new Promise<string>((resolve, reject) => {
    const child = execFile('bash', [workloadsScript], { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error)
        reject(new Error(`building the workload binaries failed (${workloadsScript}): ${error.message}`));
      else resolve(stdout.trim().split('\n').pop() ?? '');
    });
    child.stderr?.pipe(process.stderr);
  });
  return {
    dir,
    kubeControllerManager: join(dir, 'kube-controller-manager'),
    kubeScheduler: join(dir, 'kube-scheduler'),
    kwok: join(dir, 'kwok'),
    trainingOperator: join(dir, 'training-operator'),
  };
}
