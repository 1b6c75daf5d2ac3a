// Faults against real servers: RBAC denial through the `restricted` context, a real proxy
// injecting 429 / 500 / dropped connections, an unreachable server, a context that moved.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyPlan, countOutcomes } from '../../../src/cluster/apply.js';
import { planApply } from '../../../src/cluster/apply-plan.js';
import { UnreachableError } from '../../../src/cluster/api-error.js';
import type { UserError } from '../../../src/errors.js';
import { connectEnvironment, loadKubeConfig, type Connection } from '../../../src/cluster/kubeconfig.js';
import { configMap, connect, freshNamespace, getJson, rendered } from './helpers.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

const FAST_RETRY = { attempts: 6, baseDelayMs: 20, maxDelayMs: 200 };
let admin: Connection;
let dir: string;

beforeAll(async () => {
  admin = await connect('default');
  dir = mkdtempSync(join(tmpdir(), 'kf-faults-'));
});
afterAll(() => {
  admin.client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('RBAC', () => {
  it('a denied write names user, verb, resource, namespace and context', async () => {
    const ns = inject('clusters').restrictedContext.namespace;
    const connection = await connect(ns, 'restricted');
    try {
      const result = await applyPlan(connection, planApply(rendered([configMap('nope', { a: '1' })])));
      expect(result.results[0]).toMatchObject({
        outcome: 'failed',
        message: `user kf-restricted cannot patch configmaps in namespace ${ns} (context restricted)`,
      });
      await expect(
        applyPlan(connection, planApply(rendered([configMap('nope', { a: '1' })])), {
          inventory: { parent: { kind: 'Secret', name: 'kf-x-y', namespace: ns }, tooling: 'kf/0.1.0' },
        }),
      ).rejects.toThrow(
        `cannot record the inventory Secret ${ns}/kf-x-y: user kf-restricted cannot patch secrets in namespace ${ns} (context restricted)`,
      );
    } finally {
      connection.client.close();
    }
  });
});

describe('connection problems', () => {
  it('an unreachable server is one line naming it', async () => {
    const kubeconfig = join(dir, 'dead.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters: [{name: dead, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: dead, context: {cluster: dead, user: u}}]
current-context: dead
`,
    );
    const connection = await connectEnvironment(
      'dead',
      { context: 'dead', namespace: 'default' },
      { kubeconfig, retry: FAST_RETRY },
    );
    const error = await applyPlan(connection, planApply(rendered([configMap('a', { a: '1' })]))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toMatch(
      /^cannot reach the API server https:\/\/127\.0\.0\.1:1 \(context dead\): connect ECONNREFUSED 127\.0\.0\.1:1$/,
    );
  });

  it('refuses a context that now points at another server, unless forced', async () => {
    const env = { context: 'minikube', namespace: 'default', server: 'https://10.9.9.9:6443' };
    const error = (await connectEnvironment('prod', env).catch((e: unknown) => e)) as UserError;
    expect(error.format()).toMatch(
      /^context minikube now points at https:\/\/127\.0\.0\.1:\d+, but environment prod was added for https:\/\/10\.9\.9\.9:6443 \(pass --force-context to use it anyway/,
    );
    const forced = await connectEnvironment('prod', env, { forceContext: true });
    forced.client.close();
  });

  it('merges several KUBECONFIG files the kubectl way (first definition wins)', async () => {
    const original = process.env.KUBECONFIG!;
    const { writeFileSync } = await import('node:fs');
    const extra = join(dir, 'extra.yaml');
    writeFileSync(
      extra,
      `apiVersion: v1
kind: Config
clusters: [{name: minikube, cluster: {server: "https://127.0.0.1:2"}}, {name: other, cluster: {server: "https://127.0.0.1:3"}}]
users: [{name: o, user: {token: t}}]
contexts: [{name: other, context: {cluster: other, user: o}}]
current-context: other
`,
    );
    process.env.KUBECONFIG = `${original}:${extra}:${join(dir, 'missing.yaml')}`;
    try {
      const kc = await loadKubeConfig();
      expect(kc.clusters.get('minikube')?.fields.server).toBe(
        inject('clusters').controlPlanes.find((c) => c.name === 'minikube')?.server,
      );
      expect(kc.clusters.get('other')?.fields.server).toBe('https://127.0.0.1:3');
      expect(kc.currentContext).toBe('minikube');
    } finally {
      process.env.KUBECONFIG = original;
    }
  });
});

describe('retries through a faulty proxy', () => {
  let proxy: FaultProxy;
  let proxied: Connection;
  const retries: string[] = [];

  beforeAll(async () => {
    const minikube = inject('clusters').controlPlanes.find((c) => c.name === 'minikube')!;
    proxy = await startFaultProxy({ server: minikube.server, caPem: minikube.caPem });
    const kc = await loadKubeConfig();
    const token = String(kc.users.get(kc.contexts.get('minikube')!.user)!.fields.token);
    const kubeconfig = proxy.writeKubeconfig(dir, token);
    proxied = await connectEnvironment(
      'proxied',
      { context: 'proxied', namespace: 'default' },
      { kubeconfig, retry: FAST_RETRY, onRetry: (what, _n, why) => retries.push(`${what}: ${why}`) },
    );
  });
  afterAll(async () => {
    proxied.client.close();
    await proxy.close();
  });

  it('applies everything despite injected 429s, 500s and dropped connections', async () => {
    const ns = await freshNamespace(admin);
    const connection = { ...proxied, namespace: ns };
    // Every third request fails one way or another; a request is never failed twice in a row.
    const faults = ['429', '500', 'drop', 'drop-after-upstream'] as const;
    let f = 0;
    proxy.decide = (_method, _path, n) => (n % 3 === 0 ? faults[f++ % faults.length] : 'pass');
    const objects = Array.from({ length: 40 }, (_, i) => configMap(`cm-${i}`, { i: String(i) }));
    const result = await applyPlan(connection, planApply(rendered(objects)), { concurrency: 4 });
    const counts = countOutcomes(result);
    expect(counts).toMatchObject({ failed: 0 });
    // a write whose response was lost is retried; the retry finds it applied already
    expect(counts.created + counts.unchanged + counts.configured).toBe(40);
    expect(proxy.counts['429']).toBeGreaterThan(0);
    expect(proxy.counts['500']).toBeGreaterThan(0);
    expect(proxy.counts.drop).toBeGreaterThan(0);
    expect(proxy.counts['drop-after-upstream']).toBeGreaterThan(0);
    expect(retries.some((r) => r.includes('HTTP 429'))).toBe(true);
    expect(retries.some((r) => r.includes('HTTP 500'))).toBe(true);
    for (let i = 0; i < 40; i++)
      expect((await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/cm-${i}`))?.data).toEqual({
        i: String(i),
      });
  });

  it('gives up after a bounded number of attempts and reports the failure', async () => {
    const ns = await freshNamespace(admin);
    proxy.decide = (method) => (method === 'PATCH' ? '500' : 'pass');
    const before = proxy.counts['500'];
    const started = Date.now();
    const result = await applyPlan(
      { ...proxied, namespace: ns },
      planApply(rendered([configMap('x', { a: '1' })])),
    );
    expect(result.results[0]).toMatchObject({ outcome: 'failed', message: 'injected 500' });
    expect(proxy.counts['500'] - before).toBe(FAST_RETRY.attempts);
    expect(Date.now() - started).toBeLessThan(5000);
    proxy.decide = () => 'pass';
  });
});
