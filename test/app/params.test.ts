// Parameters as components see them (params.ts): a params file whose `components`, `global` or a
// component's entry is not an object is an error naming the file and the entry's line, not an
// empty set of parameters that fails later inside the component's prototype.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../src/app/app.js';
import { createAppEngine } from '../../src/app/jsonnet-engine.js';
import { baseParams, environmentParams } from '../../src/app/params.js';
import { parameterRead } from '../../src/app/parameters.js';
import { renderEnvironment } from '../../src/render/render.js';
import { REPO_ROOT, tempDir } from '../helpers/run-kf.js';
import { userErrorOf } from '../helpers/user-error.js';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'apps', 'render-basic');

function appWith(files: Record<string, string>): string {
  const root = join(tempDir(), 'app');
  cpSync(FIXTURE, root, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
  return root;
}

const HINT = "(kf reads each component's parameters from an object: fix the file)";

describe('params files of an unexpected shape', () => {
  it('components: [] in components/params.libsonnet', () => {
    const root = appWith({ 'components/params.libsonnet': '{ global: {}, components: [] }\n' });
    const app = loadApp(root);
    expect(userErrorOf(() => baseParams(app, createAppEngine(app, { envName: 'dev' })))).toBe(
      `components/params.libsonnet: components must be an object of parameters, found an array ${HINT}`,
    );
    // was: "component 'web': field does not exist: image" from inside the component
    expect(userErrorOf(() => renderEnvironment(app, 'dev'))).toMatch(
      /^components\/params\.libsonnet: components must/,
    );
  });

  it("a component's entry that is a number, at its line", () => {
    const root = appWith({
      'components/params.libsonnet':
        '{\n  global: {},\n  components: {\n    web: 5,\n    settings: {},\n  },\n}\n',
    });
    const app = loadApp(root);
    expect(userErrorOf(() => baseParams(app, createAppEngine(app, { envName: 'dev' })))).toBe(
      `components/params.libsonnet:4: components.web must be an object of parameters, found number 5 ${HINT}`,
    );
  });

  it('global: "x"', () => {
    const root = appWith({ 'components/params.libsonnet': "{ global: 'x', components: {} }\n" });
    const app = loadApp(root);
    expect(userErrorOf(() => baseParams(app, createAppEngine(app, { envName: 'dev' })))).toBe(
      `components/params.libsonnet: global must be an object of parameters, found string "x" ${HINT}`,
    );
  });

  it("an environment's params.libsonnet whose override of a component is not an object", () => {
    const root = appWith({
      'environments/dev/params.libsonnet': "{\n  components: {\n    web: 'big',\n  },\n}\n",
    });
    const app = loadApp(root);
    expect(userErrorOf(() => environmentParams(app, 'dev', createAppEngine(app, { envName: 'dev' })))).toBe(
      `environments/dev/params.libsonnet:3: components.web must be an object of parameters, found string "big" ${HINT}`,
    );
  });

  it('absent or null parts are no parameters, as before', () => {
    const root = appWith({ 'components/params.libsonnet': '{ global: null, components: { web: null } }\n' });
    const app = loadApp(root);
    const params = baseParams(app, createAppEngine(app, { envName: 'dev' }));
    expect(params.global).toEqual({});
    expect(params.components.web).toEqual({});
  });
});

describe('parameterRead: where a component reads a parameter (kf param delete warns of it)', () => {
  it("finds params.key and params['key'] by tokens, not in comments or strings, in Jsonnet components only", () => {
    const app = loadApp(appWith({}));
    expect(parameterRead(app, 'web', 'replicas')).toEqual({
      file: join(app.root, 'components', 'web.jsonnet'),
      line: 9,
    });
    expect(parameterRead(app, 'web', 'image')?.line).toBe(13);
    expect(parameterRead(app, 'web', 'port')).toBeUndefined();
    const other = loadApp(
      appWith({
        'components/web.jsonnet': [
          "local params = std.extVar('__ksonnet/params').components.web;",
          '// params.replicas is read below',
          "{ a: 'params.replicas', b: params['replicas'], c: std.get(params, 'image', 'nginx') }",
        ].join('\n'),
      }),
    );
    expect(parameterRead(other, 'web', 'replicas')?.line).toBe(3);
    expect(parameterRead(other, 'web', 'image')).toBeUndefined(); // read with a default: deleting it is fine
    expect(parameterRead(other, 'settings', 'replicas')).toBeUndefined(); // a YAML component reads none
  });
});
