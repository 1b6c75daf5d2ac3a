// kstatus rules on statuses recorded from real clusters (trimmed to the fields the rules read).
import { describe, expect, it } from 'vitest';
import { computeStatus, ownedPods, podProblem, tfJobPhase, tfJobReplicas } from '../../src/cluster/status.js';
import type { KubeObject } from '../../src/kube-object.js';

const deployment = (
  spec: Record<string, unknown>,
  status: Record<string, unknown> | undefined,
  generation = 1,
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ml', generation },
  spec,
  ...(status ? { status } : {}),
});

const availableDeploymentStatus = {
  observedGeneration: 3,
  replicas: 2,
  updatedReplicas: 2,
  readyReplicas: 2,
  availableReplicas: 2,
  conditions: [
    { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
    { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
  ],
};

describe('computeStatus: Deployment', () => {
  it('is InProgress right after creation (no status yet)', () => {
    expect(computeStatus(deployment({ replicas: 1 }, undefined))).toEqual({
      status: 'InProgress',
      message: 'Replicas: 0/1',
    });
  });
  it('is Current when the new ReplicaSet is available', () => {
    expect(computeStatus(deployment({ replicas: 2 }, availableDeploymentStatus, 3)).status).toBe('Current');
  });
  it('is Current without a Progressing condition when it has no progress deadline (MaxInt32)', () => {
    // Recorded on Kubernetes 1.37 from seldon's Deployment in kubeflow/examples' xgboost app: the
    // controller removes Progressing when progressDeadlineSeconds is MaxInt32.
    const status = {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }],
    };
    expect(
      computeStatus(deployment({ replicas: 1, progressDeadlineSeconds: 2147483647 }, status)).status,
    ).toBe('Current');
    // With a deadline, a missing Progressing condition still means the rollout is not through.
    expect(computeStatus(deployment({ replicas: 1, progressDeadlineSeconds: 600 }, status))).toEqual({
      status: 'InProgress',
      message: 'Rollout in progress',
    });
  });
  it('is InProgress while the controller has not observed the latest generation', () => {
    const result = computeStatus(deployment({ replicas: 2 }, availableDeploymentStatus, 4));
    expect(result.status).toBe('InProgress');
    expect(result.message).toMatch(/generation is 4, but latest observed generation is 3/);
  });
  it('is InProgress during a rollout (old pods still terminating)', () => {
    const status = {
      ...availableDeploymentStatus,
      replicas: 3,
      updatedReplicas: 1,
      conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' }],
    };
    expect(computeStatus(deployment({ replicas: 2 }, status, 3))).toEqual({
      status: 'InProgress',
      message: 'Updated: 1/2',
    });
  });
  it('is Failed when the progress deadline is exceeded', () => {
    const status = {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      unavailableReplicas: 1,
      conditions: [
        { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' },
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "web-7d" has timed out progressing.',
        },
      ],
    };
    expect(computeStatus(deployment({ replicas: 1 }, status)).status).toBe('Failed');
  });
  it('is InProgress while not all replicas are ready', () => {
    const status = {
      ...availableDeploymentStatus,
      readyReplicas: 1,
      availableReplicas: 1,
      updatedReplicas: 1,
    };
    expect(computeStatus(deployment({ replicas: 2 }, { ...status, updatedReplicas: 2 }, 3))).toEqual({
      status: 'InProgress',
      message: 'Available: 1/2',
    });
  });
});

