import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../src/app/app.js';
import { createAppEngine } from '../../src/app/jsonnet-engine.js';
import { renderEnvironment } from '../../src/render/render.js';
import { REPO_ROOT, tempDir } from '../helpers/run-kf.js';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'apps', 'render-basic');

describe('renderEnvironment', () => {
  it('returns ordered, labelled objects with their component, from any directory inside the app', () => {
    const app = loadApp(join(FIXTURE, 'components'));
    const objects = renderEnvironment(app, 'prod/eu');
    expect(
      objects.map(
        (o) =>
          `${o.component} ${o.object.kind} ${o.object.metadata.namespace ?? '-'} ${o.object.metadata.name}`,
      ),
    ).toEqual(['team-ns Namespace - team', 'settings ConfigMap prod settings', 'web Deployment prod web']);
    const web = objects[2].object;
    expect(web.metadata.labels).toMatchObject({
      'kf.dev/component': 'web',
      'app.kubernetes.io/managed-by': 'kf',
      owner: 'prod-oncall',
    });
    expect(web.spec).toMatchObject({ replicas: 3 });
  });

  it('renders only the requested components, with a shared engine', () => {
    const root = join(tempDir(), 'app');
    cpSync(FIXTURE, root, { recursive: true });
    const app = loadApp(root);
    const engine = createAppEngine(app, { envName: 'dev' });
    const objects = renderEnvironment(app, 'dev', { components: ['web'], engine, extVars: { unused: 'x' } });
    expect(objects).toHaveLength(1);
    expect(objects[0].object.metadata).toMatchObject({ name: 'web', namespace: 'dev-ns' });
    expect(() => renderEnvironment(app, 'dev', { components: ['wbe'] })).toThrow(/unknown component 'wbe'/);
    expect(() => renderEnvironment(app, 'stage')).toThrow(/unknown environment 'stage'/);
  });
});
