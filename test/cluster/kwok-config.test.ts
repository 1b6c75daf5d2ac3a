// kwok's configuration and the node pools, as data (the live behaviour is in workloads.test.ts).
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KUBERNETES_SERVICE_CIDR } from './control-plane.js';
import { kwokConfig, POD_CIDR, TEST_EXIT_CODE_ANNOTATION } from './kwok-config.js';
import { nodeObject, nodePool } from './node-pools.js';

describe('kwok --config', () => {
  const documents = parseAllDocuments(kwokConfig(['kubeflow/training-operator'])).map((d) => d.toJS());

  it('sets every option kwok v0.8.0 does not default, and a pod CIDR apart from the Service CIDR', () => {
    const options = documents[0].options;
    expect(documents[0].kind).toBe('KwokConfiguration');
    for (const key of [
      'nodeLeaseParallelism',
      'nodePlayStageParallelism',
      'podPlayStageParallelism',
      'podsOnNodeSyncParallelism',
    ])
      expect(options[key], key).toBeGreaterThan(0);
    expect(options.cidr).toBe(POD_CIDR);
    expect(POD_CIDR.split('.').slice(0, 2)).not.toEqual(KUBERNETES_SERVICE_CIDR.split('.').slice(0, 2));
    expect(options.manageAllNodes).toBe(false);
    expect(options.serverAddress).toBeUndefined();
    expect(options.nodePort).toBeUndefined();
  });

  it('has node and pod stages; pods the agent runs are not made Ready by kwok; the test-only failure stage', () => {
    const stages = documents.slice(1);
    expect(stages.every((s) => s.kind === 'Stage')).toBe(true);
    expect(stages.map((s) => s.metadata.name)).toEqual([
      'node-initialize',
      'pod-create',
      'pod-init-container-running',
      'pod-init-container-completed',
      'pod-ready',
      'pod-complete-tfjob',
      'pod-complete-job',
      'pod-fail-test-only',
      'pod-delete',
    ]);
    const ready = stages.find((s) => s.metadata.name === 'pod-ready');
    expect(JSON.stringify(ready.spec.selector)).toContain('startswith(\\"kubeflow/training-operator:\\")');
    const fail = stages.find((s) => s.metadata.name === 'pod-fail-test-only');
    expect(fail.spec.next.statusTemplate).toContain(
      `index $.metadata.annotations "${TEST_EXIT_CODE_ANNOTATION}"`,
    );
    expect(fail.spec.next.statusTemplate).toContain('phase: Failed');
  });
});

describe('node pools', () => {
  it('gke has a GPU node with two nvidia.com/gpu, tainted; minikube has CPU nodes only', () => {
    const gke = nodePool('gke', 'gke');
    const gpu = gke.filter((n) => n.capacity['nvidia.com/gpu']);
    expect(gpu.map((n) => n.name)).toEqual(['gke-kf-gpu-pool-0']);
    expect(gpu[0]!.capacity['nvidia.com/gpu']).toBe('2');
    expect(gpu[0]!.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
    expect(nodePool('minikube', 'minikube').map((n) => n.name)).toEqual(['minikube', 'minikube-m02']);
    expect(nodePool('minikube', 'minikube').some((n) => n.capacity['nvidia.com/gpu'])).toBe(false);
    expect(nodeObject(gpu[0]!)).toMatchObject({
      metadata: { annotations: { 'kwok.x-k8s.io/node': 'fake' } },
      status: { allocatable: { 'nvidia.com/gpu': '2' } },
    });
  });
});
