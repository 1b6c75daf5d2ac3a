// An API server stopped in the middle of an apply: the apply reports what was applied and what
// failed (exit ≠ 0 in the CLI), and once the server is back, rerunning the same apply converges.
// Runs on its own control plane (started with the harness's functions) so the shared ones stay up.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { applyPlan, countOutcomes } from '../../../src/cluster/apply.js';
import { planApply } from '../../../src/cluster/apply-plan.js';
import { connectEnvironment } from '../../../src/cluster/kubeconfig.js';
import { ensureBinaries } from '../../cluster/binaries.js';
import { startControlPlane, type ControlPlane } from '../../cluster/control-plane.js';
import { newTestUsers } from '../../cluster/credentials.js';
import { isAlive, killGroups, spawnInGroup, type ManagedProcess } from '../../cluster/process-group.js';
import { configMap, rendered } from './helpers.js';

let controlPlane: ControlPlane;
let kubeconfig: string;
let token: string;
let restarted: ManagedProcess | undefined;

function readyz(server: string, caPem: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.request(
      `${server}/readyz`,
      { ca: caPem, timeout: 1000, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

beforeAll(async () => {
  const { admin } = newTestUsers();
  token = admin.token;
  controlPlane = await startControlPlane({
    name: 'restart',
    binaries: await ensureBinaries(),
    users: [admin],
    probeToken: admin.token,
  });
  kubeconfig = join(controlPlane.dir, 'kubeconfig.yaml');
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'restart',
          cluster: {
            server: controlPlane.server,
            'certificate-authority-data': Buffer.from(controlPlane.caPem).toString('base64'),
          },
        },
      ],
      users: [{ name: 'admin', user: { token: admin.token } }],
      contexts: [{ name: 'restart', context: { cluster: 'restart', user: 'admin' } }],
      'current-context': 'restart',
    }),
  );
});

afterAll(async () => {
  if (restarted) await killGroups([restarted.pid]);
  await controlPlane?.stop();
});

describe('API server stopped in the middle of an apply', () => {
  it('reports the partial apply, and the rerun after a restart converges', async () => {
    // The apiserver is the leader of the first process group; its command line lets us restart it as it was.
    const apiserverPid = controlPlane.pgids[0];
    const cmdline = readFileSync(`/proc/${apiserverPid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(cmdline[0]).toMatch(/kube-apiserver$/);

    const retry = { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 };
    const env = { context: 'restart', namespace: 'default', server: controlPlane.server };
    const objects = Array.from({ length: 120 }, (_, i) => configMap(`cm-${i}`, { i: String(i) }));
    const plan = planApply(rendered(objects));

    const connection = await connectEnvironment('restart', env, { kubeconfig, retry });
    const first = await applyPlan(connection, plan, {
      concurrency: 2,
      events: {
        onObject: (_result, done) => {
          // A hard stop, like a crashed or rebooted control-plane node.
          if (done === 30) process.kill(-apiserverPid, 'SIGKILL');
        },
      },
    });
    connection.client.close();
    for (let i = 0; i < 50 && isAlive(apiserverPid); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(apiserverPid)).toBe(false);
    const firstCounts = countOutcomes(first);
    expect(firstCounts.created).toBeGreaterThanOrEqual(30);
    expect(firstCounts.created).toBeLessThan(120);
    expect(firstCounts.failed).toBe(120 - firstCounts.created);
    const failure = first.results.find((r) => r.outcome === 'failed');
    expect(failure?.message).toMatch(
      new RegExp(
        `cannot reach the API server ${controlPlane.server.replace(/[.]/g, '\\.')} \\(context restart\\)`,
      ),
    );

    restarted = spawnInGroup(
      'kube-apiserver (restarted)',
      cmdline[0],
      cmdline.slice(1),
      join(controlPlane.dir, 'kube-apiserver-restarted.log'),
    );
    const deadline = Date.now() + 60_000;
    while (!(await readyz(controlPlane.server, controlPlane.caPem))) {
      if (Date.now() > deadline) throw new Error('restarted kube-apiserver did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const again = await connectEnvironment('restart', env, { kubeconfig, retry });
    try {
      const rerun = await applyPlan(again, plan, { concurrency: 8 });
      const counts = countOutcomes(rerun);
      expect(counts.failed).toBe(0);
      // Writes that reached etcd before the stop are unchanged now; the rest get created.
      expect(counts.unchanged).toBeGreaterThanOrEqual(firstCounts.created);
      expect(counts.created + counts.unchanged).toBe(120);
      const third = countOutcomes(await applyPlan(again, plan, { concurrency: 8 }));
      expect(third).toMatchObject({ unchanged: 120, created: 0, configured: 0, failed: 0 });
    } finally {
      again.client.close();
    }
  });
});
