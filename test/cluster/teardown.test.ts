// No orphans: every process a control plane starts is gone, and its directory removed,
// after stop(), after SIGTERM/SIGINT of the owning process, and after it is SIGKILLed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBinaries } from './binaries.js';
import { startControlPlane } from './control-plane.js';
import { newTestUsers } from './credentials.js';
import { isAlive, processesMentioning } from './process-group.js';

const parentDir = mkdtempSync(join(tmpdir(), 'kf-teardown-test-'));
afterAll(() => rmSync(parentDir, { recursive: true, force: true }));

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/**
 * The plane's processes: those mentioning `dir`, less the watchdog's `sleep` children in the
 * moment between fork and exec, when they still carry the watchdog's command line.
 */
function planeProcesses(dir: string): number[] {
  const pids = processesMentioning(dir);
  return pids.filter((pid) => !pids.includes(parentOf(pid)));
}

/** Processes still mentioning `dir` or still alive among `pgids` after waiting up to `timeoutMs`. */
async function waitUntilGone(dir: string, pgids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  const left = (): number[] => [...new Set([...processesMentioning(dir), ...pgids.filter(isAlive)])];
  while (left().length > 0 && Date.now() < deadline) await sleep(100);
  return left();
}

describe('control-plane teardown', () => {
  it('stop() kills etcd, kube-apiserver and the watchdog and removes the directory', async () => {
    const { admin } = newTestUsers();
    const cp = await startControlPlane({
      name: 'teardown',
      binaries: await ensureBinaries(),
      users: [admin],
      probeToken: admin.token,
      parentDir,
    });
    const running = planeProcesses(cp.dir);
    const names = running.map((pid) => commandOf(pid));
    expect(names.some((n) => n.endsWith('/etcd'))).toBe(true);
    expect(names.some((n) => n.endsWith('/kube-apiserver'))).toBe(true);
    expect(running.length).toBe(4); // etcd, kube-apiserver, egress proxy, watchdog
    expect(cp.pgids.every(isAlive)).toBe(true);

    await cp.stop();

    expect(processesMentioning(cp.dir)).toEqual([]);
    expect(cp.pgids.filter(isAlive)).toEqual([]);
    expect(existsSync(cp.dir)).toBe(false);
  });

  it('fails with the apiserver log tail and cleans up when kube-apiserver cannot start', async () => {
    const binaries = await ensureBinaries();
    const fakeDir = mkdtempSync(join(parentDir, 'fake-bin-'));
    const fakeApiserver = join(fakeDir, 'kube-apiserver');
    writeFileSync(fakeApiserver, '#!/bin/sh\necho "E1129 fake: unknown flag --nonsense" >&2\nexit 1\n', {
      mode: 0o755,
    });
    const { admin } = newTestUsers();
    const before = readdirSync(parentDir);
    await expect(
      startControlPlane({
        name: 'broken',
        binaries: { ...binaries, kubeApiserver: fakeApiserver },
        users: [admin],
        probeToken: admin.token,
        parentDir,
      }),
    ).rejects.toThrow(/kube-apiserver \(broken\) exited \(code 1\)[\s\S]*fake: unknown flag --nonsense/);
    const created = readdirSync(parentDir).filter((e) => !before.includes(e));
    expect(created).toEqual([]); // its temp dir was removed
    expect(processesMentioning(join(parentDir, 'kf-cluster-broken-'))).toEqual([]);
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGKILL'] as const) {
    it(`leaves no process behind when the owner gets ${signal}`, async () => {
      const owner = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'hold-control-plane.ts'), parentDir],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const exited = new Promise<void>((resolve) => owner.once('exit', () => resolve()));
      try {
        const line = await new Promise<string>((resolve, reject) => {
          createInterface({ input: owner.stdout! }).once('line', resolve);
          owner.once('exit', (code) => reject(new Error(`helper exited early (code ${code})`)));
        });
        const { dir, pgids } = JSON.parse(line) as { dir: string; pgids: number[] };
        // etcd, kube-apiserver, egress proxy, watchdog; short-lived start-up helpers may still be
        // exiting when the owner reports the plane, so wait (bounded) for the count to settle.
        const settle = Date.now() + 5000;
        while (planeProcesses(dir).length !== 4 && Date.now() < settle) await sleep(100);
        expect(planeProcesses(dir).length).toBe(4);

        owner.kill(signal);
        await exited;
        // SIGTERM/SIGINT: cleaned up synchronously by the owner; SIGKILL: by the watchdog (polls every second).
        // A SIGKILLed kube-apiserver may take a moment to exit.
        expect(await waitUntilGone(dir, pgids, signal === 'SIGKILL' ? 10_000 : 3_000)).toEqual([]);
        const deadline = Date.now() + 5000;
        while (existsSync(dir) && Date.now() < deadline) await sleep(100);
        expect(existsSync(dir)).toBe(false);
      } finally {
        owner.kill('SIGKILL');
      }
    });
  }
});
