// `kf diff` as a function: one environment against its cluster (server-side dry-run apply compared
// with the live objects), or two environments' renders against each other (no cluster).
import { diffAgainstCluster, diffRenders, type ObjectDiff } from '../cluster/diff.js';
import type { Connection } from '../cluster/kubeconfig.js';
import { kubectlRef } from '../kube-object.js';
import { withConnection, type ConnectionOptions } from './connection.js';
import type { ChangeSummary, ClusterTarget, EventSink } from './events.js';
import { inventoryFor, renderTarget, type RenderedTarget, type TargetOptions } from './target.js';
import { apiVersionPlaces, rejectedFieldPlace } from './places.js';

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
    const objects = await diffTarget(connection, target, { withPrune: options.withPrune });
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

/** A rendered environment against its cluster: server-side dry-run apply vs. live, per object. */
export function diffTarget(
  connection: Connection,
  target: RenderedTarget,
  options: { withPrune?: boolean } = {},
): Promise<ObjectDiff[]> {
  return diffAgainstCluster(connection, target.plan, {
    withPrune: options.withPrune,
    inventory: inventoryFor(target),
    apiVersionPlaces: apiVersionPlaces(target),
    rejectedFieldPlace: (object, fields) => rejectedFieldPlace(target, object, fields),
  });
}

/** Counts and names of what an apply would change (the summary apply shows before asking). */
export function summarizeChanges(objects: readonly ObjectDiff[]): ChangeSummary {
  const named = (change: ObjectDiff['change']) =>
    objects.filter((d) => d.change === change).map((d) => kubectlRef(d.object));
  const created = named('create');
  const changed = named('update');
  const failed = named('error');
  return {
    created: created.length,
    changed: changed.length,
    unchanged: objects.filter((d) => d.change === 'none').length,
    failed: failed.length,
    createdObjects: created,
    changedObjects: changed,
    failedObjects: failed,
  };
}
