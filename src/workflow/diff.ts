// `kf diff` as a function: one environment against its cluster (server-side dry-run apply compared
// with the live objects), or two environments' renders against each other (no cluster).
import { diffAgainstCluster, diffRenders, type ObjectDiff } from '../cluster/diff.js';
import { withConnection, type ConnectionOptions } from './connection.js';
import type { ClusterTarget, EventSink } from './events.js';
import { inventoryFor, renderTarget, type TargetOptions } from './target.js';

export type { ObjectDiff } from '../cluster/diff.js';

export interface DiffOptions extends TargetOptions, ConnectionOptions {
  /** a second environment: compare the two renders instead of contacting a cluster */
  other?: string;
  /** also list the objects an apply --prune would delete */
  withPrune?: boolean;
  onEvent?: EventSink;
}

export interface DiffResult {
  envName: string;
  /** the second environment, when two renders were compared */
  other?: string;
  /** the cluster compared with; absent when two renders were compared */
  target?: ClusterTarget;
  /** every object in plan order (`none` included), then the ones prune would delete */
  objects: ObjectDiff[];
  /** objects that differ (create, update or delete) */
  changed: number;
  /** objects that could not be compared */
  errors: number;
}

export async function diff(options: DiffOptions): Promise<DiffResult> {
  const summarize = (objects: ObjectDiff[], rest: Omit<DiffResult, 'objects' | 'changed' | 'errors'>) => ({
    ...rest,
    objects,
    changed: objects.filter((d) => d.change !== 'none' && d.change !== 'error').length,
    errors: objects.filter((d) => d.change === 'error').length,
  });
  if (options.other !== undefined) {
    const left = renderTarget(options);
    const right = renderTarget({ ...options, env: options.other });
    const objects = diffRenders(
      { name: left.envName, namespace: left.env.namespace, objects: left.objects.map((o) => o.object) },
      { name: right.envName, namespace: right.env.namespace, objects: right.objects.map((o) => o.object) },
    );
    return summarize(objects, { envName: left.envName, other: right.envName });
  }
  const target = renderTarget(options);
  return withConnection(target, { ...options }, async (connection) => {
    const objects = await diffAgainstCluster(connection, target.plan, {
      withPrune: options.withPrune,
      inventory: inventoryFor(target),
    });
    return summarize(objects, {
      envName: target.envName,
      target: {
        envName: connection.envName,
        context: connection.context,
        server: connection.server,
        namespace: connection.namespace,
      },
    });
  });
}