describe('computeStatus: StatefulSet, DaemonSet, Job', () => {
  const sts = (spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', generation: 2 },
    spec,
    status: { observedGeneration: 2, ...status },
  });
  it('StatefulSet is Current when all replicas run the update revision', () => {
    const status = {
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: 'db-5c',
      updateRevision: 'db-5c',
    };
    expect(computeStatus(sts({ replicas: 3 }, status)).status).toBe('Current');
  });
  it('StatefulSet is InProgress while revisions differ', () => {
    const status = {
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 1,
      currentRevision: 'db-5c',
      updateRevision: 'db-6f',
    };
    expect(computeStatus(sts({ replicas: 3 }, status)).status).toBe('InProgress');
  });
  it('StatefulSet with a partition is Current once the partitioned replicas are updated', () => {
    const status = {
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 2,
      updatedReplicas: 1,
      currentRevision: 'a',
      updateRevision: 'b',
    };
    expect(
      computeStatus(
        sts(
          { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } },
          status,
        ),
      ).status,
    ).toBe('Current');
  });
  it('StatefulSet with OnDelete is always Current', () => {
    expect(computeStatus(sts({ replicas: 3, updateStrategy: { type: 'OnDelete' } }, {})).status).toBe(
      'Current',
    );
  });
  it('DaemonSet waits for every scheduled pod to be ready', () => {
    const ds = (status: Record<string, unknown>): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', generation: 1 },
      status,
    });
    expect(computeStatus(ds({})).status).toBe('InProgress');
    const base = {
      observedGeneration: 1,
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    };
    expect(computeStatus(ds({ ...base, numberReady: 2 }))).toEqual({
      status: 'InProgress',
      message: 'Ready: 2/3',
    });
    expect(computeStatus(ds({ ...base, numberReady: 3 })).status).toBe('Current');
  });
  const job = (spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'train' },
    spec,
    status,
  });
  it('Job: not started, running, complete, failed, suspended', () => {
    expect(computeStatus(job({}, {})).status).toBe('InProgress');
    expect(computeStatus(job({}, { startTime: '2026-11-29T01:00:00Z', active: 1 })).status).toBe('Current');
    expect(
      computeStatus(job({}, { conditions: [{ type: 'Complete', status: 'True' }], succeeded: 1 })).message,
    ).toBe('Job Completed');
    const failed = computeStatus(
      job(
        {},
        {
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
            },
          ],
        },
      ),
    );
    expect(failed).toEqual({
      status: 'Failed',
      message: 'Job Failed: Job has reached the specified backoff limit',
    });
    expect(computeStatus(job({ suspend: true }, {})).status).toBe('Current');
  });
});

