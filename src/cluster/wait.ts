// Polls live objects until each is Current by the kstatus rules (status.ts), one has Failed, or
// the timeout passes. Used for CRD establishment between waves and for `kf apply --wait`.
import { computeStatus, type Readiness } from './status.js';
import type { ClusterClient } from './client.js';
import type { RestMapper } from './discovery.js';
import { getObject } from './resources.js';
import { describeObject, groupVersionKind, type KubeObject } from '../kube-object.js';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** called after every poll with the objects not yet Current */
  onProgress?: (pending: { object: KubeObject; readiness: Readiness }[], total: number) => void;
}

export interface WaitResult {
  ready: KubeObject[];
  failed: { object: KubeObject; readiness: Readiness }[];
  /** still not Current when the time ran out */
  timedOut: { object: KubeObject; readiness: Readiness }[];
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
  const failed: WaitResult['failed'] = [];
  let last: { object: KubeObject; readiness: Readiness }[] = [];
  for (;;) {
    const checks = await Promise.all(
      pending.map(async (object) => {
        const mapping = await mapper.mapping(groupVersionKind(object));
        const live = await getObject(client, mapping, object.metadata.namespace, object.metadata.name!);
        return { object, readiness: computeStatus(live) };
      }),
    );
    last = [];
    for (const check of checks) {
      if (check.readiness.status === 'Current') ready.push(check.object);
      else if (check.readiness.status === 'Failed') failed.push(check);
      else last.push(check);
    }
    pending = last.map((c) => c.object);
    options.onProgress?.(last, objects.length);
    if (pending.length === 0) return { ready, failed, timedOut: [] };
    if (Date.now() >= deadline) return { ready, failed, timedOut: last };
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(options.intervalMs ?? 1000, Math.max(0, deadline - Date.now()))),
    );
  }
}

export function describeReadiness(entry: { object: KubeObject; readiness: Readiness }): string {
  return `${describeObject(entry.object)}: ${entry.readiness.status} (${entry.readiness.message})`;
}
