// vitest globalSetup of the `integration` project: builds the binaries if needed,
// starts the `minikube` and `gke` control planes once per run, exports KUBECONFIG to
// the test workers (process.env is inherited; also `inject('kubeconfig')`), and stops
// everything at the end of the run.
import type { TestProject } from 'vitest/node';
import { startClusters, type Clusters, type ClustersState } from './clusters.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the kubeconfig with contexts minikube, gke and restricted. */
    kubeconfig: string;
    /** Description of the running clusters (dirs, servers, pgids). */
    clusters: ClustersState;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // With workloads: the e2e walkthrough and the kubeflow suites need pods, a garbage collector,
  // namespace deletion and the real training operator.
  const clusters: Clusters = await startClusters({ workloads: true });
  process.env.KUBECONFIG = clusters.kubeconfigPath;
  project.provide('kubeconfig', clusters.kubeconfigPath);
  project.provide('clusters', clusters.state);
  process.stderr.write(
    `test clusters ready in ${clusters.state.readyMs} ms: contexts ${[...clusters.state.contexts, clusters.state.restrictedContext.context].join(', ')}; KUBECONFIG=${clusters.kubeconfigPath}\n`,
  );
  return async () => {
    await clusters.stop(); // throws if any of their processes survived
    process.stderr.write('test clusters stopped; no etcd or kube-apiserver of this run is left\n');
  };
}
