import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cluster/progress.js';
import { diffRenders } from '../../src/cluster/diff.js';
import type { KubeObject } from '../../src/cluster/kube-object.js';

const cm = (name: string, namespace: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

function sink(isTTY: boolean): { stream: { isTTY: boolean; write(text: string): void }; text: () => string } {
  let out = '';
  return { stream: { isTTY, write: (t: string) => void (out += t) }, text: () => out };
}

describe('progress', () => {
  it('without a terminal prints one line per object and per wave', () => {
    const { stream, text } = sink(false);
    const progress = createProgress(stream);
    progress.onWave!('namespaced', 2);
    progress.onObject!({ component: 'c', object: cm('a', 'ml', {}), outcome: 'created' }, 1, 2);
    progress.onObject!(
      { component: 'c', object: cm('b', 'ml', {}), outcome: 'failed', message: 'boom' },
      2,
      2,
    );
    progress.finish();
    expect(text()).toBe(
      'wave namespaced: 2 object(s)\ncreated ConfigMap ml/a\nFAILED ConfigMap ml/b: boom\n',
    );
  });
  it('on a terminal keeps one updating count line, and failures still get their own line', () => {
    const { stream, text } = sink(true);
    const progress = createProgress(stream);
    progress.onWave!('namespaced', 2);
    progress.onObject!({ component: 'c', object: cm('a', 'ml', {}), outcome: 'created' }, 1, 2);
    progress.onObject!(
      { component: 'c', object: cm('b', 'ml', {}), outcome: 'failed', message: 'boom' },
      2,
      2,
    );
    progress.finish();
    const clear = '\r\x1b[2K';
    expect(text()).toBe(
      `applying: 1/2${clear}FAILED ConfigMap ml/b: boom\napplying: 1/2${clear}applying: 2/2${clear}`,
    );
    expect(text()).not.toContain('created ConfigMap');
  });
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
});
