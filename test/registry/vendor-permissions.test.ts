// A vendored package folder its owner made read-only (chmod 555): kf pkg install --force replaces
// it and removes the old copy, and kf pkg rm removes it.
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run-kf.js';
import { giveToUser, runKfAsUser } from '../helpers/run-kf-as-user.js';

describe('a read-only vendored package', () => {
  it('is reinstalled and removed (was: exit 1 after the new copy was in place, .old-core-* left in vendor/)', async () => {
    const parent = tempDir('kf-vendor-ro-');
    const home = join(parent, 'home');
    mkdirSync(home);
    giveToUser(home);
    giveToUser(parent);
    const kf = (args: string[], cwd = join(parent, 'app')) => runKfAsUser(args, { cwd, home });
    expect((await kf(['init', 'app'], parent)).exitCode).toBe(0);
    expect((await kf(['registry', 'add', 'kubeflow'])).exitCode).toBe(0);
    expect((await kf(['pkg', 'install', 'kubeflow/core'])).exitCode).toBe(0);
    const vendored = join(parent, 'app', 'vendor', 'kubeflow');
    chmodSync(join(vendored, 'core@0.1.0'), 0o555);
    chmodSync(join(vendored, 'core@0.1.0', 'prototypes'), 0o555);
    const reinstall = await kf(['pkg', 'install', 'kubeflow/core', '--force']);
    expect(reinstall.stderr).toBe('');
    expect(reinstall.exitCode).toBe(0);
    expect(readdirSync(vendored)).toEqual(['core@0.1.0']);
    chmodSync(join(vendored, 'core@0.1.0'), 0o555);
    const remove = await kf(['pkg', 'rm', 'kubeflow/core']);
    expect(remove.exitCode).toBe(0);
    expect(existsSync(vendored)).toBe(false);
  });
});
