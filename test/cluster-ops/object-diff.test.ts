import { describe, expect, it } from 'vitest';
import { sameObject, stripServerFields, unifiedObjectDiff } from '../../src/cluster/object-diff.js';
import type { KubeObject } from '../../src/kube-object.js';

const live: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'c',
    namespace: 'ml',
    uid: '2b5c',
    resourceVersion: '812',
    generation: 1,
    creationTimestamp: '2026-11-29T01:00:00Z',
    managedFields: [{ manager: 'kf', operation: 'Apply' }],
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    labels: { app: 'x' },
  },
  data: { level: 'info' },
  status: { whatever: true },
};

describe('object diff', () => {
  it('strips server-managed fields', () => {
    expect(stripServerFields(live)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'ml', labels: { app: 'x' } },
      data: { level: 'info' },
    });
  });
  it('is empty for equal objects and a unified diff otherwise', () => {
    const desired: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'ml', labels: { app: 'x' } },
      data: { level: 'info' },
    };
    expect(sameObject(live, desired)).toBe(true);
    expect(unifiedObjectDiff('ConfigMap ml/c', live, desired)).toBe('');
    const text = unifiedObjectDiff('ConfigMap ml/c', live, { ...desired, data: { level: 'debug' } });
    expect(text).toContain('--- live/ConfigMap ml/c');
    expect(text).toContain('+++ merged/ConfigMap ml/c');
    expect(text).toContain('-  level: info\n+  level: debug');
  });
  it('masks Secret values, marking only the keys that changed', () => {
    const before: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { user: 'YWRtaW4=', pass: 'aHVudGVyMg==' },
    };
    const after: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      stringData: { user: 'admin', pass: 'correct-horse' },
    };
    const text = unifiedObjectDiff('Secret s', before, after);
    expect(text).toContain("-  pass: '*** (before)'");
    expect(text).toContain("+  pass: '*** (after)'");
    expect(text).toContain("   user: '***'");
    expect(text).not.toMatch(/hunter2|aHVudGVyMg|correct-horse|Y29ycmVjdC1ob3JzZQ|admin|YWRtaW4/);
    expect(sameObject(before, { ...after, stringData: { user: 'admin', pass: 'hunter2' } })).toBe(true);
  });
  it('a created Secret shows masked values only', () => {
    const text = unifiedObjectDiff('Secret s', undefined, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { token: 'c2VjcmV0' },
    });
    expect(text).toContain("+  token: '***'");
    expect(text).not.toContain('c2VjcmV0');
  });
});
