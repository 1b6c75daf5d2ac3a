import { describe, expect, it } from 'vitest';
import { applyOutcome } from '../../src/cluster/apply-outcome.js';
import type { KubeObject } from '../../src/kube-object.js';

const kfFields = (fields: object) => [
  { manager: 'kf', operation: 'Apply', fieldsV1: fields },
  {
    manager: 'kube-controller-manager',
    operation: 'Update',
    subresource: 'status',
    fieldsV1: { 'f:status': {} },
  },
];

function deployment(rv: string, over: Partial<Record<string, unknown>> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'ml',
      resourceVersion: rv,
      labels: { app: 'web' },
      annotations: {},
      managedFields: kfFields({
        'f:spec': { 'f:replicas': {} },
        'f:metadata': { 'f:labels': { 'f:app': {} } },
      }),
    } as KubeObject['metadata'],
    spec: { replicas: 2 },
    status: { readyReplicas: 0 },
    ...over,
  } as KubeObject;
}

const desired: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ml', labels: { app: 'web' } },
  spec: { replicas: 2 },
};

describe('applyOutcome', () => {
  it('is unchanged when the resourceVersion did not move', () => {
    expect(applyOutcome(deployment('5'), deployment('5'), desired)).toBe('unchanged');
  });

  it('is unchanged when only a controller wrote in between (status, its own annotation)', () => {
    const after = deployment('9', { status: { readyReplicas: 2 } });
    after.metadata.annotations = { 'deployment.kubernetes.io/revision': '1' };
    expect(applyOutcome(deployment('5'), after, desired)).toBe('unchanged');
  });

  it('is configured when what kf applies changed: content, a label it sets, or its field set', () => {
    expect(applyOutcome(deployment('5'), deployment('6', { spec: { replicas: 3 } }), desired)).toBe(
      'configured',
    );
    const relabelled = deployment('6');
    relabelled.metadata.labels = { app: 'api' };
    expect(applyOutcome(deployment('5'), relabelled, desired)).toBe('configured');
    const fewer = deployment('6');
    (fewer.metadata as { managedFields?: unknown }).managedFields = kfFields({
      'f:spec': { 'f:replicas': {} },
    });
    expect(applyOutcome(deployment('5'), fewer, desired)).toBe('configured');
  });

  it('is configured without a baseline (not listable, or created between the list and the apply)', () => {
    expect(applyOutcome(undefined, deployment('6'), desired)).toBe('configured');
  });
});
