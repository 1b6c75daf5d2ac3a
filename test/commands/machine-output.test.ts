// -o json on validate and export (docs/json-output.md), the same on every run; validate -o junit
// as JUnit XML a CI system reads: one testcase per object, failures carrying the messages.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO_ROOT, runKf, tempDir } from '../helpers/run-kf.js';

beforeAll(() => void ensureBuilt(), 600_000);

function fixture(): string {
  const root = join(tempDir(), 'app');
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'apps', 'render-basic'), root, { recursive: true });
  return root;
}

describe('kf validate -o json | junit', () => {
  let app: string;
  beforeAll(() => {
    app = fixture();
    // Two problems on one object (one needing XML escaping), none on the others.
    writeFileSync(
      join(app, 'components', 'bad.jsonnet'),
      "{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bad' }, spec: { replicas: 'two', '<odd>': true, selector: {}, template: {} } }\n",
    );
  });

  it('-o json: one document listing every problem, the same on every run', async () => {
    const first = await runKf(['validate', 'dev', '-o', 'json'], { cwd: app });
    expect(first.exitCode).toBe(1);
    expect(first.stderr).toBe('kf: 2 problems found (each is listed in the json output)\n');
    const doc = JSON.parse(first.stdout);
    expect(doc).toMatchObject({
      kind: 'ValidateResult',
      summary: { environments: 1, objects: 4, problems: 2 },
    });
    expect(doc.environments[0]).toMatchObject({ environment: 'dev', server: false, objects: 4 });
    expect(doc.environments[0].problems).toEqual([
      expect.objectContaining({ name: 'deployment.apps/bad', namespace: 'dev-ns', component: 'bad' }),
      expect.objectContaining({ name: 'deployment.apps/bad', namespace: 'dev-ns', component: 'bad' }),
    ]);
    expect(doc.environments[0].problems.map((p: { path: string }) => p.path).sort()).toEqual([
      'spec.replicas',
      'spec["<odd>"]',
    ]);
    const second = await runKf(['validate', 'dev', '-o', 'json'], { cwd: app });
    expect(second.stdout).toBe(first.stdout);
  });

  it('-o junit: well-formed JUnit XML, one testcase per object, the failure with every message', async () => {
    const result = await runKf(['validate', 'dev', '-o', 'junit'], { cwd: app });
    expect(result.exitCode).toBe(1);
    expect(XMLValidator.validate(result.stdout)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(result.stdout);
    expect(parsed.testsuites).toMatchObject({ name: 'kf validate', tests: '4', failures: '1' });
    const [suite] = parsed.testsuites.testsuite;
    expect(suite).toMatchObject({ name: 'dev', tests: '4', failures: '1' });
    const cases = suite.testcase as {
      classname: string;
      name: string;
      failure?: { message: string; '#text': string };
    }[];
    expect(cases.map((c) => `${c.classname} ${c.name}`).sort()).toEqual([
      'dev.bad deployment.apps/bad -n dev-ns',
      'dev.settings configmap/settings -n dev-ns',
      'dev.team-ns namespace/team',
      'dev.web deployment.apps/web -n dev-ns',
    ]);
    const bad = cases.find((c) => c.name.startsWith('deployment.apps/bad'))!;
    expect(bad.failure?.message).toMatch(/\(and 1 more\)$/);
    expect(bad.failure?.['#text'].split('\n')).toHaveLength(2);
    expect(bad.failure?.['#text']).toContain('<odd>');
    expect(cases.filter((c) => c.failure)).toHaveLength(1);
  });
});

describe('kf export -o json', () => {
  it('lists every file written in path order, and --check says whether the folder is up to date', async () => {
    const app = fixture();
    const out = join(tempDir(), 'out');
    const written = await runKf(['export', 'dev', out, '-o', 'json'], { cwd: app });
    expect(written.stderr).toBe('');
    expect(written.exitCode).toBe(0);
    const doc = JSON.parse(written.stdout);
    expect(doc).toMatchObject({ kind: 'ExportResult', dir: out, environments: ['dev'], check: false });
    const paths = doc.files.map((f: { path: string }) => f.path);
    expect(paths).toEqual([...paths].sort());
    expect(doc.files).toContainEqual({
      path: expect.stringMatching(/^dev\/dev-ns\//),
      environment: 'dev',
      component: 'web',
      name: 'deployment.apps/web',
      namespace: 'dev-ns',
    });
    const clean = await runKf(['export', 'dev', out, '--check', '-o', 'json'], { cwd: app });
    expect(clean.exitCode).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({
      kind: 'ExportResult',
      dir: out,
      environments: ['dev'],
      check: true,
      upToDate: true,
      missing: [],
      extra: [],
      unowned: [],
      changed: [],
    });
    writeFileSync(join(out, 'dev', 'stray.yaml'), 'x: 1\n');
    const drift = await runKf(['export', 'dev', out, '--check', '-o', 'json'], { cwd: app });
    expect(drift.exitCode).toBe(3);
    expect(JSON.parse(drift.stdout)).toMatchObject({
      upToDate: false,
      extra: ['dev/stray.yaml'],
      unowned: ['dev/stray.yaml'],
    });
  });
});
