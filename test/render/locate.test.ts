// Problems found in rendered objects name the line of the app's Jsonnet that writes the field:
// through libraries, environment patches and Lists; nothing for what no Jsonnet wrote.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/workflow/validate.js';
import { validateJson } from '../../src/cli/json-output.js';
import { validateJunit } from '../../src/cli/junit.js';
import { formatProblem } from '../../src/render/validate.js';
import { fixtureApp } from '../gitops/fixture.js';

const webParams = (replicas: string) =>
  `{ global: {}, components: { web: { name: 'web', replicas: ${replicas}, image: 'nginx:1.27', port: 8080 }, foo: { size: 1 } } }\n`;

async function problemLines(app: string, env: string): Promise<string[]> {
  const result = await validate({ cwd: app, envs: [env], parallelism: 1 });
  return result.environments.flatMap((e) => e.problems.map(formatProblem));
}

describe('where a problem is written', () => {
  it('is the library line that writes the field, not the component that called it', async () => {
    const app = fixtureApp({ 'components/params.libsonnet': webParams("'three'") });
    expect(await problemLines(app, 'dev')).toEqual([
      'lib/web.libsonnet:14:19: dev/web: Deployment ml-dev/web: spec.replicas: must be an integer (got string "three")',
    ]);
  });

  it("is environments/<env>/main.jsonnet's line where it patches the field, the component's elsewhere", async () => {
    const app = fixtureApp({
      'environments/prod/main.jsonnet': `local base = import 'base.libsonnet';
base {
  web+: {
    deployment+: { spec+: { replicas: 'two' } },
    service+: { spec+: { sessionAffinity: 1 } },
  },
}
`,
      'components/web.jsonnet': `local env = std.extVar('__ksonnet/environments');
local params = std.extVar('__ksonnet/params').components.web;
(import 'web.libsonnet').objects(params, env) + {
  config+: { data+: { EXTRA: 42 } },
}
`,
    });
    expect(await problemLines(app, 'prod')).toEqual([
      'components/web.jsonnet:4:30: prod/web: ConfigMap ml-prod/web-config: data.EXTRA: must be a string (got integer 42)',
      'environments/prod/main.jsonnet:4:39: prod/web: Deployment ml-prod/web: spec.replicas: must be an integer (got string "two")',
      'environments/prod/main.jsonnet:5:43: prod/web: Service ml-prod/web: spec.sessionAffinity: must be a string (got integer 1)',
    ]);
    // dev has no main.jsonnet patch: only the component's problem
    expect(await problemLines(app, 'dev')).toEqual([
      'components/web.jsonnet:4:30: dev/web: ConfigMap ml-dev/web-config: data.EXTRA: must be a string (got integer 42)',
    ]);
  });

  it("follows a List's items and an array's elements; a missing field is placed at the object that lacks it", async () => {
    const app = fixtureApp({
      'components/jobs.jsonnet': `local job(name, extra) = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: name },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' } + extra] } } },
};
{
  apiVersion: 'v1',
  kind: 'List',
  items: [
    job('ok', {}),
    job('bad', { args: 'not a list' }),
    job('worse', {}) + { spec+: { backoffLimit: 'x' } },
  ],
}
`,
    });
    expect(await problemLines(app, 'dev')).toEqual([
      'components/jobs.jsonnet:12:24: dev/jobs: Job ml-dev/bad: spec.template.spec.containers[0].args: must be a list (got string "not a list")',
      'components/jobs.jsonnet:13:49: dev/jobs: Job ml-dev/worse: spec.backoffLimit: must be an integer (got string "x")',
    ]);
  });

  it("goes through std.prune's copies, as ksonnet-era components end: std.prune(k.core.v1.list.new([...]))", async () => {
    const app = fixtureApp({
      'components/legacy.jsonnet': `local deployment = {
  apiVersion: 'apps/v1beta1',
  kind: 'Deployment',
  metadata: { name: 'legacy', annotations: null },
  spec: { replicas: 1 },
};
std.prune({ apiVersion: 'v1', kind: 'List', items: [deployment] })
`,
    });
    expect(await problemLines(app, 'dev')).toEqual([
      'components/legacy.jsonnet:2:15: dev/legacy: Deployment ml-dev/legacy: apiVersion apps/v1beta1 of Deployment is not served by Kubernetes 1.36 (served: apps/v1)',
    ]);
  });

  it("follows a Tanka inline environment's data, in the Environment the kf environment chooses", async () => {
    const tankaEnv = (name: string, replicas: string) => `{
    apiVersion: 'tanka.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name: '${name}' },
    spec: { namespace: 'tk-${name}' },
    data: { web: (import 'tk-web.libsonnet')(${replicas}) },
  }`;
    const app = fixtureApp({
      'app.yaml': `apiVersion: kf.dev/v1alpha1
kind: App
name: gitops-fixture
environments:
  dev:
    namespace: ml-dev
    tankaEnvironment: second
registries: {}
libraries: {}
`,
      'components/params.libsonnet': '{ global: {}, components: {} }\n',
      'lib/tk-web.libsonnet': `function(replicas) {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  },
}
`,
      'components/clusters.jsonnet': `{
  envs: [
  ${tankaEnv('first', "'one'")},
  ${tankaEnv('second', "'two'")} + { data+: { web+: { spec+: { paused: 'no' } } } },
  ],
}
`,
    });
    for (const file of ['components/web.jsonnet', 'components/foo.jsonnet', 'components/plain.yaml'])
      rmSync(join(app, file), { force: true });
    expect(await problemLines(app, 'dev')).toEqual([
      'components/clusters.jsonnet:16:43: dev/clusters: Deployment tk-second/web: spec.paused: must be a boolean (got string "no")',
      'lib/tk-web.libsonnet:6:15: dev/clusters: Deployment tk-second/web: spec.replicas: must be an integer (got string "two")',
    ]);
  });

  it("is the node of a YAML component's document, none for what the params patched; JSON and JUnit output carry it", async () => {
    const app = fixtureApp({
      // an empty document between the two: the n-th object is the n-th document that is not empty
      'components/plain.yaml':
        '# settings\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\ndata:\n  count: 1\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata: {size: 2, mode: fast}\n',
      'components/params.libsonnet': `{ global: {}, components: { web: { name: 'web', replicas: 'three', image: 'nginx:1.27', port: 8080 }, foo: { size: 1 }, plain: { data: { mode: 3 }, metadata: { labels: { tier: 4 } } } } }\n`,
    });
    expect(await problemLines(app, 'dev')).toEqual([
      'dev/plain: ConfigMap ml-dev/other: data.mode: must be a string (got integer 3)',
      'components/plain.yaml:14:14: dev/plain: ConfigMap ml-dev/other: data.size: must be a string (got integer 2)',
      'dev/plain: ConfigMap ml-dev/other: metadata.labels.tier: must be a string (got integer 4)',
      'components/plain.yaml:7:10: dev/plain: ConfigMap ml-dev/plain: data.count: must be a string (got integer 1)',
      'dev/plain: ConfigMap ml-dev/plain: data.mode: must be a string (got integer 3)',
      'dev/plain: ConfigMap ml-dev/plain: metadata.labels.tier: must be a string (got integer 4)',
      'lib/web.libsonnet:14:19: dev/web: Deployment ml-dev/web: spec.replicas: must be an integer (got string "three")',
    ]);
    const result = await validate({ cwd: app, envs: ['dev'], parallelism: 1 });
    const problems = (validateJson(result) as { environments: { problems: object[] }[] }).environments[0]
      ?.problems;
    expect(problems?.[6]).toMatchObject({ location: { file: 'lib/web.libsonnet', line: 14, column: 19 } });
    expect(problems?.[1]).toMatchObject({
      location: { file: 'components/plain.yaml', line: 14, column: 14 },
    });
    expect(problems?.[0]).not.toHaveProperty('location');
    const junit = validateJunit(result);
    expect(junit).toContain('name="deployment.apps/web -n ml-dev" file="lib/web.libsonnet" line="14">');
    expect(junit).toContain('name="configmap/other -n ml-dev" file="components/plain.yaml" line="14">');
  });

  it('is the key of a YAML component that YAML 1.1 reads as another one: on is "true", the last off is "false"', async () => {
    const app = fixtureApp({
      'components/plain.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\ndata:\n  on: yes\n  1: one\n  off: 2\n  off: 3\n',
    });
    expect((await problemLines(app, 'dev')).filter((line) => line.includes('/plain:'))).toEqual([
      'components/plain.yaml:8:8: dev/plain: ConfigMap ml-dev/plain: data.false: must be a string (got integer 3)',
      'components/plain.yaml:5:7: dev/plain: ConfigMap ml-dev/plain: data.true: must be a string (got boolean true)',
    ]);
  });
});
