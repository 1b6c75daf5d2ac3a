import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATE,
  layoutFiles,
  parseTemplate,
  type PlannedFile,
} from '../../src/render/export-layout.js';
import { readManifest, readTree, writeExport } from '../../src/render/export-tree.js';
import type { KubeObject } from '../../src/kube-object.js';
import { snapshotTree, tempDir } from '../helpers/run-kf.js';
import { userErrorOf } from '../helpers/user-error.js';

const cm = (name: string, namespace: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});
const files = (env: string, objects: KubeObject[]): PlannedFile[] =>
  layoutFiles(
    env,
    objects.map((object) => ({ component: 'c', object })),
    parseTemplate(DEFAULT_TEMPLATE),
  );

describe('writing an export folder', () => {
  it('creates the folder with one file per object and manifest.json', () => {
    const out = join(tempDir(), 'out');
    writeExport(
      out,
      [...files('dev', [cm('a', 'ns')]), ...files('prod', [cm('a', 'ns')])],
      new Set(['dev', 'prod']),
      'fail',
    );
    expect([...readTree(out).keys()]).toEqual([
      'dev/ns/core_v1_ConfigMap_a.yaml',
      'manifest.json',
      'prod/ns/core_v1_ConfigMap_a.yaml',
    ]);
    expect([...(readManifest(out) ?? new Map()).values()].map((e) => e.environment)).toEqual(['dev', 'prod']);
    expect(readdirSync(join(out, '..'))).toEqual(['out']); // no temporary folders left behind
  });

  it('adds a new environment next to others already there (fail strategy)', () => {
    const out = join(tempDir(), 'out');
    writeExport(out, files('dev', [cm('a', 'ns')]), new Set(['dev']), 'fail');
    writeExport(out, files('prod', [cm('b', 'ns')]), new Set(['prod']), 'fail');
    expect([...readTree(out).keys()]).toEqual([
      'dev/ns/core_v1_ConfigMap_a.yaml',
      'manifest.json',
      'prod/ns/core_v1_ConfigMap_b.yaml',
    ]);
    expect(readManifest(out)?.size).toBe(2);
  });

  it('fail strategy refuses a folder that already holds the environment and changes nothing', () => {
    const out = join(tempDir(), 'out');
    writeExport(out, files('dev', [cm('a', 'ns')]), new Set(['dev']), 'fail');
    const before = snapshotTree(out);
    expect(
      userErrorOf(() =>
        writeExport(out, files('dev', [cm('a', 'ns', { k: 'v' })]), new Set(['dev']), 'fail'),
      ),
    ).toMatch(/out already holds environment dev \(see manifest.json\).*replace-envs/);
    expect(snapshotTree(out)).toEqual(before);
  });

  it('replace-envs replaces exactly the exported environments and keeps the others', () => {
    const out = join(tempDir(), 'out');
    writeExport(
      out,
      [...files('dev', [cm('a', 'ns'), cm('old', 'ns')]), ...files('prod', [cm('p', 'ns')])],
      new Set(['dev', 'prod']),
      'fail',
    );
    const prodBefore = readFileSync(join(out, 'prod/ns/core_v1_ConfigMap_p.yaml'), 'utf8');
    const result = writeExport(
      out,
      files('dev', [cm('a', 'ns', { k: 'v' }), cm('new', 'ns')]),
      new Set(['dev']),
      'replace-envs',
    );
    expect(result).toEqual({ written: 2, removed: 1 });
    expect([...readTree(out).keys()]).toEqual([
      'dev/ns/core_v1_ConfigMap_a.yaml',
      'dev/ns/core_v1_ConfigMap_new.yaml',
      'manifest.json',
      'prod/ns/core_v1_ConfigMap_p.yaml',
    ]);
    expect(readFileSync(join(out, 'dev/ns/core_v1_ConfigMap_a.yaml'), 'utf8')).toContain('k: v');
    expect(readFileSync(join(out, 'prod/ns/core_v1_ConfigMap_p.yaml'), 'utf8')).toBe(prodBefore);
    expect([...(readManifest(out) ?? new Map()).keys()]).toEqual([
      'dev/ns/core_v1_ConfigMap_a.yaml',
      'dev/ns/core_v1_ConfigMap_new.yaml',
      'prod/ns/core_v1_ConfigMap_p.yaml',
    ]);
  });

  it('never overwrites a file kf did not write, under either strategy', () => {
    const out = join(tempDir(), 'out');
    mkdirSync(join(out, 'dev/ns'), { recursive: true });
    writeFileSync(join(out, 'dev/ns/core_v1_ConfigMap_a.yaml'), 'hand-written\n');
    const before = snapshotTree(out);
    for (const strategy of ['fail', 'replace-envs'] as const) {
      expect(
        userErrorOf(() => writeExport(out, files('dev', [cm('a', 'ns')]), new Set(['dev']), strategy)),
      ).toMatch(/would overwrite .*which kf did not write/);
      expect(snapshotTree(out)).toEqual(before);
    }
  });

  it("never overwrites another environment's file", () => {
    const out = join(tempDir(), 'out');
    const shared = parseTemplate('{namespace}/{name}.yaml');
    writeExport(
      out,
      layoutFiles('prod', [{ component: 'c', object: cm('a', 'ns') }], shared),
      new Set(['prod']),
      'fail',
    );
    const before = snapshotTree(out);
    expect(
      userErrorOf(() =>
        writeExport(
          out,
          layoutFiles('dev', [{ component: 'c', object: cm('a', 'ns') }], shared),
          new Set(['dev']),
          'replace-envs',
        ),
      ),
    ).toMatch(/would overwrite \S*\/out\/ns\/a.yaml, which belongs to environment prod/);
    expect(snapshotTree(out)).toEqual(before);
  });

  it('keeps files it does not own, such as a README', () => {
    const out = join(tempDir(), 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'README.md'), 'rendered by kf\n');
    writeExport(out, files('dev', [cm('a', 'ns')]), new Set(['dev']), 'fail');
    writeExport(out, files('dev', [cm('b', 'ns')]), new Set(['dev']), 'replace-envs');
    expect([...readTree(out).keys()]).toEqual([
      'README.md',
      'dev/ns/core_v1_ConfigMap_b.yaml',
      'manifest.json',
    ]);
  });

  it('leaves foreign files, empty folders and folder and file modes alone', () => {
    const out = join(tempDir(), 'out');
    mkdirSync(join(out, 'docs', 'empty'), { recursive: true });
    mkdirSync(join(out, 'private'));
    writeFileSync(join(out, 'private', 'notes.txt'), 'mine\n', { mode: 0o600 });
    chmodSync(join(out, 'private'), 0o700);
    chmodSync(out, 0o750);
    writeExport(out, files('dev', [cm('a', 'ns')]), new Set(['dev']), 'fail');
    writeExport(out, files('dev', [cm('b', 'ns')]), new Set(['dev']), 'replace-envs');
    expect(statSync(join(out, 'docs', 'empty')).isDirectory()).toBe(true);
    expect(statSync(join(out, 'private')).mode & 0o777).toBe(0o700);
    expect(statSync(join(out, 'private', 'notes.txt')).mode & 0o777).toBe(0o600);
    expect(statSync(out).mode & 0o777).toBe(0o750);
    expect(readTree(out).get('private/notes.txt')).toBe('mine\n');
    // kf's own folders still go when they empty out
    writeExport(out, [], new Set(['dev']), 'replace-envs');
    expect(existsSync(join(out, 'dev'))).toBe(false);
  });

  it('an export killed between its two renames is recovered by the next one; temp copies are removed', () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    writeExport(out, files('dev', [cm('a', 'ns')]), new Set(['dev']), 'fail');
    const dead = spawnSync('true').pid as number;
    // the old folder moved aside, the new one never renamed in: both left by a killed process
    renameSync(out, join(parent, `.out.kf-export-${dead}-0a0b0c0d.old`));
    mkdirSync(join(parent, `.out.kf-export-${dead}-0a0b0c0d`));
    writeExport(out, files('dev', [cm('b', 'ns')]), new Set(['dev']), 'replace-envs');
    expect(readdirSync(parent)).toEqual(['out']);
    expect([...readTree(out).keys()]).toEqual(['dev/ns/core_v1_ConfigMap_b.yaml', 'manifest.json']);
  });

  it('leaves the folder untouched when writing fails half-way', () => {
    const out = join(tempDir(), 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'dev'), 'a file where the export needs a directory\n');
    writeFileSync(join(out, 'keep.txt'), 'x\n');
    const before = snapshotTree(out);
    expect(() => writeExport(out, files('dev', [cm('a', 'ns')]), new Set(['dev']), 'fail')).toThrow();
    expect(snapshotTree(out)).toEqual(before);
    expect(readdirSync(join(out, '..'))).toEqual(['out']);
  });

  it('refuses to swap out an app or a git work tree', () => {
    const app = tempDir();
    writeFileSync(join(app, 'app.yaml'), 'kind: App\n');
    expect(
      userErrorOf(() => writeExport(app, files('dev', [cm('a', 'ns')]), new Set(['dev']), 'fail')),
    ).toMatch(/holds app.yaml.*sub-directory/);
    const repo = tempDir();
    mkdirSync(join(repo, '.git'));
    expect(
      userErrorOf(() => writeExport(repo, files('dev', [cm('a', 'ns')]), new Set(['dev']), 'fail')),
    ).toMatch(/holds .git/);
    expect(existsSync(join(repo, 'dev'))).toBe(false);
  });

  it("refuses an app's components folder, whose every file would be read as a component", () => {
    const app = tempDir();
    writeFileSync(join(app, 'app.yaml'), 'kind: App\n');
    const components = join(app, 'components');
    mkdirSync(components);
    writeFileSync(join(components, 'web.jsonnet'), '{}\n');
    const before = snapshotTree(components);
    expect(
      userErrorOf(() => writeExport(components, files('dev', [cm('a', 'ns')]), new Set(['dev']), 'fail')),
    ).toBe(
      `${components} is the components folder of the app at ${app}: what kf export writes there would be read as components (export into a folder of its own, e.g. out/)`,
    );
    expect(snapshotTree(components)).toEqual(before);
    // A folder named components elsewhere is an ordinary export folder.
    const other = join(tempDir(), 'components');
    writeExport(other, files('dev', [cm('a', 'ns')]), new Set(['dev']), 'fail');
    expect(existsSync(join(other, 'manifest.json'))).toBe(true);
  });

  it('reports a broken manifest.json with its path as given, line and column', () => {
    const out = join(tempDir(), 'out');
    mkdirSync(out);
    // a merge conflict left in it
    writeFileSync(join(out, 'manifest.json'), '{\n<<<<<<< HEAD\n  "a.yaml": {}\n}\n');
    const relativeOut = relative(process.cwd(), out);
    const message = userErrorOf(() =>
      writeExport(relativeOut, files('dev', [cm('a', 'ns')]), new Set(['dev']), 'fail'),
    );
    const start = `${join(relativeOut, 'manifest.json')}:2:1: manifest.json is not valid JSON: `;
    expect(message.slice(0, start.length)).toBe(start);
    expect(message).not.toMatch(/position/);
  });
});
