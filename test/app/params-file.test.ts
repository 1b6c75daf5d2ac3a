import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffLines } from 'diff';
import { describe, expect, it } from 'vitest';
import {
  deleteParam,
  putComponentEntry,
  removeComponentEntry,
  setParam,
  type ParamsScope,
} from '../../src/app/params-file.js';
import { parseCliValue, type JsonValue } from '../../src/app/jsonnet-literal.js';
import { Engine } from '../../src/jsonnet/index.js';
import { parse } from '../../src/jsonnet/parser.js';
import { REPO_ROOT, tempDir } from '../helpers/run-kf.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'params');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** Lines removed and added between two texts. */
function lineChanges(before: string, after: string): { removed: string[]; added: string[] } {
  const removed: string[] = [];
  const added: string[] = [];
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, '').split('\n');
    if (part.removed) removed.push(...lines);
    if (part.added) added.push(...lines);
  }
  return { removed, added };
}

/**
 * Reads a key back by evaluating the edited file with kf's engine, the way the renderer does:
 * components files directly, environment params files over empty base params (next to an empty
 * globals.libsonnet), globals files directly.
 */
function readBack(source: string, scope: ParamsScope, path: string[]): unknown {
  const dir = tempDir('kf-params-');
  writeFileSync(join(dir, 'globals.libsonnet'), '{}\n');
  writeFileSync(join(dir, 'edited.libsonnet'), source);
  const base = JSON.stringify({ global: {}, components: {} });
  const value = new Engine({ extVars: { '__ksonnet/params': { kind: 'code', value: base } } }).evaluateFile(
    join(dir, 'edited.libsonnet'),
  ) as Record<string, any>;
  let current: any =
    scope.kind === 'top'
      ? value
      : scope.kind === 'global'
        ? value.global
        : value.components?.[scope.component];
  for (const key of path) current = current?.[key];
  return current;
}

interface SetCase {
  fixture: string;
  scope: ParamsScope;
  path: string[];
  value: JsonValue;
  extend?: boolean;
  /** at most this many original lines may change (replaced or removed) */
  maxRemoved: number;
}

