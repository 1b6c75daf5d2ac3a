// Issue 13's proof, against the real `minikube` control plane of this run: with kubeflow-core
// applied unchanged by kf (its TFJob webhook behind Service training-operator), TFJob writes
// answer at once, and no call the API server makes leaves loopback. Service webhooks,
// aggregated APIServices, node proxy and kubelet calls (`cluster` egress) and URL webhooks
// (`controlplane` egress) all reach the harness's egress proxy, which refuses every
// non-loopback target without dialling it or takes it to a registered loopback replacement.
// The API server's own sockets are sampled from /proc throughout.
import { KubeConfig } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ClusterClient } from '../../src/cluster/client.js';
import { connectEnvironment } from '../../src/cluster/kubeconfig.js';
import { renderObjects } from '../kubeflow/render-prototype.js';
import { REPO_ROOT, runKf, tempDir, type RunResult } from '../helpers/run-kf.js';
import { deleteKubeflowApp } from '../helpers/kubeflow-cleanup.js';
import { selfSignedCert } from '../helpers/self-signed-cert.js';
import { readEgressLog, registerEgressMapping, removeEgressMapping, type EgressLogEntry } from './egress.js';
import { formatSocket, leavesLoopback, socketsOf, type ProcessSocket } from './process-sockets.js';

const kubeconfig = process.env.KUBECONFIG!;
const plane = inject('clusters').controlPlanes[0]!; // context minikube
/** "Well under" the webhook's 10 s timeout, with room for a loaded 2-core CI machine. */
const WRITE_BUDGET_MS = 5_000;
/** Each test waits on kf child processes and the API server's informers: room for a loaded CI machine. */
const LIVE_TIMEOUT_MS = 180_000;
const WEBHOOK = 'validator.tfjob.training-operator.kubeflow.org';
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const octet = (): number => 1 + (randomBytes(1)[0]! % 250);

const parent = tempDir('kf-loopback-');
const appName = `loopback-${hex(4)}`;
const app = join(parent, appName);
let client: ClusterClient;
let namespace: string;
let tfJob: Record<string, any>;
/** Every write of this file: what it was and how long the API server took to answer. */
const writes: { what: string; status: number; ms: number }[] = [];

// ---- sampling the API server's sockets (what `ss -tunp` shows for its pid) ----
const seen = new Map<string, ProcessSocket>();
let samples = 0;
const sampler = setInterval(() => {
  samples++;
  for (const socket of socketsOf(plane.apiserverPid)) seen.set(formatSocket(socket), socket);
}, 20);

async function kf(args: string[], cwd = app): Promise<RunResult> {
  const result = await runKf(args, { cwd, env: { KUBECONFIG: kubeconfig } });
  if (result.exitCode !== 0) throw new Error(`kf ${args.join(' ')} failed:\n${result.stderr}`);
  return result;
}

/** One timed API write; resolves to the status code (errors are answers too). */
async function write(
  what: string,
  method: 'POST' | 'PUT' | 'PATCH',
  path: string,
  body: unknown,
  contentType?: string,
) {
  const started = performance.now();
  let status: number;
  let message = '';
  try {
    status = (await client.request({ method, path, body, contentType })).status;
  } catch (error) {
    status = (error as { code?: number }).code ?? -1;
    message = (error as Error).message;
  }
  const ms = Math.round(performance.now() - started);
  writes.push({ what, status, ms });
  return { status, ms, message };
}

const tfJobsPath = (): string => `/apis/kubeflow.org/v1/namespaces/${namespace}/tfjobs`;

function tfJobNamed(name: string): Record<string, any> {
  return { ...tfJob, metadata: { name, namespace } };
}

/** Creates TFJob `name` and updates it (a label): two admission calls of the webhook. */
async function createAndUpdate(name: string) {
  const created = await write(`create ${name}`, 'POST', tfJobsPath(), tfJobNamed(name));
  const updated = await write(
    `update ${name}`,
    'PATCH',
    `${tfJobsPath()}/${name}`,
    { metadata: { labels: { updated: 'yes' } } },
    'application/merge-patch+json',
  );
  return { created, updated };
}

