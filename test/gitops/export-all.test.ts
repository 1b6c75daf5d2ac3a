// `kf export --all DIR`: the folder is the app's whole render, so an environment removed from
// app.yaml leaves drift behind until replace-envs removes its files.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../src/app/app.js';
import { removeEnvironment } from '../../src/app/environments.js';
import { checkExport, exportEnvironments } from '../../src/render/export.js';
import { readTree } from '../../src/render/export-tree.js';
import { fixtureApp } from './fixture.js';

describe('kf export --all after an environment is removed from app.yaml', () => {
  async function exportedThenRemoved(): Promise<{ root: string; out: string; before: Map<string, string> }> {
    const root = fixtureApp();
    const out = join(dirname(root), 'out');
    await exportEnvironments(loadApp(root), { envs: [], dir: out, parallelism: 1 });
    removeEnvironment(loadApp(root), 'prod');
    return { root, out, before: readTree(out) };
  }

  it('--check reports the removed environment’s files as extra and manifest.json as changed', async () => {
    const { root, out, before } = await exportedThenRemoved();
    const prodFiles = [...before.keys()].filter((path) => path.startsWith('prod/'));
    expect(prodFiles.length).toBeGreaterThan(0);
    const { envs, drift } = await checkExport(loadApp(root), { envs: [], dir: out, parallelism: 1 });
    expect(envs).toEqual(['dev']);
    expect(drift.missing).toEqual([]);
    expect(drift.extra).toEqual(prodFiles);
    expect(drift.changed.map((c) => c.path)).toEqual(['manifest.json']);
    expect(drift.changed[0].diff).toContain('-    "environment": "prod",');
    expect(readTree(out)).toEqual(before);
  });

  it('replace-envs (what --check says to run) removes them, and the folder is then up to date', async () => {
    const { root, out } = await exportedThenRemoved();
    await exportEnvironments(loadApp(root), { envs: [], dir: out, parallelism: 1, strategy: 'replace-envs' });
    expect(existsSync(join(out, 'prod'))).toBe(false);
    expect(Object.values(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')))).not.toContainEqual(
      expect.objectContaining({ environment: 'prod' }),
    );
    const { drift } = await checkExport(loadApp(root), { envs: [], dir: out, parallelism: 1 });
    expect(drift).toEqual({ missing: [], extra: [], unowned: [], changed: [] });
  });

  it('an export naming its environments leaves another environment’s files alone', async () => {
    const { root, out, before } = await exportedThenRemoved();
    const { drift } = await checkExport(loadApp(root), { envs: ['dev'], dir: out, parallelism: 1 });
    expect(drift).toEqual({ missing: [], extra: [], unowned: [], changed: [] });
    await exportEnvironments(loadApp(root), {
      envs: ['dev'],
      dir: out,
      parallelism: 1,
      strategy: 'replace-envs',
    });
    expect(readTree(out)).toEqual(before);
  });
});
