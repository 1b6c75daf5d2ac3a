// `kf delete` as a function: render the environment (or some components), connect, ask, and
// delete in reverse apply order; the ApplySet inventory goes too when the whole environment does.
import { deleteRendered, type DeleteResult } from '../cluster/delete.js';
import type { Propagation } from '../cluster/resources.js';
import { confirmOrCancel, withConnection, type ConnectionOptions } from './connection.js';
import type { ClusterTarget, Confirm, EventSink } from './events.js';
import { inventoryFor, renderTarget, type TargetOptions } from './target.js';

export type { DeleteResult } from '../cluster/delete.js';
export type { Propagation } from '../cluster/resources.js';

export interface DeleteOptions extends TargetOptions, ConnectionOptions {
  /** how dependents are deleted (default Background) */
  propagation?: Propagation;
  /** ask the API server what would be deleted, delete nothing */
  dryRun?: 'none' | 'server';
  confirm?: Confirm;
  onEvent?: EventSink;
}

export interface DeleteSummary {
  envName: string;
  dryRun: 'none' | 'server';
  target: ClusterTarget;
  objects: DeleteResult[];
  counts: Record<DeleteResult['outcome'], number>;
}

export async function deleteEnvironment(options: DeleteOptions): Promise<DeleteSummary> {
  const target = renderTarget(options);
  const dryRun = options.dryRun ?? 'none';
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
      inventory: target.components === undefined ? inventoryFor(target) : undefined,
      onObject: (result, done, total, index) =>
        options.onEvent?.({ type: 'deleted', result, done, total, index }),
    });
    const counts = { deleted: 0, gone: 0, failed: 0 };
    for (const r of objects) counts[r.outcome]++;
    return { envName: target.envName, dryRun, target: clusterTarget, objects, counts };
  });
}