async function metrics(): Promise<string> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const token = kc.getCurrentUser()!.token!;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${plane.server}/metrics`,
      { ca: plane.caPem, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Sum of a metric's samples whose labels include all of `labels`. */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

const egressLog = (): EgressLogEntry[] => readEgressLog(plane.egress);

/** Repeats `attempt` until `done` holds (the API server's informers lag writes slightly). */
async function until<T>(
  what: string,
  attempt: () => Promise<T>,
  done: () => boolean,
  timeoutMs = 20_000,
): Promise<T[]> {
  const results: T[] = [];
  const deadline = Date.now() + timeoutMs;
  while (true) {
    results.push(await attempt());
    if (done()) return results;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

function endpointSlice(service: string, ip: string, portName: string, port: number) {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${service}-${hex(3)}`, namespace, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [ip], conditions: { ready: true } }],
    ports: [{ name: portName, port, protocol: 'TCP' }],
  };
}

beforeAll(async () => {
  const connection = await connectEnvironment(
    'loopback',
    { context: 'minikube', namespace: 'default' },
    {
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    },
  );
  client = connection.client;
  namespace = `kf-loopback-${hex(4)}`;
  await client.request({
    method: 'POST',
    path: '/api/v1/namespaces',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
  });

  // The walkthrough's steps (kubeflow-core unchanged), in a namespace of this file's own.
  await kf(['init', appName, '--env=minikube', '--context=minikube', `--namespace=${namespace}`], parent);
  await kf(['registry', 'add', 'kubeflow', join(REPO_ROOT, 'registry', 'kubeflow')]);
  await kf(['pkg', 'install', 'kubeflow/core']);
  await kf(['pkg', 'install', 'kubeflow/tf-job']);
  await kf(['generate', 'core', 'kubeflow-core', '--name=kubeflow-core']);
  // The planes run workloads: the operator pod would be scheduled and run (and publish a ready
  // endpoint). This file's subject is a webhook without a running operator, so it asks for an
  // image tag the harness does not run: the pod stays not Ready and its endpoint not ready.
  await kf([
    'param',
    'set',
    'kubeflow-core',
    'tfJobImage',
    'kubeflow/training-operator:not-run-in-this-test',
  ]);
  await kf(['generate', 'tf-cnn', 'cnn', '--name=cnn']);
  await kf(['apply', 'minikube', '-c', 'kubeflow-core', '--yes']);
  tfJob = renderObjects('tf-cnn', { name: 'cnn', namespace }).find((o) => o.kind === 'TFJob')!;
}, 600_000);

afterAll(async () => {
  clearInterval(sampler);
  await deleteKubeflowApp(join(parent, appName), [{ env: 'minikube', context: 'minikube' }], kubeconfig);
  rmSync(parent, { recursive: true, force: true });
}, 300_000);

