import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../src/app/app.js';
import { exportEnvironments } from '../../src/render/export.js';
import { UserError } from '../../src/errors.js';
import { fixtureApp } from './fixture.js';

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
});
