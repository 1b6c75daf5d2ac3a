// The simulated nodes of a test cluster with workloads (kwok manages them): which nodes a
// plane gets, with what capacity, labels and taints. Pure data; workloads.ts creates them.

/** Annotation that makes kwok manage a node (its --manage-nodes-with-annotation-selector). */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
export const GPU_RESOURCE = 'nvidia.com/gpu';

export interface NodeSpec {
  name: string;
  labels: Record<string, string>;
  capacity: Record<string, string>;
  taints: { key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[];
}

export type NodePoolName = 'minikube' | 'gke' | 'cpu';

const cpuNode = (name: string, labels: Record<string, string>): NodeSpec => ({
  name,
  labels,
  capacity: { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' },
  taints: [],
});

/**
 * minikube: two CPU nodes (minikube's multi-node naming). gke: two CPU nodes in the default
 * pool and one GPU node with two `nvidia.com/gpu`, tainted `nvidia.com/gpu=present:NoSchedule`
 * as GKE taints its GPU node pools (pods asking for the resource get the toleration from the
 * ExtendedResourceToleration admission plugin). `cpu` (any other plane): two CPU nodes.
 */
export function nodePool(pool: NodePoolName, plane: string): NodeSpec[] {
  const base = (name: string): Record<string, string> => ({
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    type: 'kwok',
  });
  switch (pool) {
    case 'minikube':
      return ['minikube', 'minikube-m02'].map((name) =>
        cpuNode(name, { ...base(name), 'minikube.k8s.io/name': 'minikube' }),
      );
    case 'gke': {
      const cpu = [0, 1].map((i) => {
        const name = `gke-kf-default-pool-${i}`;
        return cpuNode(name, { ...base(name), 'cloud.google.com/gke-nodepool': 'default-pool' });
      });
      const gpuName = 'gke-kf-gpu-pool-0';
      const gpu: NodeSpec = {
        name: gpuName,
        labels: {
          ...base(gpuName),
          'cloud.google.com/gke-nodepool': 'gpu-pool',
          'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4',
        },
        capacity: {
          cpu: '8',
          memory: '30Gi',
          pods: '110',
          'ephemeral-storage': '100Gi',
          [GPU_RESOURCE]: '2',
        },
        taints: [{ key: GPU_RESOURCE, value: 'present', effect: 'NoSchedule' }],
      };
      return [...cpu, gpu];
    }
    case 'cpu':
      return [0, 1].map((i) => cpuNode(`${plane}-node-${i}`, base(`${plane}-node-${i}`)));
  }
}

/** The Node object kwok will manage (status filled from capacity; kwok adds conditions). */
export function nodeObject(node: NodeSpec): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: node.name, labels: node.labels, annotations: { [KWOK_NODE_ANNOTATION]: 'fake' } },
    spec: { taints: node.taints },
    status: { capacity: node.capacity, allocatable: node.capacity },
  };
}