describe('computeStatus: CRD, PVC, Service, generic', () => {
  const crd = (conditions: unknown[]): KubeObject => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'x.example.com' },
    status: { conditions },
  });
  it('CRD: established, installing, names not accepted', () => {
    expect(
      computeStatus(
        crd([
          { type: 'NamesAccepted', status: 'True' },
          { type: 'Established', status: 'True' },
        ]),
      ).status,
    ).toBe('Current');
    expect(
      computeStatus(
        crd([
          { type: 'NamesAccepted', status: 'True' },
          { type: 'Established', status: 'False', reason: 'Installing' },
        ]),
      ).status,
    ).toBe('InProgress');
    expect(computeStatus(crd([])).status).toBe('InProgress');
    const conflict = computeStatus(
      crd([
        {
          type: 'NamesAccepted',
          status: 'False',
          reason: 'MultipleNamesConflict',
          message: '"widgets" is already in use',
        },
      ]),
    );
    expect(conflict).toEqual({
      status: 'Failed',
      message: 'CRD names not accepted: "widgets" is already in use',
    });
  });
  it('APIService: Current only once the aggregator found it Available, else its reason and message', () => {
    const apiService = (status: Record<string, unknown>): KubeObject => ({
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io' },
      spec: { group: 'metrics.k8s.io', version: 'v1beta1', service: { name: 'prometheus-adapter' } },
      status,
    });
    // recorded from the test cluster: prometheus-adapter's pod "runs" on a kwok node, nothing serves.
    // 10.244.0.6 is only text in a status message here: this pure test connects to nothing, and in
    // the test cluster the egress proxy refused that probe before any dial (the 403 below).
    const failing = {
      conditions: [
        {
          type: 'Available',
          status: 'False',
          reason: 'FailedDiscoveryCheck',
          message:
            'failing or missing response from https://10.244.0.6:6443/apis/metrics.k8s.io/v1beta1: proxy error, code 403: 403 Forbidden',
        },
      ],
    };
    expect(computeStatus(apiService(failing))).toEqual({
      status: 'InProgress',
      message:
        'APIService is not Available: FailedDiscoveryCheck: failing or missing response from https://10.244.0.6:6443/apis/metrics.k8s.io/v1beta1: proxy error, code 403: 403 Forbidden',
    });
    expect(computeStatus(apiService({})).status).toBe('InProgress');
    expect(
      computeStatus(apiService({ conditions: [{ type: 'Available', status: 'True', reason: 'Passed' }] }))
        .status,
    ).toBe('Current');
  });
  it('Prometheus, Alertmanager: Current only once prometheus-operator reports the generation Reconciled and Available', () => {
    const prometheus = (status?: Record<string, unknown>, kind = 'Prometheus'): KubeObject => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind,
      metadata: { name: 'k8s', namespace: 'monitoring', generation: 2 },
      spec: { replicas: 2 },
      ...(status ? { status } : {}),
    });
    const cond = (type: string, status: string, observedGeneration = 2, reason = '', message = '') => ({
      type,
      status,
      observedGeneration,
      reason,
      message,
      lastTransitionTime: '2026-12-07T06:41:21Z',
    });
    // as prometheus-operator (pkg/apis/monitoring/v1 Condition) writes it
    const available = {
      replicas: 2,
      availableReplicas: 2,
      conditions: [cond('Available', 'True'), cond('Reconciled', 'True')],
    };
    expect(computeStatus(prometheus(available))).toEqual({
      status: 'Current',
      message: 'Prometheus is Available',
    });
    expect(computeStatus(prometheus(available, 'Alertmanager')).status).toBe('Current');
    // nothing reconciles it (no operator running): no status at all
    expect(computeStatus(prometheus())).toEqual({
      status: 'InProgress',
      message: 'Prometheus not yet reconciled by prometheus-operator (no status for generation 2)',
    });
    expect(computeStatus(prometheus(undefined, 'Alertmanager')).status).toBe('InProgress');
    // the operator has not looked at the latest generation yet
    expect(
      computeStatus(prometheus({ conditions: [cond('Available', 'True', 1), cond('Reconciled', 'True', 1)] }))
        .status,
    ).toBe('InProgress');
    const degraded = {
      conditions: [
        cond(
          'Available',
          'Degraded',
          2,
          'SomePodsNotReady',
          'shard 0: pod prometheus-k8s-1: containers with incomplete status: [init-config-reloader]',
        ),
        cond('Reconciled', 'True'),
      ],
    };
    expect(computeStatus(prometheus(degraded))).toEqual({
      status: 'InProgress',
      message:
        'Prometheus Available is Degraded: SomePodsNotReady: shard 0: pod prometheus-k8s-1: containers with incomplete status: [init-config-reloader]',
    });
    const notReconciled = {
      conditions: [
        cond('Available', 'True'),
        cond('Reconciled', 'False', 2, 'ReconciliationFailed', 'invalid rules'),
      ],
    };
    expect(computeStatus(prometheus(notReconciled)).message).toBe(
      'Prometheus not Reconciled (False: ReconciliationFailed: invalid rules)',
    );
  });
  it('PVC is Current only when Bound', () => {
    const pvc = (phase?: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      status: phase ? { phase } : {},
    });
    expect(computeStatus(pvc('Pending'))).toEqual({
      status: 'InProgress',
      message: 'PVC is not Bound. phase: Pending',
    });
    expect(computeStatus(pvc('Bound')).status).toBe('Current');
  });
  it('Service: ClusterIP is Current, LoadBalancer waits for an ingress address', () => {
    const svc = (type: string, status: Record<string, unknown> = {}): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { type },
      status,
    });
    expect(computeStatus(svc('ClusterIP')).status).toBe('Current');
    expect(computeStatus(svc('LoadBalancer', { loadBalancer: {} }))).toEqual({
      status: 'InProgress',
      message: 'Pending external IP',
    });
    // (computeStatus reads the object only: the address is data.)
    expect(
      computeStatus(svc('LoadBalancer', { loadBalancer: { ingress: [{ ip: '10.1.2.3' }] } })).status,
    ).toBe('Current');
  });
  it('custom resources use the Ready condition, Reconciling and Stalled', () => {
    const cr = (conditions: unknown[]): KubeObject => ({
      apiVersion: 'kubeflow.org/v1',
      kind: 'Notebook',
      metadata: { name: 'nb' },
      status: { conditions },
    });
    expect(computeStatus(cr([{ type: 'Ready', status: 'True' }])).status).toBe('Current');
    expect(computeStatus(cr([{ type: 'Ready', status: 'False', message: 'waiting for pod' }]))).toEqual({
      status: 'InProgress',
      message: 'waiting for pod',
    });
    expect(computeStatus(cr([{ type: 'Stalled', status: 'True', message: 'bad image' }]))).toEqual({
      status: 'Failed',
      message: 'bad image',
    });
    expect(computeStatus(cr([{ type: 'Reconciling', status: 'True', reason: 'Progressing' }])).status).toBe(
      'InProgress',
    );
    expect(computeStatus(cr([])).status).toBe('Current');
  });
  it('deleted and terminating objects', () => {
    expect(computeStatus(undefined).status).toBe('NotFound');
    expect(
      computeStatus({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', deletionTimestamp: '2026-11-29T00:00:00Z' },
      }).status,
    ).toBe('Terminating');
  });
});

