import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_GROUP_KINDS,
  ANNOTATION_NAMESPACES,
  ANNOTATION_TOOLING,
  LABEL_ID,
  LABEL_PART_OF,
  applySetId,
  labelMember,
  parentName,
  parentObject,
  readParentScope,
  widenScope,
} from '../../src/cluster/applyset.js';

const ref = { kind: 'Secret' as const, name: 'kf-ml-minikube', namespace: 'kubeflow' };

describe('applySetId (KEP-3659)', () => {
  it('is applyset-<base64url without padding of sha256(name.namespace.kind.group)>-v1', () => {
    const digest = createHash('sha256').update('kf-ml-minikube.kubeflow.Secret.').digest();
    const expected = `applyset-${digest.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}-v1`;
    expect(applySetId(ref)).toBe(expected);
    expect(applySetId(ref)).toMatch(/^applyset-[A-Za-z0-9_-]{43}-v1$/);
    // a valid label value (<= 63 characters)
    expect(applySetId(ref).length).toBeLessThanOrEqual(63);
  });
  it('differs by namespace and kind', () => {
    expect(applySetId({ ...ref, namespace: 'other' })).not.toBe(applySetId(ref));
    expect(applySetId({ ...ref, kind: 'ConfigMap' })).not.toBe(applySetId(ref));
  });
});

describe('parent object and scope', () => {
  it('records tooling, sorted group-kinds and the namespaces other than its own', () => {
    const parent = parentObject(
      ref,
      {
        groupKinds: ['Service', 'Deployment.apps', 'ConfigMap'],
        namespaces: ['monitoring', 'kubeflow', 'a'],
      },
      'kf/0.1.0',
    );
    expect(parent.metadata.labels).toEqual({ [LABEL_ID]: applySetId(ref) });
    expect(parent.metadata.annotations).toEqual({
      [ANNOTATION_TOOLING]: 'kf/0.1.0',
      [ANNOTATION_GROUP_KINDS]: 'ConfigMap,Deployment.apps,Service',
      [ANNOTATION_NAMESPACES]: 'a,monitoring',
    });
    expect(readParentScope(parent, ref)).toEqual({
      groupKinds: ['ConfigMap', 'Deployment.apps', 'Service'],
      namespaces: ['a', 'monitoring'],
    });
  });
  it('widening is the sorted union', () => {
    expect(
      widenScope(
        { groupKinds: ['Service', 'ConfigMap'], namespaces: ['b'] },
        { groupKinds: ['Deployment.apps', 'ConfigMap'], namespaces: ['a'] },
      ),
    ).toEqual({
      groupKinds: ['ConfigMap', 'Deployment.apps', 'Service'],
      namespaces: ['a', 'b'],
    });
  });
  it('refuses a parent owned by another tool or carrying a foreign id', () => {
    const foreign = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: ref.name,
        namespace: ref.namespace,
        annotations: { [ANNOTATION_TOOLING]: 'kubectl/v1.32' },
      },
    };
    expect(() => readParentScope(foreign, ref)).toThrow(/ApplySet parent of another tool \(kubectl\/v1.32\)/);
    const copied = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: ref.name, namespace: ref.namespace, labels: { [LABEL_ID]: 'applyset-xyz-v1' } },
    };
    expect(() => readParentScope(copied, ref)).toThrow(/carries ApplySet id applyset-xyz-v1/);
  });
  it('parent names are DNS-1123', () => {
    expect(parentName('My App', 'us-west/staging')).toBe('kf-my-app-us-west-staging');
  });
});

describe('labelMember', () => {
  it('adds part-of and component labels without mutating the input', () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { app: 'x' } } };
    const labelled = labelMember(object, 'applyset-abc-v1', 'tf/job');
    expect(labelled.metadata.labels).toEqual({
      app: 'x',
      [LABEL_PART_OF]: 'applyset-abc-v1',
      'kf.dev/component': 'tf_job',
    });
    expect(object.metadata.labels).toEqual({ app: 'x' });
  });
  it('rejects input that already claims membership of another set', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { [LABEL_PART_OF]: 'applyset-other-v1' } },
    };
    expect(() => labelMember(object, 'applyset-abc-v1', 'core')).toThrow(
      /already sets label applyset.kubernetes.io\/part-of/,
    );
  });
});
