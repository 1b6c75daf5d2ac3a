// Polls live objects until each is Current by the kstatus rules (status.ts), one has Failed, or
// the timeout passes. Used for CRD establishment between waves and for `kf apply --wait`.
// For workloads that are not ready yet it also looks at their pods, so that an unschedulable pod
// ("0/3 nodes are available: 3 Insufficient nvidia.com/gpu") or a stuck container is reported
// while waiting instead of a silent timeout.
import { computeStatus, ownedPods, podProblem, POD_OWNER_KINDS, type Readiness } from './status.js';
import type { ClusterClient } from './client.js';
import { objectPath, type RestMapper } from './discovery.js';
import { getObject } from './resources.js';
import { groupKindString, groupVersionKind, kubectlRef, type KubeObject } from '../kube-object.js';

export interface Pending {
  object: KubeObject;
  readiness: Readiness;
  /** what the object's pods show is wrong (unschedulable, image pull errors, ...) */
  problems?: string[];
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** called after every poll with the objects not yet Current and the number found Failed so far */
  onProgress?: (pending: Pending[], total: number, failed: number) => void;
}

export interface WaitResult {
  ready: KubeObject[];
  failed: Pending[];
  /** still not Current when the time ran out */
  timedOut: Pending[];
}

/** Pods and ReplicaSets of the namespaces of `owners`, one list call each per namespace. */
async function podsOf(
  client: ClusterClient,
  mapper: RestMapper,
  owners: readonly KubeObject[],
): Promise<Map<KubeObject, KubeObject[]>> {
  const byNamespace = new Map<string, KubeObject[]>();
  for (const owner of owners) {
    const ns = owner.metadata.namespace ?? '';
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), owner]);
  }
  const result = new Map<KubeObject, KubeObject[]>();
  const podMapping = await mapper.mapping({ group: '', version: 'v1', kind: 'Pod' });
  const rsMapping = await mapper.mapping({ group: 'apps', version: 'v1', kind: 'ReplicaSet' });
  await Promise.all(
    [...byNamespace].map(async ([namespace, list]) => {
      const get = async (path: string) =>
        (await client.request<{ items?: KubeObject[] }>({ method: 'GET', path })).body.items ?? [];
      const [pods, replicaSets] = await Promise.all([
        get(objectPath(podMapping, namespace)),
        list.some((o) => o.kind === 'Deployment') ? get(objectPath(rsMapping, namespace)) : [],
      ]);
      for (const owner of list) result.set(owner, ownedPods(owner, pods, replicaSets));
    }),
  );
  return result;
}

export async function waitUntilCurrent(
  client: ClusterClient,
  mapper: RestMapper,
  objects: readonly KubeObject[],
  options: WaitOptions,
): Promise<WaitResult> {
  const deadline = Date.now() + options.timeoutMs;
  let pending = [...objects];
  const ready: KubeObject[] = [];
  const failed: Pending[] = [];
  let last: Pending[] = [];
  for (;;) {
    const checks = await Promise.all(
      pending.map(async (object) => {
        const mapping = await mapper.mapping(groupVersionKind(object));
        const live = await getObject(client, mapping, object.metadata.namespace, object.metadata.name!);
        return { object, live, readiness: computeStatus(live) };
      }),
    );
    last = [];
    const owners: KubeObject[] = [];
    for (const check of checks) {
      if (check.readiness.status === 'Current') ready.push(check.object);
      else if (check.readiness.status === 'Failed') failed.push(check);
      else {
        last.push(check);
        if (check.live && POD_OWNER_KINDS.has(groupKindString(groupVersionKind(check.live))))
          owners.push(check.live);
      }
    }
    if (owners.length > 0) {
      const pods = await podsOf(client, mapper, owners).catch(() => new Map<KubeObject, KubeObject[]>());
      for (const entry of last) {
        const live = checks.find((c) => c.object === entry.object)?.live;
        const problems = live
          ? (pods.get(live) ?? []).map(podProblem).filter((p): p is string => p !== undefined)
          : [];
        if (problems.length > 0) entry.problems = problems;
      }
    }
    pending = last.map((c) => c.object);
    options.onProgress?.(last, objects.length, failed.length);
    if (pending.length === 0) return { ready, failed, timedOut: [] };
    if (Date.now() >= deadline) return { ready, failed, timedOut: last };
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(options.intervalMs ?? 1000, Math.max(0, deadline - Date.now()))),
    );
  }
}

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/**
 * Waits until CustomResourceDefinitions are Established (or have failed) by watching them, as
 * `kubectl wait` does. Polling their whole objects (prometheus-operator's are up to 480 kB each)
 * every 200 ms kept the API server that was establishing them busy serializing them: kube-prometheus'
 * ten CRDs took a median 5.5 s to establish instead of 3.3 s watched. Falls back to polling once a second when the
 * watch fails or ends early.
 */
export async function waitForCrds(
  client: ClusterClient,
  mapper: RestMapper,
  crds: readonly KubeObject[],
  timeoutMs: number,
): Promise<WaitResult> {
  const deadline = Date.now() + timeoutMs;
  // The collection's version before the first look, so the watch misses no change after it.
  const list = await client.request<{ metadata?: { resourceVersion?: string } }>({
    method: 'GET',
    path: CRDS,
    query: { limit: '1' },
    accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
  });
  const first = await waitUntilCurrent(client, mapper, crds, { timeoutMs: 0 });
  if (first.timedOut.length === 0) return first;
  const ready = [...first.ready];
  const failed = [...first.failed];
  const pending = new Map(first.timedOut.map((p) => [p.object.metadata.name!, { ...p }]));
  const resourceVersion = list.body.metadata?.resourceVersion;
  let watched = false;
  if (resourceVersion !== undefined) {
    const remaining = Math.max(0, deadline - Date.now());
    watched = await client
      .watch(
        CRDS,
        { resourceVersion, timeoutSeconds: String(Math.max(1, Math.ceil(remaining / 1000))) },
        (event) => {
          if (event.type === 'ERROR') throw new Error('watch error');
          const name = (event.object as KubeObject).metadata?.name ?? '';
          const entry = pending.get(name);
          if (entry === undefined) return false;
          entry.readiness = computeStatus(
            event.type === 'DELETED' ? undefined : (event.object as KubeObject),
          );
          if (entry.readiness.status === 'Current') ready.push(entry.object);
          else if (entry.readiness.status === 'Failed') failed.push(entry);
          else return false;
          pending.delete(name);
          return pending.size === 0;
        },
        remaining,
      )
      .catch(() => false);
  }
  if (watched || pending.size === 0 || Date.now() >= deadline)
    return { ready, failed, timedOut: [...pending.values()] };
  const rest = await waitUntilCurrent(
    client,
    mapper,
    [...pending.values()].map((p) => p.object),
    { timeoutMs: deadline - Date.now(), intervalMs: 1000 },
  );
  return { ready: [...ready, ...rest.ready], failed: [...failed, ...rest.failed], timedOut: rest.timedOut };
}

export function describeReadiness(entry: Pending): string {
  const problems = entry.problems?.length ? `; ${entry.problems.join('; ')}` : '';
  return `${kubectlRef(entry.object)}: ${entry.readiness.status} (${entry.readiness.message})${problems}`;
}
