import { describe, expect, it } from 'vitest';
import { diffRenders } from '../../src/cluster/diff.js';
import type { KubeObject } from '../../src/kube-object.js';

const cm = (name: string, namespace: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

describe('diffRenders (two environments, no cluster)', () => {
  it('matches objects in each environment default namespace and reports created / deleted / updated', () => {
    const left = {
      name: 'minikube',
      namespace: 'dev',
      objects: [cm('same', 'dev', { a: '1' }), cm('changed', 'dev', { a: '1' }), cm('only-left', 'dev', {})],
    };
    const right = {
      name: 'gke',
      namespace: 'dev',
      objects: [cm('same', 'dev', { a: '1' }), cm('changed', 'dev', { a: '2' }), cm('only-right', 'dev', {})],
    };
    const diffs = diffRenders(left, right);
    expect(diffs.map((d) => [d.object.metadata.name, d.change])).toEqual([
      ['same', 'none'],
      ['changed', 'update'],
      ['only-left', 'delete'],
      ['only-right', 'create'],
    ]);
    expect(diffs[1].text).toContain('--- minikube/ConfigMap dev/changed\n+++ gke/ConfigMap dev/changed');
    expect(diffs[1].text).toContain('-  a: "1"\n+  a: "2"');
  });
  it('pairs objects across different default namespaces and shows the namespace change', () => {
    const diffs = diffRenders(
      { name: 'a', namespace: 'ns-a', objects: [cm('c', 'ns-a', {})] },
      { name: 'b', namespace: 'ns-b', objects: [cm('c', 'ns-b', {})] },
    );
    expect(diffs.map((d) => d.change)).toEqual(['update']);
    expect(diffs[0].text).toContain('-  namespace: ns-a\n+  namespace: ns-b');
  });
  it("matches an object in the same namespace in both first, though it is one environment's own namespace", () => {
    // the walkthrough's inception: namespace default in both, and minikube's namespace is default
    const diffs = diffRenders(
      {
        name: 'minikube',
        namespace: 'default',
        objects: [cm('inception', 'default', {}), cm('hub', 'default', {})],
      },
      { name: 'gke', namespace: 'prod', objects: [cm('inception', 'default', {}), cm('hub', 'prod', {})] },
    );
    expect(diffs.map((d) => [d.object.metadata.name, d.change])).toEqual([
      ['inception', 'none'],
      ['hub', 'update'],
    ]);
    // both namespaces hold the name: the same namespace pairs, the other is created
    const both = diffRenders(
      { name: 'a', namespace: 'ns-a', objects: [cm('c', 'ns-a', { x: '1' })] },
      { name: 'b', namespace: 'ns-b', objects: [cm('c', 'ns-b', {}), cm('c', 'ns-a', { x: '1' })] },
    );
    expect(both.map((d) => [d.object.metadata.namespace, d.change])).toEqual([
      ['ns-a', 'none'],
      ['ns-b', 'create'],
    ]);
  });
});
