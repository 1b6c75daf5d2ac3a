// ksonnet's GitHub registry URIs become kf git sources: a pure mapping, no GitHub API, no network.
import { describe, expect, it } from 'vitest';
import { ksonnetRegistryUri } from '../../src/registry/ksonnet-registry-uri.js';
import { parseRegistryUri } from '../../src/registry/registry-uri.js';

describe('ksonnet registry URIs', () => {
  it.each([
    ['github.com/kubeflow/kubeflow/tree/v0.1.2/kubeflow', 'https://github.com/kubeflow/kubeflow.git//kubeflow?ref=v0.1.2'],
    ['github.com/ksonnet/parts/tree/master/incubator', 'https://github.com/ksonnet/parts.git//incubator?ref=master'],
    ['https://github.com/kubeflow/kubeflow/tree/master/kubeflow', 'https://github.com/kubeflow/kubeflow.git//kubeflow?ref=master'],
    ['github.com/kubeflow/kubeflow/blob/v0.2.5/kubeflow/registry.yaml', 'https://github.com/kubeflow/kubeflow.git//kubeflow?ref=v0.2.5'],
    ['github.com/org/repo', 'https://github.com/org/repo.git'],
    ['github.com/org/repo/tree/5fbeb8e6aa6f3c0b45e21bd6498cff3bfd4d6223', 'https://github.com/org/repo.git?ref=5fbeb8e6aa6f3c0b45e21bd6498cff3bfd4d6223'],
    ['github.com/org/repo/tree/v1/a/b/', 'https://github.com/org/repo.git//a/b?ref=v1'],
  ])('%s → %s', (uri, expected) => {
    expect(ksonnetRegistryUri('github', uri)).toBe(expected);
  });

  it('leaves fs and helm registries and kf URIs alone', () => {
    expect(ksonnetRegistryUri('fs', '/home/me/kubeflow/kubeflow')).toBe('/home/me/kubeflow/kubeflow');
    expect(ksonnetRegistryUri('helm', 'https://charts.example/stable')).toBe('https://charts.example/stable');
    expect(ksonnetRegistryUri('github', 'https://github.com/o/r.git//sub?ref=v1')).toBe('https://github.com/o/r.git//sub?ref=v1');
  });

  it('is read by parseRegistryUri as the git source it names', () => {
    expect(parseRegistryUri('github.com/kubeflow/kubeflow/tree/v0.4.1/kubeflow', '/app')).toEqual({
      kind: 'git',
      url: 'https://github.com/kubeflow/kubeflow.git',
      subdir: 'kubeflow',
      ref: 'v0.4.1',
    });
  });
});
