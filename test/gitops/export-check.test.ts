import { describe, expect, it } from 'vitest';
import { findDrift, formatDrift, isClean, mergedManifest } from '../../src/render/export-check.js';
import {
  DEFAULT_TEMPLATE,
  layoutFiles,
  parseTemplate,
  type ExportEntry,
  type PlannedFile,
} from '../../src/render/export-layout.js';
import type { KubeObject } from '../../src/kube-object.js';

const cm = (name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns' },
  data,
});
const plan = (env: string, objects: KubeObject[]): PlannedFile[] =>
  layoutFiles(
    env,
    objects.map((object) => ({ component: 'c', object })),
    parseTemplate(DEFAULT_TEMPLATE),
  );
const folderOf = (files: PlannedFile[], others = new Map<string, ExportEntry>()): Map<string, string> =>
  new Map([
    ...files.map((f) => [f.path, f.content] as [string, string]),
    ['manifest.json', mergedManifest(others, files)],
  ]);

describe('drift check', () => {
  it('finds nothing when the folder matches the render', () => {
    const files = plan('dev', [cm('a'), cm('b')]);
    const drift = findDrift(files, new Set(['dev']), folderOf(files), undefined);
    expect(isClean(drift)).toBe(true);
  });

  it('lists missing, extra and changed files, with a unified diff for changes', () => {
    const committed = plan('dev', [cm('a', { v: '1' }), cm('gone')]);
    const rendered = plan('dev', [cm('a', { v: '2' }), cm('new')]);
    const drift = findDrift(rendered, new Set(['dev']), folderOf(committed), undefined);
    expect(drift.missing).toEqual(['dev/ns/core_v1_ConfigMap_new.yaml']);
    expect(drift.extra).toEqual(['dev/ns/core_v1_ConfigMap_gone.yaml']);
    expect(drift.changed.map((c) => c.path)).toEqual(['dev/ns/core_v1_ConfigMap_a.yaml', 'manifest.json']);
    const diff = drift.changed[0].diff;
    expect(diff).toContain('--- a/dev/ns/core_v1_ConfigMap_a.yaml');
    expect(diff).toContain('+++ b/dev/ns/core_v1_ConfigMap_a.yaml');
    expect(diff).toContain('-  v: "1"');
    expect(diff).toContain('+  v: "2"');
    const report = formatDrift(drift, 'out');
    expect(report).toContain('missing: out/dev/ns/core_v1_ConfigMap_new.yaml');
    expect(report).toContain('extra:   out/dev/ns/core_v1_ConfigMap_gone.yaml');
    expect(report).toContain('changed: out/dev/ns/core_v1_ConfigMap_a.yaml');
  });

  it('reports a stray file nobody rendered as extra', () => {
    const files = plan('dev', [cm('a')]);
    const folder = folderOf(files);
    folder.set('notes.txt', 'hello\n');
    expect(findDrift(files, new Set(['dev']), folder, undefined).extra).toEqual(['notes.txt']);
  });

  it('tells extra files kf did not write (not in manifest.json: an export keeps them) from those it did', () => {
    const committed = plan('dev', [cm('a'), cm('gone')]);
    const folder = folderOf(committed);
    folder.set('dev/notes.yaml', 'a: 1\n');
    const manifest = new Map(committed.map((f) => [f.path, f.entry]));
    const drift = findDrift(plan('dev', [cm('a')]), new Set(['dev']), folder, manifest);
    expect(drift.extra).toEqual(['dev/notes.yaml', 'dev/ns/core_v1_ConfigMap_gone.yaml']);
    expect(drift.unowned).toEqual(['dev/notes.yaml']);
    expect(formatDrift(drift, 'out')).toContain(
      'extra:   out/dev/notes.yaml (not written by kf: remove it by hand)\nextra:   out/dev/ns/core_v1_ConfigMap_gone.yaml\n',
    );
  });

  it('leaves environments that are not being checked alone', () => {
    const dev = plan('dev', [cm('a')]);
    const prod = plan('prod', [cm('p')]);
    const all = [...dev, ...prod];
    const manifest = new Map(all.map((f) => [f.path, f.entry]));
    const drift = findDrift(dev, new Set(['dev']), folderOf(all), manifest);
    expect(isClean(drift)).toBe(true);
    // but when prod is checked too and renders nothing, its files are extra
    const drift2 = findDrift(dev, new Set(['dev', 'prod']), folderOf(all), manifest);
    expect(drift2.extra).toEqual(['prod/ns/core_v1_ConfigMap_p.yaml']);
  });
});