describe('computeStatus: TFJob (training operator v1.8.1 statuses)', () => {
  const tfJob = (status?: Record<string, unknown>): KubeObject => ({
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name: 'cnn', namespace: 'default', generation: 1 },
    spec: {
      tfReplicaSpecs: { Worker: { replicas: 1 }, PS: { replicas: 1 } },
    },
    ...(status ? { status } : {}),
  });
  const created = {
    type: 'Created',
    status: 'True',
    reason: 'TFJobCreated',
    message: 'TFJob default/cnn is created.',
  };
  const running = {
    type: 'Running',
    status: 'True',
    reason: 'TFJobRunning',
    message: 'TFJob default/cnn is running.',
  };

  it('is InProgress before the operator has seen it, and while only Created', () => {
    expect(computeStatus(tfJob())).toEqual({
      status: 'InProgress',
      message: 'TFJob not yet seen by the training operator (no status)',
    });
    expect(computeStatus(tfJob({ conditions: [created], replicaStatuses: { PS: {}, Worker: {} } }))).toEqual({
      status: 'InProgress',
      message: 'TFJob Created: PS 0/1 active; Worker 0/1 active',
    });
  });

  it('is Current while Running and once Succeeded, with replica counts', () => {
    expect(
      computeStatus(
        tfJob({
          conditions: [created, running],
          replicaStatuses: { PS: { active: 1 }, Worker: { active: 1 } },
        }),
      ),
    ).toEqual({ status: 'Current', message: 'TFJob Running: PS 1/1 active; Worker 1/1 active' });
    expect(
      computeStatus(
        tfJob({
          conditions: [
            created,
            { ...running, status: 'False' },
            {
              type: 'Succeeded',
              status: 'True',
              reason: 'TFJobSucceeded',
              message: 'TFJob default/cnn successfully completed.',
            },
          ],
          replicaStatuses: { PS: { active: 1 }, Worker: { succeeded: 1 } },
        }),
      ),
    ).toEqual({
      status: 'Current',
      message: 'TFJob Succeeded: PS 1/1 active; Worker 0/1 active, 1 succeeded',
    });
  });

  it("is Failed with the operator's message once a replica failed", () => {
    expect(
      computeStatus(
        tfJob({
          conditions: [
            created,
            { ...running, status: 'False' },
            {
              type: 'Failed',
              status: 'True',
              reason: 'TFJobFailed',
              message: 'TFJob default/cnn has failed because 1 Worker replica(s) failed.',
            },
          ],
          replicaStatuses: { PS: { active: 1 }, Worker: { failed: 1 } },
        }),
      ),
    ).toEqual({
      status: 'Failed',
      message:
        'TFJob Failed: TFJob default/cnn has failed because 1 Worker replica(s) failed. (PS 1/1 active; Worker 0/1 active, 1 failed)',
    });
  });

  it('tfJobReplicas orders replica types like the operator and tfJobPhase is the latest true condition', () => {
    const job = tfJob({
      conditions: [created, running],
      replicaStatuses: { Worker: { active: 1 }, PS: { active: 1 } },
    });
    expect(tfJobReplicas(job).map((r) => r.type)).toEqual(['PS', 'Worker']);
    expect(tfJobPhase(job)).toBe('Running');
    expect(tfJobPhase(tfJob())).toBe('Pending');
  });
});

describe('podProblem and ownedPods', () => {
  const pod = (name: string, status: Record<string, unknown>, owner = 'rs-uid'): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner }],
    },
    status,
  });

  it('reports an unschedulable pod with the scheduler message, and stuck containers', () => {
    expect(
      podProblem(
        pod('cnn-worker-0', {
          phase: 'Pending',
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message:
                '0/2 nodes are available: 2 Insufficient nvidia.com/gpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
            },
          ],
        }),
      ),
    ).toBe(
      'pod cnn-worker-0 is unschedulable: 0/2 nodes are available: 2 Insufficient nvidia.com/gpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    );
    expect(
      podProblem(
        pod('op', {
          containerStatuses: [
            { name: 'main', state: { waiting: { reason: 'ErrImagePull', message: 'not found' } } },
          ],
        }),
      ),
    ).toBe('pod op: container main ErrImagePull: not found');
    expect(podProblem(pod('ok', { phase: 'Running' }))).toBeUndefined();
    expect(
      podProblem(
        pod('starting', {
          containerStatuses: [{ name: 'm', state: { waiting: { reason: 'ContainerCreating' } } }],
        }),
      ),
    ).toBeUndefined();
  });

  it('follows Deployment → ReplicaSet → Pod', () => {
    const deploymentObject: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', uid: 'd-uid' },
    };
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'rs',
        uid: 'rs-uid',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid' }],
      },
    };
    const mine = pod('web-1', {});
    const other = pod('x', {}, 'other');
    expect(ownedPods(deploymentObject, [mine, other], [rs])).toEqual([mine]);
    expect(ownedPods(deploymentObject, [mine], [])).toEqual([]);
  });
});