const setCases: SetCase[] = [
  {
    fixture: 'components-commented.libsonnet',
    scope: { kind: 'component', component: 'cnn' },
    path: ['num_gpus'],
    value: 2,
    maxRemoved: 1,
  },
  {
    fixture: 'components-commented.libsonnet',
    scope: { kind: 'component', component: 'cnn' },
    path: ['name'],
    value: 'cnn-2',
    maxRemoved: 1,
  },
  {
    fixture: 'components-commented.libsonnet',
    scope: { kind: 'component', component: 'cnn' },
    path: ['args'],
    value: ['--a', '--b'],
    maxRemoved: 0,
  },
  {
    fixture: 'components-commented.libsonnet',
    scope: { kind: 'component', component: 'kubeflow-core' },
    path: ['cloud'],
    value: 'gke',
    maxRemoved: 1,
  },
  {
    fixture: 'components-commented.libsonnet',
    scope: { kind: 'component', component: 'kubeflow-core' },
    path: ['labels', 'tier'],
    value: 'cpu',
    maxRemoved: 1,
  },
  {
    fixture: 'components-commented.libsonnet',
    scope: { kind: 'component', component: 'kubeflow-core' },
    path: ['labels', 'owner'],
    value: 'me',
    maxRemoved: 1,
  },
  {
    fixture: 'components-commented.libsonnet',
    scope: { kind: 'component', component: 'new-one' },
    path: ['replicas'],
    value: 3,
    maxRemoved: 0,
  },
  {
    fixture: 'components-commented.libsonnet',
    scope: { kind: 'global' },
    path: ['replicas'],
    value: 4,
    maxRemoved: 0,
  },
  {
    fixture: 'components-commented.libsonnet',
    scope: { kind: 'component', component: 'cnn' },
    path: ['resources', 'limits', 'cpu'],
    value: '2',
    maxRemoved: 0,
  },
  {
    fixture: 'components-compact.libsonnet',
    scope: { kind: 'component', component: 'web' },
    path: ['replicas'],
    value: 5,
    maxRemoved: 1,
  },
  {
    fixture: 'components-compact.libsonnet',
    scope: { kind: 'component', component: 'db' },
    path: ['host'],
    value: 'db.local',
    maxRemoved: 1,
  },
  {
    fixture: 'components-compact.libsonnet',
    scope: { kind: 'component', component: 'cache' },
    path: ['size'],
    value: { mb: 64 },
    maxRemoved: 1,
  },
  {
    fixture: 'components-empty.libsonnet',
    scope: { kind: 'component', component: 'web' },
    path: ['image'],
    value: 'nginx:1.27',
    maxRemoved: 1,
  },
  {
    fixture: 'components-empty.libsonnet',
    scope: { kind: 'global' },
    path: ['team'],
    value: 'ml',
    maxRemoved: 1,
  },
  {
    fixture: 'components-no-trailing-commas.libsonnet',
    scope: { kind: 'global' },
    path: ['region'],
    value: 'eu',
    maxRemoved: 1,
  },
  {
    fixture: 'components-no-trailing-commas.libsonnet',
    scope: { kind: 'component', component: 'web' },
    path: ['replicas'],
    value: 3,
    maxRemoved: 1,
  },
  {
    fixture: 'components-no-trailing-commas.libsonnet',
    scope: { kind: 'component', component: 'web' },
    path: ['resources', 'limits', 'memory'],
    value: '1Gi',
    maxRemoved: 1,
  },
  {
    fixture: 'components-no-trailing-commas.libsonnet',
    scope: { kind: 'component', component: 'svc' },
    path: ['type'],
    value: 'NodePort',
    maxRemoved: 1,
  },
  {
    fixture: 'components-no-trailing-commas.libsonnet',
    scope: { kind: 'component', component: 'svc' },
    path: ['port'],
    value: 8080,
    maxRemoved: 1,
  },
  {
    fixture: 'components-no-trailing-commas.libsonnet',
    scope: { kind: 'component', component: 'api' },
    path: ['port'],
    value: 8080,
    maxRemoved: 1,
  },
  {
    fixture: 'env-params.libsonnet',
    scope: { kind: 'component', component: 'cnn' },
    path: ['num_gpus'],
    value: 4,
    extend: true,
    maxRemoved: 1,
  },
  {
    fixture: 'env-params.libsonnet',
    scope: { kind: 'component', component: 'cnn' },
    path: ['num_workers'],
    value: 1,
    extend: true,
    maxRemoved: 0,
  },
  {
    fixture: 'env-params.libsonnet',
    scope: { kind: 'component', component: 'inception' },
    path: ['model_path'],
    value: 'gs://kubeflow-models/inception',
    extend: true,
    maxRemoved: 0,
  },
  {
    fixture: 'env-params.libsonnet',
    scope: { kind: 'component', component: 'web' },
    path: ['metadata', 'labels'],
    value: { a: 'b' },
    extend: true,
    maxRemoved: 0,
  },
  {
    fixture: 'env-globals.libsonnet',
    scope: { kind: 'top' },
    path: ['team'],
    value: 'platform',
    extend: true,
    maxRemoved: 1,
  },
  {
    fixture: 'env-globals.libsonnet',
    scope: { kind: 'top' },
    path: ['cloud'],
    value: 'gke',
    extend: true,
    maxRemoved: 0,
  },
];

