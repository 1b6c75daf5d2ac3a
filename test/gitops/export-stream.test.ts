import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadApp } from '../../src/app/app.js';
import { exportEnvironments, planExport } from '../../src/render/export.js';
import { readTree, writeExport } from '../../src/render/export-tree.js';
import { UserError } from '../../src/errors.js';
import { fixtureApp } from './fixture.js';
import { ensureBuilt, runKf, tempDir } from '../helpers/run-kf.js';

beforeAll(() => ensureBuilt(), 600_000);

// exportEnvironments writes each environment's files as it is rendered (into a temporary folder
// beside the target) and falls back to writing everything at the end when anything goes wrong.
describe('export written while environments render', () => {
  for (const parallelism of [1, 2]) {
    it(`a later environment that fails leaves no files and no temporary folder (parallelism ${parallelism})`, async () => {
      const root = fixtureApp({
        'environments/prod/main.jsonnet': 'error "prod is broken"',
      });
      const out = join(dirname(root), 'out');
      const error = await exportEnvironments(loadApp(root), {
        envs: ['dev', 'prod'],
        dir: out,
        parallelism,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String((error as Error).message)).toContain('prod is broken');
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dirname(out)).filter((n) => n.includes('kf-export'))).toEqual([]);
    });
  }

  it('writes a large export (big enough to start a writer thread) as writing it afterwards would', async () => {
    // 2 environments × 300 objects: over the size from which a writer thread is used. Which thread
    // writes which file depends on timing; export-writer.test.ts covers the threads' own writes.
    const root = fixtureApp({
      'components/many.jsonnet':
        "[{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-%03d' % i, namespace: 'ns' }, data: { i: '' + i } } for i in std.range(1, 300)]",
    });
    const app = loadApp(root);
    const streamed = join(dirname(root), 'streamed');
    const summary = await exportEnvironments(app, { envs: ['dev', 'prod'], dir: streamed, parallelism: 1 });
    expect(summary.files.length).toBeGreaterThan(600);
    const { files } = await planExport(app, { envs: ['dev', 'prod'], dir: streamed, parallelism: 1 });
    const afterwards = join(dirname(root), 'afterwards');
    writeExport(afterwards, files, new Set(['dev', 'prod']), 'fail');
    expect(readTree(streamed)).toEqual(readTree(afterwards));
    expect(readdirSync(dirname(root)).filter((n) => n.includes('kf-export'))).toEqual([]);
  });

  it('refuses a file kf does not own with the same error as before, writing nothing', async () => {
    const root = fixtureApp();
    const first = await exportEnvironments(loadApp(root), {
      envs: ['dev'],
      dir: join(dirname(root), 'first'),
      parallelism: 1,
    });
    const path = first.files[0].path;
    // Another folder holds that very path as a file kf did not write.
    const out = join(dirname(root), 'out');
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), 'mine\n');
    const error = await exportEnvironments(loadApp(root), {
      envs: ['dev', 'prod'],
      dir: out,
      parallelism: 2,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(`would overwrite ${out}/${path}, which kf did not write`);
    expect(readFileSync(join(out, path), 'utf8')).toBe('mine\n');
    expect(readdirSync(out)).toEqual([path.split('/')[0]]);
    expect(readdirSync(dirname(out)).filter((n) => n.includes('kf-export'))).toEqual([]);
  });

  it('reports an error inside a cached library with its location, rendering in parallel, on every run', async () => {
    // A library over 1 KiB goes through the on-disk compile cache: the second run reads it back.
    const padding = `// ${'x'.repeat(1200)}\n`;
    const root = fixtureApp({
      'lib/broken.libsonnet': `${padding}{\n  value(n):: if n > 1 then error 'broken at ' + n else n,\n}\n`,
      'components/broken.jsonnet': "(import 'broken.libsonnet').value(7)",
    });
    const cache = tempDir('kf-export-cache-');
    const run = () =>
      runKf(['export', 'dev', 'prod', join(dirname(root), `out-${Math.random()}`), '-p', '2'], {
        cwd: root,
        env: { XDG_CACHE_HOME: cache },
      });
    const first = await run();
    expect(first.exitCode).toBe(1);
    expect(first.stderr).toContain('broken at 7');
    expect(first.stderr).toMatch(/broken\.libsonnet:3/);
    expect(existsSync(join(cache, 'kf', 'jsonnet-compiled'))).toBe(true);
    const second = await run();
    expect(second.stderr).toBe(first.stderr);
    expect(second.exitCode).toBe(1);
  });
});
