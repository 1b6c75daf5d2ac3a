// What test/tanka/inline.test.ts cannot compare with tk show: kf's own rules around inline
// environments (anything beside them is an error, not dropped as Tanka drops it; only
// tanka.dev/v1alpha1 Environments are environments; bad specs are named).
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { Engine } from '../../src/jsonnet/index.js';
import { readTankaEnvironments } from '../../src/render/pipeline/tanka-environment.js';

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };
const environment = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'tanka.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name },
  spec: { namespace: name, ...spec },
  data: { web: deployment },
});
const choose = (value: unknown, env: { tankaEnvironment?: string; context?: string } = {}) =>
  readTankaEnvironments([{ component: 'envs', file: '/app/components/envs.jsonnet', value }], {
    root: '/app',
    engine: new Engine(),
    env: { name: 'dev', ...env },
  });
const failure = (f: () => unknown): UserError => {
  try {
    f();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('no error');
};

describe('readTankaEnvironments: inline environments', () => {
  it("replaces the value by the chosen environment's data and leaves other components alone", () => {
    const { values, environments } = choose(
      { envs: [environment('a'), environment('b')] },
      { tankaEnvironment: 'b' },
    );
    expect(values[0]!.value).toEqual({ web: deployment });
    expect(environments.get('envs')).toEqual({ name: 'b', namespace: 'b', labels: {}, annotations: {} });
    expect(choose([deployment]).environments.size).toBe(0);
  });

  it('keeps an Environment of another API group as an object of its own', () => {
    const other = { ...environment('x'), apiVersion: 'example.com/v1' };
    const { values, environments } = choose([other]);
    expect(environments.size).toBe(0);
    expect(values[0]!.value).toEqual([other]);
  });

  it('refuses anything beside the environments, naming its path', () => {
    const error = failure(() => choose({ env: environment('a'), extra: deployment }));
    expect(error.format()).toContain(
      "components/envs.jsonnet: component 'envs' returns Tanka Environment objects and, at extra, a Deployment 'web'",
    );
    expect(failure(() => choose([environment('a'), 'oops'])).message).toContain('at [1], the string "oops"');
  });

  it('names a bad spec and an invalid contextNames pattern', () => {
    expect(failure(() => choose(environment('a', { namespace: 3 }))).message).toContain(
      "the Tanka Environment 'a' has spec.namespace a number, not a string",
    );
    expect(
      failure(() => choose([environment('a', { contextNames: ['('] }), environment('b')], { context: 'c' }))
        .message,
    ).toContain('Tanka environment \'a\' has contextNames entry "(", not a valid regular expression');
  });

  it('refuses two environments the context matches alike', () => {
    const error = failure(() =>
      choose([environment('a', { contextNames: ['c'] }), environment('b', { contextNames: ['c|d'] })], {
        context: 'c',
      }),
    );
    expect(error.message).toContain("2 list context 'c' in spec.contextNames");
    expect(error.hint).toContain("NAME one of 'a', 'b'");
  });
});
