// The images the pod agent can "run" (as the real program, built from source by
// build-workloads.sh) and how: a tiny container runtime table. Pure data, shared by the
// harness (which tells kwok to leave these pods to the agent) and the agent itself.

export interface AgentRuntime {
  /** Image repository, e.g. `kubeflow/training-operator`. */
  image: string;
  /** The only tag the harness can run: the image tag of the version it built. */
  tag: string;
  /** What that tag is (shown when a pod asks for another tag). */
  version: string;
  /** Ports the program listens on in a real pod (metrics, probes, webhook). */
  ports: readonly number[];
  /**
   * Flags appended to the container's args so that the program listens on loopback ports the
   * agent chose instead of the containerPorts (two planes run on one host) and reads the
   * kubeconfig the agent wrote (with the pod's ServiceAccount token) instead of the in-cluster
   * configuration. `ports` maps containerPort → loopback port.
   */
  flags(ports: ReadonlyMap<number, number>, kubeconfig: string): string[];
}

/** Kubeflow training operator v1.8.1 (github.com/kubeflow/training-operator, image tag v1-04f9f13). */
export const TRAINING_OPERATOR: AgentRuntime = {
  image: 'kubeflow/training-operator',
  tag: 'v1-04f9f13',
  version: 'v1.8.1',
  ports: [8080, 8081, 9443],
  flags: (ports, kubeconfig) => [
    `--metrics-bind-address=127.0.0.1:${ports.get(8080)}`,
    `--health-probe-bind-address=127.0.0.1:${ports.get(8081)}`,
    // The webhook server has no address flag (it listens on all interfaces): only the port can
    // be moved. Nothing but the apiserver's loopback egress proxy connects to it.
    `--webhook-server-port=${ports.get(9443)}`,
    `--kubeconfig=${kubeconfig}`,
  ],
};

export const AGENT_RUNTIMES: readonly AgentRuntime[] = [TRAINING_OPERATOR];

export interface AgentConfig {
  plane: string;
  /** Where pod directories are created. */
  dir: string;
  server: string;
  caPem: string;
  token: string;
  /** The egress proxy's mappings (the apiserver reaches pod IP:containerPort at the loopback port). */
  egressMappingsDir: string;
  /** image repository → executable */
  binaries: Record<string, string>;
}
