// The text printer of apply and delete events: line per object in CI logs, a count line on a terminal.
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import type { KubeObject } from '../../src/kube-object.js';

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
    progress.onEvent({ type: 'wave', wave: 'namespaced', count: 2 });
    progress.onEvent({
      type: 'applied',
      result: { component: 'c', object: cm('a', 'ml', {}), outcome: 'created' },
      done: 1,
      total: 2,
      index: 0,
    });
    progress.onEvent({
      type: 'applied',
      result: { component: 'c', object: cm('b', 'ml', {}), outcome: 'failed', message: 'boom' },
      done: 2,
      total: 2,
      index: 1,
    });
    progress.finish();
    expect(text()).toBe(
      'wave namespaced: 2 object(s)\ncreated configmap/a -n ml\nFAILED configmap/b -n ml: boom\n',
    );
  });
  it('on a terminal keeps one updating count line, and failures still get their own line', () => {
    const { stream, text } = sink(true);
    const progress = createProgress(stream);
    progress.onEvent({ type: 'wave', wave: 'namespaced', count: 2 });
    progress.onEvent({
      type: 'applied',
      result: { component: 'c', object: cm('a', 'ml', {}), outcome: 'created' },
      done: 1,
      total: 2,
      index: 0,
    });
    progress.onEvent({
      type: 'applied',
      result: { component: 'c', object: cm('b', 'ml', {}), outcome: 'failed', message: 'boom' },
      done: 2,
      total: 2,
      index: 1,
    });
    progress.finish();
    const clear = '\r\x1b[2K';
    expect(text()).toBe(
      `applying: 1/2${clear}FAILED configmap/b -n ml: boom\napplying: 1/2${clear}applying: 2/2${clear}`,
    );
    expect(text()).not.toContain('created ConfigMap');
  });

  it('without a terminal prints each wave in plan order, not completion order', () => {
    const { stream, text } = sink(false);
    const progress = createProgress(stream);
    const applied = (name: string, index: number, done: number) =>
      progress.onEvent({
        type: 'applied',
        result: { component: 'c', object: cm(name, 'ml', {}), outcome: 'created' },
        done,
        total: 3,
        index,
      });
    progress.onEvent({ type: 'wave', wave: 'cluster-scoped', count: 1 });
    applied('first', 0, 1);
    progress.onEvent({ type: 'wave', wave: 'namespaced', count: 2 });
    applied('third', 2, 2);
    applied('second', 1, 3);
    progress.finish();
    expect(text()).toBe(
      'wave cluster-scoped: 1 object(s)\ncreated configmap/first -n ml\nwave namespaced: 2 object(s)\ncreated configmap/second -n ml\ncreated configmap/third -n ml\n',
    );
  });
});
