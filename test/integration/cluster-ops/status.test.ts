// `kf status` with the real kf binary against a real control plane: NotFound before apply and
// exit 1, Current after, -c and -o json, and a component whose object is gone again.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { ensureBuilt, runKf, tempDir } from '../../helpers/run-kf.js';
import { uniqueName } from './helpers.js';

let app: string;
let ns: string;
const kf = (args: string[]) => runKf(args, { cwd: app, env: { KUBECONFIG: inject('kubeconfig') } });

beforeAll(() => {
  ensureBuilt();
  app = tempDir('kf-status-');
  ns = uniqueName('kf-status');
  const server = inject('clusters').controlPlanes.find((c) => c.name === 'minikube')!.server;
  mkdirSync(join(app, 'components'), { recursive: true });
  const yaml = (objects: object[]) => objects.map((o) => `---\n${stringify(o)}`).join('');
  writeFileSync(
    join(app, 'components', 'base.yaml'),
    yaml([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { level: 'info' } },
    ]),
  );
  writeFileSync(
    join(app, 'components', 'web.yaml'),
    yaml([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } }]),
  );
  writeFileSync(
    join(app, 'app.yaml'),
    stringify({
      apiVersion: 'kf.dev/v1alpha1',
      kind: 'App',
      name: 'status',
      environments: { minikube: { context: 'minikube', server, namespace: ns } },
      registries: {},
      libraries: {},
    }),
  );
});

describe('kf status', () => {
  it('says NotFound for every object before the first apply, exit 1', async () => {
    const result = await kf(['status', 'minikube']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^KIND\s+NAME\s+COMPONENT\s+STATUS\s+READY\s+MESSAGE$/m);
    expect(result.stdout).toMatch(
      new RegExp(`^Namespace\\s+${ns}\\s+base\\s+NotFound\\s+Resource not found$`, 'm'),
    );
    expect(result.stdout).toMatch(new RegExp(`^ConfigMap\\s+${ns}/settings\\s+base\\s+NotFound`, 'm'));
    expect(result.stdout).toContain(
      'environment minikube (context minikube): 3 object(s): 0 Current, 3 NotFound',
    );
    expect(result.stderr.trim()).toBe(
      `kf: 3 of 3 object(s) in minikube are not Current (3 not found in the cluster: create them with 'kf apply minikube')`,
    );
  }, 180_000);

  it('is Current after apply, exit 0; -c limits it to a component; -o json has the same facts', async () => {
    expect((await kf(['apply', 'minikube', '--yes'])).exitCode).toBe(0);
    const all = await kf(['status', 'minikube']);
    expect(all.exitCode, all.stderr).toBe(0);
    expect(all.stdout).toContain('3 object(s): 3 Current');
    const web = await kf(['status', 'minikube', '-c', 'web', '-o', 'json']);
    expect(web.exitCode).toBe(0);
    const parsed = JSON.parse(web.stdout);
    expect(parsed).toMatchObject({
      kind: 'StatusResult',
      environment: 'minikube',
      context: 'minikube',
      namespace: ns,
      current: true,
      summary: { Current: 1, InProgress: 0, Failed: 0, Terminating: 0, NotFound: 0 },
    });
    expect(parsed.objects).toEqual([
      {
        name: 'service/web',
        namespace: ns,
        component: 'web',
        status: 'Current',
        message: 'Service is ready',
      },
    ]);
  }, 240_000);

  it('--watch returns as soon as everything is Current (long before its --timeout)', async () => {
    // Were it to keep polling, it would run until --timeout (10 min) and this test would time out.
    const watched = await kf(['status', 'minikube', '--watch', '--timeout', '10m']);
    expect(watched.exitCode).toBe(0);
    expect(watched.stdout.match(/^KIND/gm)).toHaveLength(1);
    expect(watched.stdout).toContain('3 object(s): 3 Current');
  }, 240_000);
});

describe('kf status --watch of an object that never becomes Current', () => {
  it('stops at --timeout, exit 1, and says to look at the rows or raise the timeout', async () => {
    // A Deployment whose pod no node can take: the scheduler leaves it Pending, so it stays
    // InProgress (with why in its row) for as long as anyone watches.
    writeFileSync(
      join(app, 'components', 'stuck.yaml'),
      stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'stuck' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'stuck' } },
          template: {
            metadata: { labels: { app: 'stuck' } },
            spec: {
              nodeSelector: { 'kf.test/no-such-node': 'true' },
              containers: [{ name: 'main', image: 'registry.invalid/stuck:1' }],
            },
          },
        },
      }),
    );
    try {
      expect((await kf(['apply', 'minikube', '-c', 'stuck', '--yes'])).exitCode).toBe(0);
      const started = Date.now();
      const watched = await kf(['status', 'minikube', '-c', 'stuck', '--watch', '--timeout', '4s']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
      expect(watched.exitCode).toBe(1);
      expect(watched.stdout).toMatch(/^Deployment\s+\S+\/stuck\s+stuck\s+InProgress\s/m);
      expect(watched.stderr.trim()).toBe(
        'kf: 1 of 1 object(s) in minikube are not Current (still not Current after 4s: see the rows above, or raise --timeout)',
      );
    } finally {
      await kf(['delete', 'minikube', '-c', 'stuck', '--yes']);
    }
  }, 240_000);
});
