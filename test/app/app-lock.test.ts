import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { acquireAppLock, appLockFile, withAppLock } from '../../src/app/app-lock.js';
import { UserError } from '../../src/errors.js';
import { tempDir } from '../helpers/run-kf.js';

describe('app lock', () => {
  it('serialises holders: the second waits until the first releases', async () => {
    const root = tempDir();
    const order: string[] = [];
    const first = withAppLock(root, async () => {
      order.push('first in');
      await new Promise((r) => setTimeout(r, 100));
      order.push('first out');
    });
    await new Promise((r) => setTimeout(r, 10));
    const second = withAppLock(root, () => void order.push('second'));
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second']);
    expect(existsSync(appLockFile(root))).toBe(false);
  });

  it('gives up after a bounded wait with a clear message', async () => {
    const root = tempDir();
    const release = await acquireAppLock(root, { command: 'param set' });
    const error = await acquireAppLock(root, { timeoutMs: 100 }).catch((e: unknown) => e);
    release();
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).format()).toMatch(/another kf is changing this app \(pid \d+, kf param set/);
  });

  it('breaks the lock of a process that is gone (kill -9) at once', async () => {
    const root = tempDir();
    const dead = spawnSync('true').pid;
    mkdirSync(`${root}/.kf`);
    writeFileSync(
      appLockFile(root),
      JSON.stringify({ pid: dead, host: hostname(), nonce: 'x', command: 'env add', since: '' }),
    );
    const started = Date.now();
    await withAppLock(root, () => undefined, { timeoutMs: 5000 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('releases the lock when the work throws', async () => {
    const root = tempDir();
    await expect(withAppLock(root, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(appLockFile(root))).toBe(false);
  });
});
