// `kf diff <env>`: what an apply would change. Each object is server-side applied as a dry run and
// the result compared with the live object (server-managed fields removed, Secrets masked);
// --with-prune adds the ApplySet members an apply --prune would delete.
import { ApiError, describeClusterError, invalidFields } from './api-error.js';
import { dryRunEntry } from './dry-run.js';
import { planEntries, type ApplyPlan } from './apply-plan.js';
import { preparePlan } from './apply.js';
import { pruneCandidates, readInventory, type InventoryOptions } from './inventory.js';
import { widenScope } from './applyset.js';
import { mapBounded } from './bounded.js';
import type { Connection } from './kubeconfig.js';
import { describeObject, objectKey, type KubeObject } from '../kube-object.js';
import { unifiedObjectDiff } from './object-diff.js';
import { getObject } from './resources.js';
import { componentLabel, describeUnserved, findUnserved, servingCluster } from './served.js';
import { planGroupKinds, planNamespaces } from './apply-plan.js';

export interface ObjectDiff {
  object: KubeObject;
  change: 'create' | 'update' | 'delete' | 'none' | 'error';
  /** unified diff text ('' when unchanged) or the error message */
  text: string;
}

export interface DiffOptions {
  withPrune?: boolean;
  /** where each object's apiVersion is written (file:line:col, or its component's file), for messages */
  apiVersionPlaces?: (objects: readonly KubeObject[]) => Map<KubeObject, string>;
  /** where the first of the fields the server rejected is written (file:line:col), for messages */
  rejectedFieldPlace?: (object: KubeObject, fields: readonly string[]) => string | undefined;
  inventory?: InventoryOptions;
  concurrency?: number;
}

export async function diffAgainstCluster(
  connection: Connection,
  rawPlan: ApplyPlan,
  options: DiffOptions = {},
): Promise<ObjectDiff[]> {
  const { plan, mapper } = await preparePlan(connection, rawPlan, options.inventory);
  const entries = planEntries(plan);
  const diffs = new Map<string, ObjectDiff>();
  // An apiVersion the cluster does not serve is no "create": the apply would refuse it.
  const unserved = await findUnserved(mapper, plan);
  const cluster = unserved.length > 0 ? await servingCluster(connection) : undefined;
  const places = unserved.length > 0 ? options.apiVersionPlaces?.(unserved.map((u) => u.object)) : undefined;
  for (const u of unserved) {
    const { message, hint } = describeUnserved(u, cluster!);
    diffs.set(objectKey(u.object), {
      object: u.object,
      change: 'error',
      text: `${message} (${componentLabel(u.component, places?.get(u.object))}; ${hint})`,
    });
  }
  const compared = entries.filter((e) => !diffs.has(objectKey(e.object)));
  await mapBounded(compared, options.concurrency ?? 16, async (entry) => {
    const label = describeObject(entry.object);
    const key = objectKey(entry.object);
    // force: show the state the apply is meant to reach, even where another manager owns a field.
    const answer = await dryRunEntry(connection, mapper, entry, { force: true });
    if (answer.kind === 'answered') {
      const text = unifiedObjectDiff(label, answer.live, answer.merged);
      diffs.set(key, {
        object: entry.object,
        change: !answer.live ? 'create' : text ? 'update' : 'none',
        text,
      });
    } else if (answer.kind === 'rejected') {
      const fields = answer.error instanceof ApiError ? invalidFields(answer.error) : [];
      const place = fields.length > 0 ? options.rejectedFieldPlace?.(entry.object, fields) : undefined;
      diffs.set(key, {
        object: entry.object,
        change: 'error',
        text: `${describeClusterError(answer.error, connection.context)}${place === undefined ? '' : ` (component ${entry.component}, ${place})`}`,
      });
    } else {
      // Its kind comes from a CRD of this run, or its namespace does not exist yet (the apply would
      // create it first): all of it is new.
      diffs.set(key, {
        object: entry.object,
        change: 'create',
        text: unifiedObjectDiff(label, undefined, entry.object),
      });
    }
  });
  const result = entries.map((e) => diffs.get(objectKey(e.object))!);
  if (options.withPrune && options.inventory) {
    const recorded = await readInventory(connection, options.inventory);
    const scope = widenScope(recorded, {
      groupKinds: planGroupKinds(plan),
      namespaces: planNamespaces(plan),
    });
    const applied = entries.map((e) => e.object);
    for (const { object, mapping } of await pruneCandidates(
      connection,
      mapper,
      options.inventory,
      scope,
      applied,
    )) {
      const live = await getObject(
        connection.client,
        mapping,
        object.metadata.namespace,
        object.metadata.name!,
      );
      if (live)
        result.push({
          object: live,
          change: 'delete',
          text: unifiedObjectDiff(describeObject(live), live, undefined),
        });
    }
  }
  return result;
}

/** Two environments' renders compared object by object, without a cluster. */
export function diffRenders(
  left: { name: string; namespace: string; objects: KubeObject[] },
  right: { name: string; namespace: string; objects: KubeObject[] },
): ObjectDiff[] {
  // An object is the same in both when kind, namespace and name agree; of the rest, those in each
  // environment's own default namespace are paired by kind and name (the namespace shows as a change).
  const inOwnNamespace = (object: KubeObject, defaultNamespace: string): string | undefined =>
    object.metadata.namespace === defaultNamespace
      ? objectKey({ ...object, metadata: { ...object.metadata, namespace: undefined } })
      : undefined;
  const rightByKey = new Map(right.objects.map((o) => [objectKey(o), o]));
  const pairs = left.objects.map((object) => {
    const other = rightByKey.get(objectKey(object));
    if (other !== undefined) rightByKey.delete(objectKey(object));
    return { object, other };
  });
  const rightInOwnNamespace = new Map<string, KubeObject>();
  for (const object of rightByKey.values()) {
    const own = inOwnNamespace(object, right.namespace);
    if (own !== undefined) rightInOwnNamespace.set(own, object);
  }
  for (const pair of pairs) {
    if (pair.other !== undefined) continue;
    const own = inOwnNamespace(pair.object, left.namespace);
    const other = own === undefined ? undefined : rightInOwnNamespace.get(own);
    if (own === undefined || other === undefined) continue;
    rightInOwnNamespace.delete(own);
    rightByKey.delete(objectKey(other));
    pair.other = other;
  }
  const diffs: ObjectDiff[] = [];
  const names = [left.name, right.name];
  for (const { object, other } of pairs) {
    const text = unifiedObjectDiff(describeObject(object), object, other, names);
    diffs.push({ object, change: !other ? 'delete' : text ? 'update' : 'none', text });
  }
  for (const object of rightByKey.values()) {
    diffs.push({
      object,
      change: 'create',
      text: unifiedObjectDiff(describeObject(object), undefined, object, names),
    });
  }
  return diffs;
}
