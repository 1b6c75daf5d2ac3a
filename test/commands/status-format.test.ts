// The tables `kf status` prints, from a status result (the live side is covered by the e2e
// walkthrough against the test clusters).
import { describe, expect, it } from 'vitest';
import { formatStatus } from '../../src/commands/status.js';
import { settled, type StatusResult } from '../../src/workflow/status.js';
import { statusJson } from '../../src/cli/json-output.js';

const result = (tfPhase: string, overrides: Partial<StatusResult> = {}): StatusResult => ({
  envName: 'gke',
  context: 'gke',
  server: 'https://127.0.0.1:6443',
  namespace: 'kubeflow',
  current: true,
  counts: { Current: 3, InProgress: 0, Failed: 0, Terminating: 0, NotFound: 0 },
  objects: [
    {
      component: 'kubeflow-core',
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      name: 'tfjobs.kubeflow.org',
      status: 'Current',
      message: 'CRD is established',
    },
    {
      component: 'kubeflow-core',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'default',
      name: 'training-operator',
      status: 'Current',
      message: 'Deployment is available. Replicas: 1',
      replicas: { ready: 1, desired: 1 },
    },
    {
      component: 'cnn',
      apiVersion: 'kubeflow.org/v1',
      kind: 'TFJob',
      namespace: 'default',
      name: 'cnn',
      status: 'Current',
      message: `TFJob ${tfPhase}: PS 0/1 active; Worker 0/1 active, 1 succeeded`,
      tfJob: {
        phase: tfPhase,
        replicas: [
          { type: 'PS', replicas: 1, active: 0, succeeded: 0, failed: 0 },
          { type: 'Worker', replicas: 1, active: 0, succeeded: 1, failed: 0 },
        ],
      },
    },
  ],
  ...overrides,
});

describe('kf status output', () => {
  it('one row per object with ready/desired or the TFJob phase, then the TFJob replica table and a summary', () => {
    expect(formatStatus(result('Succeeded'))).toBe(
      [
        'KIND                      NAME                       COMPONENT      STATUS   READY      MESSAGE',
        'CustomResourceDefinition  tfjobs.kubeflow.org        kubeflow-core  Current             CRD is established',
        'Deployment                default/training-operator  kubeflow-core  Current  1/1        Deployment is available. Replicas: 1',
        'TFJob                     default/cnn                cnn            Current  Succeeded  TFJob Succeeded: PS 0/1 active; Worker 0/1 active, 1 succeeded',
        '',
        'TFJOB        PHASE      REPLICA  DESIRED  ACTIVE  SUCCEEDED  FAILED',
        'default/cnn  Succeeded  PS       1        0       0          0',
        'default/cnn  Succeeded  Worker   1        0       1          0',
        '',
        'environment gke (context gke): 3 object(s): 3 Current',
        '',
      ].join('\n'),
    );
  });

  it('lists what the pods of a workload show is wrong, and counts what is not Current', () => {
    const stuck = result('Created', {
      current: false,
      counts: { Current: 2, InProgress: 1, Failed: 0, Terminating: 0, NotFound: 0 },
    });
    stuck.objects[2] = {
      ...stuck.objects[2]!,
      status: 'InProgress',
      problems: [
        'pod cnn-worker-0 is unschedulable: 0/2 nodes are available: 2 Insufficient nvidia.com/gpu.',
      ],
    };
    const text = formatStatus(stuck);
    expect(text).toContain(
      'TFJob default/cnn: pod cnn-worker-0 is unschedulable: 0/2 nodes are available: 2 Insufficient nvidia.com/gpu.',
    );
    expect(text).toMatch(/3 object\(s\): 2 Current, 1 InProgress\n$/);
  });

  it('--watch settles only once every TFJob has finished', () => {
    expect(settled(result('Running'))).toBe(false);
    expect(settled(result('Succeeded'))).toBe(true);
    expect(settled(result('Succeeded', { current: false }))).toBe(false);
  });
});

describe('kf status -o json', () => {
  it('has the documented shape: kubectl names, the cluster, counts as summary', () => {
    const doc = statusJson(result('Running')) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual([
      'kind',
      'environment',
      'context',
      'server',
      'namespace',
      'objects',
      'current',
      'summary',
    ]);
    expect(doc).toMatchObject({ kind: 'StatusResult', environment: 'gke', namespace: 'kubeflow' });
    expect((doc.objects as { name: string }[])[0]).toEqual({
      name: 'customresourcedefinition.apiextensions.k8s.io/tfjobs.kubeflow.org',
      component: 'kubeflow-core',
      status: 'Current',
      message: 'CRD is established',
    });
    expect(JSON.stringify(statusJson(result('Running')))).toBe(JSON.stringify(doc));
  });
});