describe('the API server never leaves loopback', () => {
  it(
    'kubeflow-core is applied unchanged: its webhook names Service training-operator, no URL',
    { timeout: LIVE_TIMEOUT_MS },
    async () => {
      const config = (
        await client.request<any>({
          method: 'GET',
          path: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/validator.training-operator.kubeflow.org',
        })
      ).body;
      const hook = config.webhooks.find((w: any) => w.name === WEBHOOK);
      expect(hook.clientConfig).toEqual({
        service: { name: 'training-operator', namespace, path: '/validate-kubeflow-org-v1-tfjob', port: 443 },
      });
      expect(hook.failurePolicy).toBe('Ignore');
      expect(tfJob.kind).toBe('TFJob');
    },
  );

  it(
    'TFJob writes through kf and the API answer at once; the webhook without endpoints dials nothing',
    { timeout: LIVE_TIMEOUT_MS },
    async () => {
      const before = await metrics();
      const logBefore = egressLog().length;
      const started = performance.now();
      const applied = await kf(['apply', 'minikube', '-c', 'cnn', '--yes']);
      const kfApplyMs = performance.now() - started;
      expect(applied.stderr).not.toContain('error');
      for (const name of ['plain-1', 'plain-2', 'plain-3']) {
        const { created, updated } = await createAndUpdate(name);
        expect([created.status, updated.status]).toEqual([201, 200]);
        expect(created.ms).toBeLessThan(WRITE_BUDGET_MS);
        expect(updated.ms).toBeLessThan(WRITE_BUDGET_MS);
      }
      const after = await metrics();
      // The webhook was called (and failed open) for each write, yet nothing was dialled: with
      // --enable-aggregator-routing the Service resolves to its endpoints, and it has none.
      expect(
        metric(after, 'apiserver_admission_webhook_fail_open_count', { name: WEBHOOK }) -
          metric(before, 'apiserver_admission_webhook_fail_open_count', { name: WEBHOOK }),
      ).toBeGreaterThanOrEqual(7);
      expect(metric(after, 'apiserver_egress_dialer_dial_start_total')).toBe(
        metric(before, 'apiserver_egress_dialer_dial_start_total'),
      );
      expect(egressLog().length).toBe(logBefore);
      expect(readFileSync(plane.apiserverLog, 'utf8')).toMatch(
        /no endpoints available for service \\?"training-operator\\?"/,
      );
      expect(kfApplyMs).toBeLessThan(60_000);
    },
  );

  describe('with a pod endpoint behind the Service (as kube-controller-manager would publish it)', () => {
    const podIp = `10.244.${octet()}.${octet()}`;

    beforeAll(async () => {
      await client.request({
        method: 'POST',
        path: `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`,
        body: endpointSlice('training-operator', podIp, 'webhook-server', 9443),
      });
    });

    it(
      'the webhook call goes to the egress proxy, which refuses it without a dial; writes answer at once',
      { timeout: LIVE_TIMEOUT_MS },
      async () => {
        const before = await metrics();
        let n = 0;
        const refused = (): boolean =>
          egressLog().some((e) => e.target === `${podIp}:9443` && e.decision === 'refused');
        const results = await until(
          'the proxy to refuse the webhook call',
          () => createAndUpdate(`refused-${++n}`),
          refused,
        );
        for (const { created, updated } of results) {
          expect([created.status, updated.status]).toEqual([201, 200]);
          expect(created.ms).toBeLessThan(WRITE_BUDGET_MS);
          expect(updated.ms).toBeLessThan(WRITE_BUDGET_MS);
        }
        const after = await metrics();
        const failures = (t: string): number =>
          metric(t, 'apiserver_egress_dialer_dial_failure_count', {
            protocol: 'http_connect',
            transport: 'uds',
            stage: 'proxy',
          });
        expect(failures(after)).toBeGreaterThan(failures(before));
        const entries = egressLog().filter((e) => e.target === `${podIp}:9443`);
        expect(entries.every((e) => e.decision === 'refused' && e.dialed === undefined)).toBe(true);
      },
    );

    it(
      'a registered mapping takes the call to a loopback webhook server, which really decides',
      { timeout: LIVE_TIMEOUT_MS },
      async () => {
        const host = `training-operator.${namespace}.svc`;
        const { cert, key } = selfSignedCert(`DNS:${host}`);
        const seenByServer: { operation: string; name: string }[] = [];
        const server: Server = createServer({ cert, key }, (req, res) => {
          let body = '';
          req.on('data', (chunk) => (body += chunk));
          req.on('end', () => {
            const review = JSON.parse(body);
            const name = review.request.name ?? review.request.object?.metadata?.name;
            seenByServer.push({ operation: review.request.operation, name });
            const allowed = name !== 'deny-me';
            res.setHeader('content-type', 'application/json');
            res.end(
              JSON.stringify({
                apiVersion: 'admission.k8s.io/v1',
                kind: 'AdmissionReview',
                response: {
                  uid: review.request.uid,
                  allowed,
                  ...(allowed
                    ? {}
                    : { status: { code: 403, message: 'denied by the loopback test webhook' } }),
                },
              }),
            );
          });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const port = (server.address() as AddressInfo).port;
        try {
          // What the operator does at start-up: put its CA into the webhook configuration.
          await client.request({
            method: 'PATCH',
            path: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/validator.training-operator.kubeflow.org',
            contentType: 'application/json-patch+json',
            body: [
              {
                op: 'add',
                path: '/webhooks/0/clientConfig/caBundle',
                value: Buffer.from(cert).toString('base64'),
              },
            ],
          });
          registerEgressMapping(plane.egress, `${namespace}/training-operator`, {
            [`${podIp}:9443`]: `127.0.0.1:${port}`,
          });
          let n = 0;
          await until(
            'the webhook server to be called',
            () => createAndUpdate(`mapped-${++n}`),
            () => seenByServer.length >= 2,
          );
          const denied = await write('create deny-me', 'POST', tfJobsPath(), tfJobNamed('deny-me'));
          expect(denied.status).toBe(403);
          expect(denied.message).toContain('denied by the loopback test webhook');
          expect(denied.ms).toBeLessThan(WRITE_BUDGET_MS);
          const allowed = await createAndUpdate('allowed');
          expect([allowed.created.status, allowed.updated.status]).toEqual([201, 200]);
          expect(seenByServer.slice(-3)).toEqual([
            { operation: 'CREATE', name: 'deny-me' },
            { operation: 'CREATE', name: 'allowed' },
            { operation: 'UPDATE', name: 'allowed' },
          ]);
          // (Other files' pods, e.g. the real training operator of the walkthrough, have mappings
          // of their own in this plane's log.)
          const mapped = egressLog().filter((e) => e.decision === 'mapped' && e.target === `${podIp}:9443`);
          expect(mapped.length).toBeGreaterThanOrEqual(1);
          expect(mapped.every((e) => e.dialed === `127.0.0.1:${port}`)).toBe(true);
        } finally {
          removeEgressMapping(plane.egress, `${namespace}/training-operator`);
          await new Promise((resolve) => server.close(resolve));
        }
      },
    );
  });

  it(
    'a URL webhook (controlplane egress) to a non-loopback address is refused by the proxy, not dialled',
    { timeout: LIVE_TIMEOUT_MS },
    async () => {
      const name = `url-${hex(4)}.kf.test`;
      const target = '203.0.113.7:443'; // TEST-NET-3, and the proxy never dials it anyway
      await client.request({
        method: 'POST',
        path: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
        body: {
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingWebhookConfiguration',
          metadata: { name },
          webhooks: [
            {
              name: `configmaps.${name}`,
              clientConfig: { url: `https://${target}/validate` },
              rules: [
                { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] },
              ],
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
              failurePolicy: 'Ignore',
              sideEffects: 'None',
              admissionReviewVersions: ['v1'],
              timeoutSeconds: 10,
            },
          ],
        },
      });
      try {
        let n = 0;
        const results = await until(
          'the proxy to refuse the URL webhook',
          () =>
            write(`create configmap ${++n}`, 'POST', `/api/v1/namespaces/${namespace}/configmaps`, {
              metadata: { name: `cm-${n}` },
            }),
          () => egressLog().some((e) => e.target === target && e.decision === 'refused'),
        );
        for (const r of results) {
          expect(r.status).toBe(201);
          expect(r.ms).toBeLessThan(WRITE_BUDGET_MS);
        }
      } finally {
        await client.request({
          method: 'DELETE',
          path: `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${name}`,
        });
      }
    },
  );

  it(
    'an aggregated APIService, node proxy and pod logs (kubelet) reach only the proxy',
    { timeout: LIVE_TIMEOUT_MS },
    async () => {
      const apiIp = `10.244.${octet()}.${octet()}`;
      const nodeIp = `10.244.${octet()}.${octet()}`;
      const group = `g${hex(4)}.kf.test`;
      const node = `kf-loopback-${hex(4)}`;
      await client.request({
        method: 'POST',
        path: `/api/v1/namespaces/${namespace}/services`,
        body: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'aggregated' },
          spec: { ports: [{ name: 'https', port: 443, targetPort: 8443 }] },
        },
      });
      await client.request({
        method: 'POST',
        path: `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`,
        body: endpointSlice('aggregated', apiIp, 'https', 8443),
      });
      await client.request({
        method: 'POST',
        path: '/api/v1/nodes',
        body: {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: node },
          status: {
            addresses: [{ type: 'InternalIP', address: nodeIp }],
            daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
          },
        },
      });
      await client.request({
        method: 'POST',
        path: `/api/v1/namespaces/${namespace}/pods`,
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'on-node' },
          spec: { nodeName: node, containers: [{ name: 'main', image: 'busybox' }] },
        },
      });
      await client.request({
        method: 'POST',
        path: '/apis/apiregistration.k8s.io/v1/apiservices',
        body: {
          apiVersion: 'apiregistration.k8s.io/v1',
          kind: 'APIService',
          metadata: { name: `v1.${group}` },
          spec: {
            group,
            version: 'v1',
            service: { namespace, name: 'aggregated', port: 443 },
            insecureSkipTLSVerify: true,
            groupPriorityMinimum: 1000,
            versionPriority: 15,
          },
        },
      });
      try {
        const refused = (target: string) => () =>
          egressLog().some((e) => e.target === target && e.decision === 'refused');
        // The aggregator probes the APIService's endpoint on its own.
        await until(
          'the aggregator to probe the APIService',
          async () => undefined,
          refused(`${apiIp}:8443`),
        );
        const answered = async (path: string): Promise<number> => {
          try {
            return (await client.request({ method: 'GET', path, accept: '*/*' })).status;
          } catch (error) {
            return (error as { code?: number }).code ?? -1;
          }
        };
        const nodeProxy = await until(
          'node proxy to reach the proxy',
          () => answered(`/api/v1/nodes/${node}/proxy/healthz`),
          refused(`${nodeIp}:10250`),
        );
        expect(nodeProxy.every((status) => status >= 500)).toBe(true);
        const before = egressLog().length;
        const logs = await answered(`/api/v1/namespaces/${namespace}/pods/on-node/log`);
        expect(logs).toBeGreaterThanOrEqual(500);
        expect(
          egressLog()
            .slice(before)
            .map((e) => [e.target, e.decision]),
        ).toContainEqual([`${nodeIp}:10250`, 'refused']);
      } finally {
        await client.request({
          method: 'DELETE',
          path: `/apis/apiregistration.k8s.io/v1/apiservices/v1.${group}`,
        });
        await client.request({
          method: 'DELETE',
          path: `/api/v1/namespaces/${namespace}/pods/on-node`,
          query: { gracePeriodSeconds: '0' },
        });
        await client.request({ method: 'DELETE', path: `/api/v1/nodes/${node}` });
      }
    },
  );

  it('the API server held no socket to, or bound on, a non-loopback address while all of this ran', () => {
    clearInterval(sampler);
    const sockets = [...seen.values()];
    // The sampler saw the API server's real connections (at least its etcd client connection).
    const etcdPort = Number(new URL(plane.etcdUrl).port);
    expect(sockets.some((s) => s.remote.port === etcdPort && s.state === 'ESTABLISHED')).toBe(true);
    expect(sockets.filter(leavesLoopback).map(formatSocket)).toEqual([]);
    // Every non-loopback target the API server asked for was refused; mapped ones went to loopback.
    const log = egressLog();
    expect(log.filter((e) => e.dialed !== undefined && !/^(127\.|\[::1\])/.test(e.dialed))).toEqual([]);
    const slowest = writes.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(
      [
        `API server pid ${plane.apiserverPid}: ${samples} samples of its sockets, ${sockets.length} distinct, 0 leaving loopback`,
        `${writes.length} writes, slowest ${slowest.ms} ms (${slowest.what}), median ${writes.map((w) => w.ms).sort((a, b) => a - b)[Math.floor(writes.length / 2)]} ms`,
        `egress proxy log (${plane.egress.logFile}):`,
        ...log.map(
          (e) =>
            `  ${e.target} ${e.decision}${e.dialed ? ` -> ${e.dialed} (${e.outcome})` : ''}${e.reason ? `: ${e.reason}` : ''}`,
        ),
      ].join('\n'),
    );
  });
});
