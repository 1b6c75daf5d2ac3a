import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runKf, snapshotTree, tempDir } from '../helpers/run-kf.js';

// The first run may build kf (see test/helpers/build-if-stale.mjs): give it the hook timeout.
beforeAll(() => void ensureBuilt(), 600_000);

async function newApp(): Promise<string> {
  const parent = tempDir();
  const result = await runKf(['init', 'app', '--namespace', 'ml'], { cwd: parent });
  expect(result.exitCode).toBe(0);
  return join(parent, 'app');
}

/** Adds a vendored package `myreg/tools@1.2.0` with one prototype that imports a package library. */
function vendorPackage(root: string): void {
  const pkg = join(root, 'vendor', 'myreg', 'tools@1.2.0');
  mkdirSync(join(pkg, 'prototypes'), { recursive: true });
  // util.libsonnet imports a file next to it: relative imports inside a package must resolve.
  writeFileSync(join(pkg, 'defaults.libsonnet'), "{ kind: 'Job' }\n");
  writeFileSync(
    join(pkg, 'util.libsonnet'),
    "local d = import 'defaults.libsonnet';\n{ job(name, workers):: { apiVersion: 'batch/v1', kind: d.kind, metadata: { name: name }, spec: { parallelism: workers } } }\n",
  );
  writeFileSync(
    join(pkg, 'prototypes', 'batch-job.jsonnet'),
    [
      '// @apiVersion 0.1',
      '// @name io.ksonnet.pkg.batch-job',
      '// @description A batch Job built by the package library.',
      '// @shortDescription Batch job',
      '// @param name string Name of the job',
      '// @optionalParam num_workers number 1 Parallelism',
      '// @optionalParam cloud string null Cloud to tune for',
      "local util = import 'myreg/tools/util.libsonnet';",
      "util.job(import 'param://name', import 'param://num_workers')",
      '',
    ].join('\n'),
  );
  const appYaml = readFileSync(join(root, 'app.yaml'), 'utf8').replace(
    'libraries: {}',
    'libraries:\n  myreg/tools:\n    registry: myreg\n    name: tools\n    version: 1.2.0',
  );
  writeFileSync(join(root, 'app.yaml'), appYaml);
}

