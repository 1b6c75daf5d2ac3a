// Deletes what an environment (or some of its components) renders, in reverse wave order:
// webhooks, namespaced objects, cluster-scoped objects, then Namespaces and CRDs. Objects that are
// already gone count as done, so a rerun after a partial failure finishes the job.
import { ApiError, UnreachableError, describeClusterError } from './api-error.js';
import { deletionOrder, type ApplyPlan } from './apply-plan.js';
import { preparePlan } from './apply.js';
import type { InventoryOptions } from './inventory.js';
import { mapBounded } from './bounded.js';
import type { Connection } from './kubeconfig.js';
import { groupVersionKind, objectKey, type KubeObject } from '../kube-object.js';
import { deleteObject, type Propagation } from './resources.js';
import { findUnserved, sameObjectAt } from './served.js';

export interface DeleteResult {
  object: KubeObject;
  outcome: 'deleted' | 'gone' | 'failed';
  message?: string;
}

export interface DeleteOptions {
  propagation?: Propagation;
  concurrency?: number;
  dryRun?: boolean;
  /** also delete the environment's ApplySet parent (when the whole environment is deleted) */
  inventory?: InventoryOptions;
  /** `index`: the object's position in deletion order (results complete in any order) */
  onObject?(result: DeleteResult, done: number, total: number, index: number): void;
}

export async function deleteRendered(
  connection: Connection,
  rawPlan: ApplyPlan,
  options: DeleteOptions = {},
): Promise<DeleteResult[]> {
  const { plan, mapper } = await preparePlan(connection, rawPlan);
  const unserved = new Map((await findUnserved(mapper, plan)).map((u) => [u.object, u]));
  const results: DeleteResult[] = [];
  const position = new Map(
    deletionOrder(plan)
      .flatMap((w) => w.entries)
      .map((e, i) => [objectKey(e.object), i]),
  );
  const total = plan.waves.reduce((n, w) => n + w.entries.length, 0);
  let unreachable: UnreachableError | undefined;
  for (const wave of deletionOrder(plan)) {
    await mapBounded(wave.entries, options.concurrency ?? 16, async ({ object, gvk }) => {
      let result: DeleteResult;
      if (unreachable) {
        result = { object, outcome: 'failed', message: `not attempted: ${unreachable.message}` };
      } else {
        try {
          // An apiVersion the server no longer serves: the object lives on at the version its
          // kind is served as now (an apps/v1beta1 Deployment is an apps/v1 one). A kind its group
          // serves at no version (its CRD is gone) has no objects left to delete.
          const notServed = unserved.get(object);
          const servedAs = notServed && sameObjectAt(notServed);
          const mapping = servedAs
            ? await mapper.find(groupVersionKind({ apiVersion: servedAs, kind: gvk.kind }))
            : notServed
              ? undefined
              : await mapper.find(gvk);
          const outcome = mapping
            ? await deleteObject(
                connection.client,
                mapping,
                object.metadata.namespace,
                object.metadata.name!,
                {
                  propagation: options.propagation,
                  dryRun: options.dryRun,
                },
              )
            : 'gone';
          result = {
            object,
            outcome,
            ...(servedAs && outcome === 'deleted'
              ? { message: `as ${servedAs} (the cluster does not serve ${object.apiVersion})` }
              : {}),
          };
        } catch (error) {
          if (!(error instanceof ApiError || error instanceof UnreachableError)) throw error;
          if (error instanceof UnreachableError) unreachable ??= error;
          result = { object, outcome: 'failed', message: describeClusterError(error, connection.context) };
        }
      }
      results.push(result);
      options.onObject?.(result, results.length, total, position.get(objectKey(object)) ?? -1);
    });
    // CRDs go last in their wave's reverse order anyway; forget them so later lookups refetch.
    mapper.invalidate();
  }
  // Outcomes in deletion order, whatever order the requests completed in.
  results.sort(
    (a, b) => (position.get(objectKey(a.object)) ?? -1) - (position.get(objectKey(b.object)) ?? -1),
  );
  if (options.inventory && !options.dryRun && results.every((r) => r.outcome !== 'failed')) {
    const { parent } = options.inventory;
    await deleteObject(
      connection.client,
      {
        resource: parent.kind === 'Secret' ? 'secrets' : 'configmaps',
        scope: 'Namespaced',
        gvk: { group: '', version: 'v1', kind: parent.kind },
      },
      parent.namespace,
      parent.name,
    ).catch(() => undefined);
  }
  return results;
}
