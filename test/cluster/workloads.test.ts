// The test clusters run workloads (globalSetup starts them with `workloads: true`): kwok nodes
// of each pool, the scheduler placing pods (GPU pods only on the tainted GPU node of gke),
// controllers creating pods and status, garbage collection, namespace deletion, the test-only
// failing pod — and every process of a plane listening on loopback only.
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { apiRequest, ApiStatusError, type ApiTarget } from './api-request.js';
import { TEST_EXIT_CODE_ANNOTATION } from './kwok-config.js';

const clusters = inject('clusters');

function target(context: string): ApiTarget {
  const kubeconfig = readFileSync(clusters.kubeconfigPath, 'utf8');
  const token = /token: (\S+)/.exec(kubeconfig)![1]!;
  const plane = clusters.controlPlanes.find((cp) => cp.name === context)!;
  return { server: plane.server, caPem: plane.caPem, token };
}

const get = <T>(context: string, path: string) => apiRequest<T>(target(context), 'GET', path);
const post = (context: string, path: string, body: object) => apiRequest(target(context), 'POST', path, body);
const del = (context: string, path: string) =>
  apiRequest(target(context), 'DELETE', path, { propagationPolicy: 'Background' });

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(250);
  }
}

async function freshNamespace(context: string): Promise<string> {
  const name = `kf-workloads-${randomBytes(4).toString('hex')}`;
  await post(context, '/api/v1/namespaces', { metadata: { name } });
  return name;
}

interface Pod {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { nodeName?: string; tolerations?: { key?: string }[] };
  status: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

const pause = 'registry.k8s.io/pause:3.10';

describe('node pools', () => {
  it('minikube has two CPU nodes; gke two CPU nodes and a tainted GPU node with two GPUs', async () => {
    type Node = {
      metadata: { name: string };
      spec: { taints?: { key: string; effect: string }[] };
      status: { allocatable: Record<string, string>; conditions: { type: string; status: string }[] };
    };
    const minikube = await get<{ items: Node[] }>('minikube', '/api/v1/nodes');
    expect(minikube.items.map((n) => n.metadata.name).sort()).toEqual(['minikube', 'minikube-m02']);
    const gke = await get<{ items: Node[] }>('gke', '/api/v1/nodes');
    expect(gke.items.map((n) => n.metadata.name).sort()).toEqual([
      'gke-kf-default-pool-0',
      'gke-kf-default-pool-1',
      'gke-kf-gpu-pool-0',
    ]);
    for (const node of [...minikube.items, ...gke.items])
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status, node.metadata.name).toBe('True');
    const gpu = gke.items.find((n) => n.metadata.name === 'gke-kf-gpu-pool-0')!;
    expect(gpu.status.allocatable['nvidia.com/gpu']).toBe('2');
    expect(gpu.spec.taints).toEqual([
      expect.objectContaining({ key: 'nvidia.com/gpu', effect: 'NoSchedule' }),
    ]);
    expect(minikube.items.every((n) => n.status.allocatable['nvidia.com/gpu'] === undefined)).toBe(true);
  });
});

