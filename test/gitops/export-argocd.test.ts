import { describe, expect, it } from 'vitest';
import { pluginRequest } from '../../src/render/export-argocd.js';
import { userErrorOf } from '../helpers/user-error.js';

describe('Argo CD plugin request', () => {
  it('takes the environment from the argument first, then KF_ENV, then the env parameter', () => {
    const params = JSON.stringify([{ name: 'env', string: 'from-param' }]);
    expect(
      pluginRequest({ ARGOCD_ENV_KF_ENV: 'from-env', ARGOCD_APP_PARAMETERS: params }, 'from-arg'),
    ).toEqual({ env: 'from-arg' });
    expect(pluginRequest({ ARGOCD_ENV_KF_ENV: 'from-env', ARGOCD_APP_PARAMETERS: params })).toEqual({
      env: 'from-env',
    });
    expect(pluginRequest({ ARGOCD_APP_PARAMETERS: params, PARAM_ENV: 'from-param-var' })).toEqual({
      env: 'from-param',
    });
    expect(pluginRequest({ PARAM_ENV: 'from-param-var' })).toEqual({ env: 'from-param-var' });
    expect(pluginRequest({ ARGOCD_ENV_KF_ENV: '  ', PARAM_ENV: 'x' })).toEqual({ env: 'x' });
  });

  it('takes components from KF_COMPONENTS or the components array parameter', () => {
    expect(pluginRequest({ ARGOCD_ENV_KF_ENV: 'dev', ARGOCD_ENV_KF_COMPONENTS: 'a, b,,c' })).toEqual({
      env: 'dev',
      components: ['a', 'b', 'c'],
    });
    const params = JSON.stringify([
      { name: 'env', string: 'prod' },
      { name: 'components', array: ['x', 'y'] },
    ]);
    expect(pluginRequest({ ARGOCD_APP_PARAMETERS: params })).toEqual({ env: 'prod', components: ['x', 'y'] });
    expect(
      pluginRequest({
        ARGOCD_APP_PARAMETERS: JSON.stringify([
          { name: 'env', string: 'p' },
          { name: 'components', array: [] },
        ]),
      }),
    ).toEqual({ env: 'p' });
  });

  it('explains a missing environment and malformed parameters', () => {
    expect(userErrorOf(() => pluginRequest({}))).toMatch(
      /no environment given to the Argo CD plugin \(set KF_ENV/,
    );
    expect(userErrorOf(() => pluginRequest({ ARGOCD_APP_PARAMETERS: '[{' }))).toMatch(
      /ARGOCD_APP_PARAMETERS is not valid JSON/,
    );
  });
});

describe('example files', () => {
  it('the CMP plugin runs kf argocd generate and the workflow gates on kf export --check', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const root = new URL('../../examples/gitops/', import.meta.url);
    const plugin = parse(readFileSync(new URL('argocd/plugin.yaml', root), 'utf8'));
    expect(plugin.kind).toBe('ConfigManagementPlugin');
    expect(plugin.spec.generate.command).toEqual(['kf', 'argocd', 'generate']);
    const app = parse(readFileSync(new URL('argocd/application.yaml', root), 'utf8'));
    expect(app.spec.source.plugin.name).toBe(`${plugin.metadata.name}-${plugin.spec.version}`);
    expect(app.spec.source.plugin.env).toContainEqual({ name: 'KF_ENV', value: 'prod' });
    const workflow = parse(readFileSync(new URL('github-actions/kf-gitops.yml', root), 'utf8'));
    const runs = workflow.jobs.check.steps.map((s: { run?: string }) => s.run).filter(Boolean);
    expect(runs).toContain('kf validate');
    expect(runs).toContain('kf export --all ../rendered --check');
    // The compile cache and the validator cache are restored before kf runs.
    const steps = workflow.jobs.check.steps as { uses?: string; run?: string; with?: { path?: string } }[];
    const cache = steps.findIndex((s) => s.uses?.startsWith('actions/cache@'));
    expect(steps[cache].with?.path?.trim().split('\n')).toEqual([
      '~/.cache/kf/jsonnet-compiled',
      '~/.cache/kf/validators',
    ]);
    expect(cache).toBeLessThan(steps.findIndex((s) => s.run === 'kf validate'));
  });
});
