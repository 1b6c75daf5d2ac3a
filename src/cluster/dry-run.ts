// The one server-side dry run of kf: an object is server-side applied with dryRun=All and the
// result set beside the live object. `kf diff`, `kf apply --dry-run=server` and
// `kf validate --server` all go through dryRunEntry and differ only in how they read the answer.
import { ApiError, UnreachableError, isMissingNamespace } from './api-error.js';
import type { PlanEntry } from './apply-plan.js';
import type { Connection } from './kubeconfig.js';
import type { RestMapper } from './discovery.js';
import type { KubeObject } from '../kube-object.js';
import { getObject, serverSideApply } from './resources.js';

export type DryRunAnswer =
  /** the server answered: the live object (undefined when absent) and what the apply would store */
  | { kind: 'answered'; live?: KubeObject; merged: KubeObject }
  /** the server does not serve the kind (yet: its CRD may come with the same apply) */
  | { kind: 'unknown-kind' }
  /** the object's namespace does not exist (yet: it may come with the same apply) */
  | { kind: 'missing-namespace'; error: ApiError }
  /** the server rejected the object, or could not be reached */
  | { kind: 'rejected'; error: ApiError | UnreachableError };

export async function dryRunEntry(
  connection: Connection,
  mapper: RestMapper,
  entry: Pick<PlanEntry, 'object' | 'gvk'>,
  options: { force?: boolean } = {},
): Promise<DryRunAnswer> {
  const { object } = entry;
  try {
    const mapping = await mapper.find(entry.gvk);
    if (!mapping) return { kind: 'unknown-kind' };
    const live = await getObject(connection.client, mapping, object.metadata.namespace, object.metadata.name);
    const { object: merged } = await serverSideApply(connection.client, mapping, object, {
      force: options.force,
      dryRun: true,
    });
    return { kind: 'answered', live, merged };
  } catch (error) {
    if (isMissingNamespace(error)) return { kind: 'missing-namespace', error: error as ApiError };
    if (error instanceof ApiError || error instanceof UnreachableError) return { kind: 'rejected', error };
    throw error;
  }
}