describe('controllers, scheduler and kwok', () => {
  it('a Deployment gets ready pods on kwok nodes; deleting it garbage-collects its ReplicaSet and pods', async () => {
    const ns = await freshNamespace('minikube');
    await post('minikube', `/apis/apps/v1/namespaces/${ns}/deployments`, {
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: pause }] },
        },
      },
    });
    await until('Deployment web available', 60_000, async () => {
      const d = await get<{ status?: { availableReplicas?: number } }>(
        'minikube',
        `/apis/apps/v1/namespaces/${ns}/deployments/web`,
      );
      return d.status?.availableReplicas === 2 ? true : undefined;
    });
    const pods = await get<{ items: Pod[] }>('minikube', `/api/v1/namespaces/${ns}/pods`);
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(['minikube', 'minikube-m02']).toContain(pod.spec.nodeName);
      expect(pod.status.phase).toBe('Running');
    }
    await del('minikube', `/apis/apps/v1/namespaces/${ns}/deployments/web`);
    await until('pods and ReplicaSets garbage-collected', 60_000, async () => {
      const [p, rs] = await Promise.all([
        get<{ items: unknown[] }>('minikube', `/api/v1/namespaces/${ns}/pods`),
        get<{ items: unknown[] }>('minikube', `/apis/apps/v1/namespaces/${ns}/replicasets`),
      ]);
      return p.items.length === 0 && rs.items.length === 0 ? true : undefined;
    });
  });

  it('a GPU pod runs on the GPU node in gke (toleration added on admission) and is unschedulable in minikube', async () => {
    const gpuPod = (name: string) => ({
      metadata: { name },
      spec: {
        containers: [{ name: 'main', image: pause, resources: { limits: { 'nvidia.com/gpu': '1' } } }],
      },
    });
    const gkeNs = await freshNamespace('gke');
    await post('gke', `/api/v1/namespaces/${gkeNs}/pods`, gpuPod('trainer'));
    const placed = await until('GPU pod running in gke', 60_000, async () => {
      const pod = await get<Pod>('gke', `/api/v1/namespaces/${gkeNs}/pods/trainer`);
      return pod.status.phase === 'Running' ? pod : undefined;
    });
    expect(placed.spec.nodeName).toBe('gke-kf-gpu-pool-0');
    expect(placed.spec.tolerations?.some((t) => t.key === 'nvidia.com/gpu')).toBe(true);
    // A CPU pod without the toleration never lands on the GPU node.
    await post('gke', `/api/v1/namespaces/${gkeNs}/pods`, {
      metadata: { name: 'cpu' },
      spec: { containers: [{ name: 'main', image: pause }] },
    });
    const cpu = await until('CPU pod scheduled in gke', 60_000, async () => {
      const pod = await get<Pod>('gke', `/api/v1/namespaces/${gkeNs}/pods/cpu`);
      return pod.spec.nodeName ? pod : undefined;
    });
    expect(cpu.spec.nodeName).toMatch(/^gke-kf-default-pool-/);

    const minikubeNs = await freshNamespace('minikube');
    await post('minikube', `/api/v1/namespaces/${minikubeNs}/pods`, gpuPod('trainer'));
    const unschedulable = await until('GPU pod unschedulable in minikube', 60_000, async () => {
      const pod = await get<Pod>('minikube', `/api/v1/namespaces/${minikubeNs}/pods/trainer`);
      return pod.status.conditions?.find((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable');
    });
    expect(unschedulable.message).toContain('Insufficient nvidia.com/gpu');
  });

  it(`a pod annotated ${TEST_EXIT_CODE_ANNOTATION} fails with that exit code (test-only), so its Job fails`, async () => {
    const ns = await freshNamespace('minikube');
    await post('minikube', `/apis/batch/v1/namespaces/${ns}/jobs`, {
      metadata: { name: 'train' },
      spec: {
        backoffLimit: 0,
        template: {
          metadata: { annotations: { [TEST_EXIT_CODE_ANNOTATION]: '3' } },
          spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: pause }] },
        },
      },
    });
    const failed = await until('Job failed', 90_000, async () => {
      const job = await get<{
        status?: { conditions?: { type: string; status: string; reason?: string }[] };
      }>('minikube', `/apis/batch/v1/namespaces/${ns}/jobs/train`);
      return job.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
    });
    expect(failed.reason).toBe('BackoffLimitExceeded');
    const pods = await get<{
      items: { status: { containerStatuses?: { state: { terminated?: { exitCode: number } } }[] } }[];
    }>('minikube', `/api/v1/namespaces/${ns}/pods`);
    expect(pods.items[0]?.status.containerStatuses?.[0]?.state.terminated?.exitCode).toBe(3);
  });

  it('a deleted namespace goes away with everything in it (the namespace controller runs)', async () => {
    const ns = await freshNamespace('gke');
    await post('gke', `/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: 'c' } });
    await del('gke', `/api/v1/namespaces/${ns}`);
    await until('namespace gone', 90_000, async () => {
      try {
        await get('gke', `/api/v1/namespaces/${ns}`);
        return undefined;
      } catch (error) {
        if (error instanceof ApiStatusError && error.statusCode === 404) return true;
        throw error;
      }
    });
  });
});

describe('loopback only', () => {
  it('every listening socket of every process of both planes is on 127.0.0.1 (the operator webhook aside)', () => {
    const listening = new Map<string, string>(); // socket inode → local address
    for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        if (fields[3] === '0A') listening.set(fields[9]!, fields[1]!); // state LISTEN
      }
    }
    const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
    const inGroups = new Set(clusters.controlPlanes.flatMap((cp) => cp.pgids));
    const offenders: string[] = [];
    for (const pid of pids) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (!inGroups.has(pgid)) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
      let fds: string[] = [];
      try {
        fds = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        let link: string;
        try {
          link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        const address = inode ? listening.get(inode) : undefined;
        if (!address) continue;
        // 0100007F = 127.0.0.1 (little-endian hex); the IPv6 form of 127.0.0.1 / ::1 also counts.
        const loopback =
          /^0100007F:/.test(address) ||
          /^0{24}01000000:/.test(address) ||
          /^0000000000000000FFFF00000100007F:/.test(address);
        if (!loopback && !cmd?.endsWith('training-operator'))
          offenders.push(`${cmd} (pid ${pid}) listens on ${address}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
