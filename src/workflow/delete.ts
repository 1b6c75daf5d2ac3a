// `kf delete` as a function: render the environment (or some components), connect, ask, and
// delete in reverse apply order; the ApplySet inventory goes too when the whole environment does.
import { deletionOrder } from '../cluster/apply-plan.js';
import { deleteRendered, type DeleteResult } from '../cluster/delete.js';
import type { KubeObject } from '../kube-object.js';
import type { DryRun } from './apply.js';
import type { Propagation } from '../cluster/resources.js';
import { confirmOrCancel, withConnection, type ConnectionOptions } from './connection.js';
import type { ClusterTarget, Confirm, EventSink } from './events.js';
import { inventoryFor, isPartial, renderTarget, type TargetOptions } from './target.js';

export type { DeleteResult } from '../cluster/delete.js';
export type { Propagation } from '../cluster/resources.js';

export interface DeleteOptions extends TargetOptions, ConnectionOptions {
  /** how dependents are deleted (default Background) */
  propagation?: Propagation;
  /** client: list what would be deleted, contact no cluster; server: let the API server check each delete, delete nothing */
  dryRun?: DryRun;
  confirm?: Confirm;
  onEvent?: EventSink;
}

export interface DeleteSummary {
  envName: string;
  dryRun: DryRun;
  /** absent with dryRun 'client' (no cluster contacted) */
  target?: ClusterTarget;
  objects: DeleteResult[];
  /** dryRun 'client': what would be deleted, in deletion order */
  plan?: { component: string; object: KubeObject }[];
  counts: Record<DeleteResult['outcome'], number>;
}

export async function deleteEnvironment(options: DeleteOptions): Promise<DeleteSummary> {
  const target = renderTarget(options);
  const dryRun = options.dryRun ?? 'none';
  if (dryRun === 'client') {
    const plan = deletionOrder(target.plan).flatMap((w) =>
      w.entries.map((e) => ({ component: e.component, object: e.object })),
    );
    return { envName: target.envName, dryRun, objects: [], plan, counts: { deleted: 0, gone: 0, failed: 0 } };
  }
  return withConnection(target, options, async (connection) => {
    const clusterTarget: ClusterTarget = {
      envName: connection.envName,
      context: connection.context,
      server: connection.server,
      namespace: connection.namespace,
    };
    if (dryRun === 'none')
      await confirmOrCancel(options.confirm, { action: 'delete from', ...clusterTarget });
    const objects = await deleteRendered(connection, target.plan, {
      propagation: options.propagation,
      dryRun: dryRun === 'server',
      // The inventory goes too when the whole environment is deleted.
      inventory: isPartial(target) ? undefined : inventoryFor(target),
      onObject: (result, done, total, index) =>
        options.onEvent?.({ type: 'deleted', result, done, total, index }),
    });
    const counts = { deleted: 0, gone: 0, failed: 0 };
    for (const r of objects) counts[r.outcome]++;
    return { envName: target.envName, dryRun, target: clusterTarget, objects, counts };
  });
}