describe('kf prototype', () => {
  let root: string;
  beforeAll(async () => {
    root = await newApp();
    vendorPackage(root);
  });

  it('lists built-in and installed prototypes with their source', async () => {
    const result = await runKf(['prototype', 'list', '-o', 'json'], { cwd: root });
    expect(result.exitCode).toBe(0);
    const names = JSON.parse(result.stdout).map(
      (p: { name: string; source: string }) => `${p.name} ${p.source}`,
    );
    expect(names).toEqual([
      'io.ksonnet.pkg.configMap builtin',
      'io.ksonnet.pkg.deployed-service builtin',
      'io.ksonnet.pkg.namespace builtin',
      'io.ksonnet.pkg.single-port-deployment builtin',
      'io.ksonnet.pkg.single-port-service builtin',
      'io.ksonnet.pkg.batch-job myreg/tools@1.2.0',
    ]);
    const table = await runKf(['prototype', 'list'], { cwd: root });
    expect(table.stdout).toMatch(/io\.ksonnet\.pkg\.batch-job\s+myreg\/tools@1\.2\.0\s+Batch job/);
  });

  it('describes every parameter with type and default, found by suffix', async () => {
    const result = await runKf(['prototype', 'describe', 'deployed-service'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/--image\s+string\s+Container image to deploy/);
    expect(result.stdout).toMatch(/--replicas\s+number\s+1\s+Number of replicas/);
    expect(result.stdout).toMatch(/--type\s+string\s+"ClusterIP"/);
    const json = JSON.parse(
      (await runKf(['prototype', 'describe', 'configmap', '-o', 'json'], { cwd: root })).stdout,
    );
    expect(json.name).toBe('io.ksonnet.pkg.configMap');
    expect(json.params).toContainEqual({
      name: 'data',
      type: 'object',
      description: expect.any(String),
      required: false,
      default: {},
    });
  });

  it('searches names and descriptions', async () => {
    const result = await runKf(['prototype', 'search', 'service'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('io.ksonnet.pkg.deployed-service');
    expect(result.stdout).toContain('io.ksonnet.pkg.single-port-service');
    expect(result.stdout).not.toContain('io.ksonnet.pkg.namespace');
    expect((await runKf(['prototype', 'search', 'zzz'], { cwd: root })).exitCode).toBe(1);
  });

  it('previews the expanded Jsonnet with parameter values, writing nothing', async () => {
    const before = snapshotTree(root);
    const result = await runKf(['prototype', 'preview', 'namespace', '--name=team-a'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("local params = {\n  name: 'team-a',\n};");
    expect(result.stdout).toContain('local name = params.name;');
    expect(snapshotTree(root)).toEqual(before);
  });

  it('suggests the closest name for an unknown prototype', async () => {
    const result = await runKf(['prototype', 'describe', 'deployed-servce'], { cwd: root });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      "kf: unknown prototype 'deployed-servce' (did you mean 'deployed-service'?)\n",
    );
  });
});

describe('kf generate', () => {
  it('writes the component with the header line and all parameters, defaults included', async () => {
    const root = await newApp();
    const result = await runKf(
      ['generate', 'deployed-service', 'web', '--image=nginx:1.27', '--replicas', '3'],
      { cwd: root },
    );
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const source = readFileSync(join(root, 'components/web.jsonnet'), 'utf8');
    expect(source.split('\n')[0]).toBe(
      '// kf: generated from prototype io.ksonnet.pkg.deployed-service (builtin)',
    );
    expect(source).not.toContain('param://');
    const params = readFileSync(join(root, 'components/params.libsonnet'), 'utf8');
    expect(params).toContain(
      "    web: {\n      name: 'web',\n      image: 'nginx:1.27',\n      servicePort: 80,\n      containerPort: 80,\n      replicas: 3,\n      type: 'ClusterIP',\n    },\n",
    );
    // the scaffold's comments survive
    expect(params).toContain("// 'kf generate' adds entries");
  });

  it('works as `prototype use`, takes packaged prototypes, writes a null default as a real null and resolves package imports at render time', async () => {
    const root = await newApp();
    vendorPackage(root);
    const result = await runKf(['prototype', 'use', 'batch-job', 'train', '--num_workers=4'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(root, 'components/params.libsonnet'), 'utf8')).toContain(
      "train: {\n      name: 'train',\n      num_workers: 4,\n      cloud: null,\n    },",
    );
    expect(readFileSync(join(root, 'components/train.jsonnet'), 'utf8').split('\n')[0]).toBe(
      '// kf: generated from prototype io.ksonnet.pkg.batch-job (myreg/tools@1.2.0)',
    );
    const shown = await runKf(['show', 'default', '-o', 'json'], { cwd: root });
    expect(shown.stderr).toBe('');
    const items = JSON.parse(shown.stdout).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'Job',
      metadata: { name: 'train', namespace: 'ml' },
      spec: { parallelism: 4 },
    });
  });

  it("says so when a 2018 package's library takes the environment's name for its objects (Kubeflow 0.4's params + env)", async () => {
    const root = await newApp();
    // The shape of kubeflow/kubeflow v0.4.1's common/echo-server: new(_env, _params) merges env over params.
    const pkg = join(root, 'vendor', 'oldreg', 'echo@master');
    mkdirSync(join(pkg, 'prototypes'), { recursive: true });
    writeFileSync(
      join(pkg, 'echo.libsonnet'),
      "{ new(_env, _params):: { local params = _params + _env, all:: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: params.name, namespace: params.namespace } }] } }\n",
    );
    writeFileSync(
      join(pkg, 'prototypes', 'echo.jsonnet'),
      [
        '// @apiVersion 0.1',
        '// @name io.ksonnet.pkg.echo',
        '// @description An echo Service.',
        '// @shortDescription Echo',
        '// @param name string Name of the Service',
        "local echo = import 'oldreg/echo/echo.libsonnet';",
        'echo.new(env, params).all',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(root, 'app.yaml'),
      readFileSync(join(root, 'app.yaml'), 'utf8').replace(
        'libraries: {}',
        'libraries:\n  oldreg/echo:\n    registry: oldreg\n    name: echo\n    version: master',
      ),
    );
    const result = await runKf(['generate', 'echo', 'echo-server'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      "note: component echo-server names its objects after the environment (Service default in environment default), not 'echo-server': its library merges the environment into its params the ksonnet way, and a kf app's environment has a name; for a package of ksonnet's time add 'conventions: ksonnet' to app.yaml (see docs/ksonnet.md)\n",
    );
    // A package written for kf's contract (the built-in ones) gets no note.
    const builtin = await runKf(['generate', 'deployed-service', 'web', '--image=nginx'], { cwd: root });
    expect(builtin.exitCode).toBe(0);
    expect(builtin.stdout).not.toContain('note:');
  });

  it('accepts snake_case flags for camelCase parameters (the 2017 walkthrough spelling)', async () => {
    const root = await newApp();
    const result = await runKf(
      ['generate', 'deployed-service', 'web', '--image=nginx', '--container_port=8080'],
      { cwd: root },
    );
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(root, 'components/params.libsonnet'), 'utf8')).toContain('containerPort: 8080,');
  });

  it('takes parameter values from --values-file', async () => {
    const root = await newApp();
    writeFileSync(join(root, 'values.jsonnet'), "{ data: { level: 'debug' } }\n");
    const result = await runKf(['generate', 'configmap', 'settings', '--values-file', 'values.jsonnet'], {
      cwd: root,
    });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(root, 'components/params.libsonnet'), 'utf8')).toContain(
      "settings: {\n      name: 'settings',\n      data: { level: 'debug' },\n    },",
    );
  });

  const badInputs: Array<[string, string[], RegExp]> = [
    [
      'a flag typo with three dashes',
      ['generate', 'deployed-service', 'web', '--image=nginx', '---namespace=default'],
      /malformed flag '---namespace=default'/,
    ],
    [
      'an unknown parameter',
      ['generate', 'deployed-service', 'web', '--image=nginx', '--replica=2'],
      /unknown flag '--replica=2' for prototype io\.ksonnet\.pkg\.deployed-service \(did you mean '--replicas'\?\)/,
    ],
    [
      'a missing required parameter',
      ['generate', 'deployed-service', 'web'],
      /missing required parameter --image/,
    ],
    [
      'a wrongly typed value',
      ['generate', 'deployed-service', 'web', '--image=nginx', '--replicas=three'],
      /parameter 'replicas' must be a number, got 'three'/,
    ],
    [
      'an object parameter given a string',
      ['generate', 'configmap', 'cm', '--data=oops'],
      /parameter 'data' must be an object/,
    ],
    [
      'an unknown prototype',
      ['generate', 'deployed-servise', 'web'],
      /unknown prototype 'deployed-servise' \(did you mean 'deployed-service'\?\)/,
    ],
    [
      'an invalid component name',
      ['generate', 'namespace', 'Bad/Name'],
      /invalid component name 'Bad\/Name'/,
    ],
    ['an existing component', ['generate', 'namespace', 'web'], /component 'web' already exists/],
  ];

  for (const [what, args, message] of badInputs) {
    it(`rejects ${what} with one line and changes no file`, async () => {
      const root = await newApp();
      writeFileSync(
        join(root, 'components/web.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n',
      );
      const before = snapshotTree(root);
      const result = await runKf(args, { cwd: root });
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toBe('');
      expect(snapshotTree(root)).toEqual(before);
    });
  }

  it('refuses to generate when params.libsonnet does not parse, naming line and column', async () => {
    const root = await newApp();
    writeFileSync(
      join(root, 'components/params.libsonnet'),
      '{\n  global: {},\n  components: {\n    web: { a: 1,, },\n  },\n}\n',
    );
    const before = snapshotTree(root);
    const result = await runKf(['generate', 'namespace', 'ns'], { cwd: root });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/components\/params\.libsonnet:4:\d+: cannot parse params file/);
    expect(snapshotTree(root)).toEqual(before);
    expect(existsSync(join(root, 'components/ns.jsonnet'))).toBe(false);
  });
});