describe('setParam keeps every other byte', () => {
  for (const c of setCases) {
    it(`${c.fixture}: ${c.scope.kind === 'component' ? c.scope.component + '.' : ''}${c.path.join('.')} = ${JSON.stringify(c.value)}`, () => {
      const before = read(c.fixture);
      const after = setParam(before, c.fixture, c.scope, c.path, c.value, { extend: c.extend ?? false });
      expect(() => parse(after, c.fixture)).not.toThrow();
      expect(readBack(after, c.scope, c.path)).toEqual(c.value);
      const { removed, added } = lineChanges(before, after);
      expect(removed.length).toBeLessThanOrEqual(c.maxRemoved);
      expect(added.length).toBeGreaterThan(0);
      // every comment of the original is still there
      for (const comment of before.match(/(\/\/|#).*$/gm) ?? []) expect(after).toContain(comment);
      // setting the same value again changes nothing
      expect(setParam(after, c.fixture, c.scope, c.path, c.value, { extend: c.extend ?? false })).toBe(after);
    });
  }

  it('writes `+:` for new component entries and intermediate objects in environment files', () => {
    const after = setParam(
      read('env-params.libsonnet'),
      'p',
      { kind: 'component', component: 'web' },
      ['metadata', 'labels'],
      { a: 'b' },
      { extend: true },
    );
    expect(after).toContain(`web+: { metadata+: { labels: { a: 'b' } } },`);
  });

  it('shows the exact diff of a commented file', () => {
    const before = read('components-commented.libsonnet');
    const after = setParam(before, 'p', { kind: 'component', component: 'cnn' }, ['num_gpus'], 1, {
      extend: false,
    });
    expect(lineChanges(before, after)).toEqual({
      removed: ['      num_gpus: 0,'],
      added: ['      num_gpus: 1,'],
    });
  });

  it('refuses to edit inside a value that is not an object literal, naming line and column', () => {
    const source = read('components-no-trailing-commas.libsonnet');
    expect(() =>
      setParam(source, 'p.libsonnet', { kind: 'global' }, ['owner', 'x'], 1, { extend: false }),
    ).toThrow(/cannot edit inside 'owner'/);
  });

  it('reports a params file that does not parse with its line and column', () => {
    try {
      setParam(
        '{\n  components: {\n    a: { b: 1 ,, },\n  },\n}\n',
        'bad.libsonnet',
        { kind: 'global' },
        ['x'],
        1,
        { extend: false },
      );
      expect.unreachable();
    } catch (error) {
      expect((error as Error).name).toBe('UserError');
      expect((error as { location: { line: number } }).location.line).toBe(3);
    }
  });
});

describe('the quotes of new strings follow the file', () => {
  // As ksonnet wrote params files (kubeflow/examples' apps): every string double-quoted.
  const ksonnet = `{
  global: {},
  components: {
    "tf-serving": {
      name: "tf-serving",
      modelPath: "gs://kubeflow-models/inception",
    },
  },
}
`;
  const serving = { kind: 'component', component: 'tf-serving' } as const;

  it('a double-quoted file gets double quotes: values, keys, nested objects and new entries', () => {
    const set = setParam(ksonnet, 'p', serving, ['image'], 'gcr.io/kubeflow/serving:1.0', { extend: false });
    expect(set).toContain('image: "gcr.io/kubeflow/serving:1.0",');
    const labels = setParam(
      set,
      'p',
      serving,
      ['labels'],
      { 'app.kubernetes.io/name': "it's" },
      { extend: false },
    );
    expect(labels).toContain(`labels: { "app.kubernetes.io/name": "it's" },`);
    // A text holding a " and no ' is single-quoted, as jsonnetfmt turns the rule around.
    expect(setParam(ksonnet, 'p', serving, ['args'], ['--flag="x"'], { extend: false })).toContain(
      `args: ['--flag="x"'],`,
    );
    const entry = putComponentEntry(ksonnet, 'p', 'cnn-job', { name: 'cnn-job', image: 'tf' });
    expect(entry).toContain(`"cnn-job": {\n      name: "cnn-job",\n      image: "tf",\n    },`);
  });

  it('a file with mostly single quotes (what kf init and kf fmt write) keeps getting them', () => {
    const before = read('components-commented.libsonnet');
    const after = setParam(before, 'p', { kind: 'component', component: 'cnn' }, ['image'], 'tf:2', {
      extend: false,
    });
    expect(after).toContain("image: 'tf:2',");
  });
});

describe('deleteParam and removeComponentEntry', () => {
  it('deletes a key and its line, keeping comments elsewhere', () => {
    const before = read('components-commented.libsonnet');
    const after = deleteParam(before, 'p', { kind: 'component', component: 'cnn' }, ['num_gpus']);
    expect(lineChanges(before, after)).toEqual({ removed: ['      num_gpus: 0,'], added: [] });
    expect(readBack(after, { kind: 'component', component: 'cnn' }, ['num_gpus'])).toBeUndefined();
  });

  it('deletes a key with a trailing comment on its line', () => {
    const before = read('components-commented.libsonnet');
    const after = deleteParam(before, 'p', { kind: 'component', component: 'cnn' }, ['name']);
    expect(lineChanges(before, after)).toEqual({ removed: ["      name: 'cnn',  // job name"], added: [] });
  });

  it('deletes inside a one-line object', () => {
    const before = read('components-compact.libsonnet');
    const after = deleteParam(before, 'p', { kind: 'component', component: 'web' }, ['image']);
    expect(after).toBe('{global:{},components:{"web":{replicas:2},db:{ port: 5432 }}}\n');
    const first = deleteParam(before, 'p', { kind: 'component', component: 'web' }, ['replicas']);
    expect(first).toBe('{global:{},components:{"web":{image:"nginx"},db:{ port: 5432 }}}\n');
  });

  it('deleting what `kf param set --env` added restores the file: an override left empty goes with its key', () => {
    const before = read('env-params.libsonnet');
    const web = { kind: 'component', component: 'web' } as const;
    const set = setParam(before, 'p', web, ['metadata', 'labels', 'a'], 'b', { extend: true });
    const both = setParam(set, 'p', web, ['replicas'], 2, { extend: true });
    expect(deleteParam(both, 'p', web, ['replicas'])).toBe(set);
    expect(deleteParam(set, 'p', web, ['metadata', 'labels', 'a'])).toBe(before);
    // A `+:` object holding a comment or another key stays; a plain `name: {}` is a value, and stays.
    const commented = set.replace('labels+: {', 'labels+: { // who asked\n');
    expect(deleteParam(commented, 'p', web, ['metadata', 'labels', 'a'])).toContain('// who asked');
    const plain = set.replace('labels+:', 'labels:');
    expect(deleteParam(plain, 'p', web, ['metadata', 'labels', 'a'])).toContain('labels: {}');
  });

  it('names the known keys when the key is missing', () => {
    expect(() =>
      deleteParam(read('components-commented.libsonnet'), 'p', { kind: 'component', component: 'cnn' }, [
        'num_gpu',
      ]),
    ).toThrow(/no parameter 'num_gpu'.*/);
  });

  it('removes a whole multi-line component entry', () => {
    const before = read('components-commented.libsonnet');
    const after = removeComponentEntry(before, 'p', 'kubeflow-core');
    const { removed, added } = lineChanges(before, after);
    expect(added).toEqual([]);
    expect(removed).toEqual([
      "    'kubeflow-core': {",
      '      cloud: null,',
      '      namespace: null,   # hash comment',
      '      labels: { team: \'ml\', tier: "gpu" },',
      '    },',
    ]);
    expect(() => parse(after, 'p')).not.toThrow();
    expect(removeComponentEntry(after, 'p', 'kubeflow-core')).toBe(after);
  });

  it('adds a generated component entry with one parameter per line', () => {
    const before = read('components-empty.libsonnet');
    const after = putComponentEntry(before, 'p', 'my-svc', { name: 'my-svc', port: 80, namespace: null });
    expect(after).toBe(
      "{\n  global: {},\n  components: {\n    'my-svc': {\n      name: 'my-svc',\n      port: 80,\n      namespace: null,\n    },\n  },\n}\n",
    );
  });
});

describe('parseCliValue', () => {
  it('reads Jsonnet/JSON literals and falls back to strings', () => {
    expect(parseCliValue('1')).toBe(1);
    expect(parseCliValue('-2.5')).toBe(-2.5);
    expect(parseCliValue('true')).toBe(true);
    expect(parseCliValue('null')).toBe(null);
    expect(parseCliValue('[1, "a"]')).toEqual([1, 'a']);
    expect(parseCliValue('{"a": {b: 1}}')).toEqual({ a: { b: 1 } });
    expect(parseCliValue("'quoted'")).toBe('quoted');
    expect(parseCliValue('gcr.io/kubeflow/img:v1')).toBe('gcr.io/kubeflow/img:v1');
    expect(parseCliValue('--flag')).toBe('--flag');
    expect(parseCliValue('nginx')).toBe('nginx');
  });
});
