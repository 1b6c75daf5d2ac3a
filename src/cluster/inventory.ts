// The environment's ApplySet inventory on the cluster: reading the parent's recorded scope,
// writing it (widened before an apply, shrunk after a prune), and finding and deleting members
// that are no longer rendered. The pure rules (id, annotations, labels) are in applyset.ts.
import { UserError } from '../errors.js';
import { ApiError, UnreachableError, describeClusterError, isNotFound } from './api-error.js';
import { deletionGroups, planEntries, type ApplyPlan, type PlanEntry } from './apply-plan.js';
import {
  ANNOTATION_ADOPTED_BY,
  ANNOTATION_TOOLING,
  LABEL_COMPONENT,
  LABEL_PART_OF,
  applySetId,
  componentLabelValue,
  parentObject,
  readParentScope,
  type ApplySetParentRef,
  type ApplySetScope,
} from './applyset.js';
import { mapBounded } from './bounded.js';
import type { RestMapper, ResourceMapping } from './discovery.js';
import type { Connection } from './kubeconfig.js';
import { describeObject, objectKey, parseGroupKind, type KubeObject } from '../kube-object.js';
import { deleteObject, getObject, listMetadata, serverSideApply } from './resources.js';

export interface InventoryOptions {
  parent: ApplySetParentRef;
  /** The pre-id parent (`kf-<app>-<env>`) whose members this app takes over if no other app did. */
  legacyParent?: ApplySetParentRef;
  /** `kf/<version>` */
  tooling: string;
  /** the components being applied; undefined = the whole environment */
  components?: string[];
  /** under `-t`, which objects (by kind and name) the run is about: only those are pruned; undefined = all */
  selector?: (kind: string, name: string) => boolean;
}

export interface PruneResult {
  object: KubeObject;
  outcome: 'pruned' | 'failed';
  message?: string;
}

export const EMPTY_SCOPE: ApplySetScope = { groupKinds: [], namespaces: [] };

function parentMapping(parent: ApplySetParentRef): ResourceMapping {
  return {
    resource: parent.kind === 'Secret' ? 'secrets' : 'configmaps',
    scope: 'Namespaced',
    gvk: { group: '', version: 'v1', kind: parent.kind },
  };
}

/** The scope recorded on the environment's ApplySet parent (empty when there is none yet). */
export async function readInventory(
  connection: Connection,
  inventory: InventoryOptions,
): Promise<ApplySetScope> {
  try {
    const live = await getObject(
      connection.client,
      parentMapping(inventory.parent),
      inventory.parent.namespace,
      inventory.parent.name,
    );
    return live ? readParentScope(live, inventory.parent) : EMPTY_SCOPE;
  } catch (error) {
    throw clusterFailure(
      error,
      connection,
      `cannot read the inventory ${inventory.parent.kind} ${inventory.parent.namespace}/${inventory.parent.name}`,
    );
  }
}

/**
 * Writes the ApplySet parent recording `scope`. When its namespace does not exist yet and the plan
 * creates it, that Namespace is applied first and returned so the caller does not apply it twice.
 */
export async function writeParent(
  connection: Connection,
  inventory: InventoryOptions,
  scope: ApplySetScope,
  plan: ApplyPlan,
): Promise<
  { entry: PlanEntry; component: string; object: KubeObject; outcome: 'created' | 'configured' } | undefined
> {
  const parent = parentObject(inventory.parent, scope, inventory.tooling);
  const mapping = parentMapping(inventory.parent);
  try {
    await serverSideApply(connection.client, mapping, parent, { force: true });
    return undefined;
  } catch (error) {
    if (!isNotFound(error))
      throw clusterFailure(error, connection, `cannot record the inventory ${describeObject(parent)}`);
  }
  const namespaceEntry = planEntries(plan).find(
    (e) =>
      e.gvk.group === '' &&
      e.gvk.kind === 'Namespace' &&
      e.object.metadata.name === inventory.parent.namespace,
  );
  if (!namespaceEntry) {
    throw new UserError(
      `namespace ${inventory.parent.namespace} does not exist on ${connection.server} (context ${connection.context})`,
      {
        hint: `create it, or render a Namespace named ${inventory.parent.namespace} in the environment`,
      },
    );
  }
  const nsMapping: ResourceMapping = {
    resource: 'namespaces',
    scope: 'Cluster',
    gvk: { group: '', version: 'v1', kind: 'Namespace' },
  };
  try {
    const { created } = await serverSideApply(connection.client, nsMapping, namespaceEntry.object);
    await serverSideApply(connection.client, mapping, parent, { force: true });
    return {
      entry: namespaceEntry,
      component: namespaceEntry.component,
      object: namespaceEntry.object,
      outcome: created ? 'created' : 'configured',
    };
  } catch (error) {
    throw clusterFailure(
      error,
      connection,
      `cannot create namespace ${inventory.parent.namespace} for the inventory`,
    );
  }
}

export function clusterFailure(error: unknown, connection: Connection, what: string): unknown {
  if (error instanceof ApiError || error instanceof UnreachableError) {
    return new UserError(`${what}: ${describeClusterError(error, connection.context)}`, { cause: error });
  }
  return error;
}

/** An ApplySet this app owns besides its own parent's: its id and recorded scope. */
export interface OwnedSet {
  id: string;
  scope: ApplySetScope;
  parent: ApplySetParentRef;
  /** true once this app's id is recorded on the parent (kf.dev/adopted-by) */
  claimed: boolean;
}

/**
 * The environment's pre-id set (`kf-<app>-<env>`, written by kf before apps had ids) when this app
 * may take it over: it exists, kf wrote it, and no other app has adopted it yet.
 */
export async function legacySet(
  connection: Connection,
  inventory: InventoryOptions,
): Promise<OwnedSet | undefined> {
  const ref = inventory.legacyParent;
  if (!ref) return undefined;
  const live = await getObject(connection.client, parentMapping(ref), ref.namespace, ref.name).catch(
    (error) => {
      throw clusterFailure(
        error,
        connection,
        `cannot read the inventory Secret ${ref.namespace}/${ref.name}`,
      );
    },
  );
  const annotations = live?.metadata.annotations ?? {};
  if (!live || !annotations[ANNOTATION_TOOLING]?.startsWith('kf/')) return undefined;
  const adoptedBy = annotations[ANNOTATION_ADOPTED_BY];
  if (adoptedBy !== undefined && adoptedBy !== applySetId(inventory.parent)) return undefined;
  return {
    id: applySetId(ref),
    scope: readParentScope(live, ref),
    parent: ref,
    claimed: adoptedBy !== undefined,
  };
}

/** Records on the legacy parent that this app took its members over (no other app will). */
export async function claimLegacySet(
  connection: Connection,
  inventory: InventoryOptions,
  set: OwnedSet,
): Promise<void> {
  if (set.claimed) return;
  try {
    await connection.client.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${set.parent.namespace}/secrets/${set.parent.name}`,
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { [ANNOTATION_ADOPTED_BY]: applySetId(inventory.parent) } } },
    });
  } catch (error) {
    throw clusterFailure(
      error,
      connection,
      `cannot take over the inventory Secret ${set.parent.namespace}/${set.parent.name}`,
    );
  }
}

/** Deletes the legacy parent once its members were applied into, or pruned from, the app's own set. */
export async function retireLegacySet(connection: Connection, set: OwnedSet): Promise<void> {
  try {
    await deleteObject(connection.client, parentMapping(set.parent), set.parent.namespace, set.parent.name, {
      propagation: 'Background',
    });
  } catch (error) {
    if (!isNotFound(error))
      throw clusterFailure(
        error,
        connection,
        `cannot delete the old inventory Secret ${set.parent.namespace}/${set.parent.name}`,
      );
  }
}

/**
 * Live members of the set (and of `more` sets the app owns, such as its legacy set) that this run
 * does not apply (under -c, only those components'; under -t, only the objects it selects).
 */
export async function pruneCandidates(
  connection: Connection,
  mapper: RestMapper,
  inventory: InventoryOptions,
  scope: ApplySetScope,
  applied: readonly KubeObject[],
  more: readonly OwnedSet[] = [],
): Promise<{ object: KubeObject; mapping: ResourceMapping }[]> {
  const candidates: { object: KubeObject; mapping: ResourceMapping }[] = [];
  for (const set of [{ id: applySetId(inventory.parent), scope }, ...more])
    candidates.push(...(await setCandidates(connection, mapper, inventory, set.id, set.scope, applied)));
  return candidates;
}

async function setCandidates(
  connection: Connection,
  mapper: RestMapper,
  inventory: InventoryOptions,
  id: string,
  scope: ApplySetScope,
  applied: readonly KubeObject[],
): Promise<{ object: KubeObject; mapping: ResourceMapping }[]> {
  const { client } = connection;
  const keep = new Set(applied.map(objectKey));
  const components = inventory.components && new Set(inventory.components.map(componentLabelValue));
  const namespaces = [...new Set([inventory.parent.namespace, ...scope.namespaces])];
  const candidates: { object: KubeObject; mapping: ResourceMapping }[] = [];
  for (const gk of scope.groupKinds) {
    const { group, kind } = parseGroupKind(gk);
    const mapping = await mapper.findGroupKind(group, kind);
    if (!mapping) continue; // the kind is gone (its CRD was deleted), and with it every member
    const lists = mapping.scope === 'Cluster' ? [undefined] : namespaces;
    for (const namespace of lists) {
      for (const item of await listMetadata(client, mapping, namespace, `${LABEL_PART_OF}=${id}`)) {
        if (keep.has(objectKey(item))) continue;
        if (components && !components.has(item.metadata.labels?.[LABEL_COMPONENT] ?? '')) continue;
        if (inventory.selector && !inventory.selector(mapping.gvk.kind, item.metadata.name ?? '')) continue;
        candidates.push({ object: item, mapping });
      }
    }
  }
  return candidates;
}

/** Deletes live members of the set that this run did not apply. */
export async function pruneMembers(
  connection: Connection,
  mapper: RestMapper,
  inventory: InventoryOptions,
  scope: ApplySetScope,
  applied: readonly KubeObject[],
  options: {
    serverDryRun?: boolean;
    concurrency?: number;
    onPrune?: (result: PruneResult) => void;
    more?: readonly OwnedSet[];
  },
): Promise<PruneResult[]> {
  const { client } = connection;
  const candidates = await pruneCandidates(connection, mapper, inventory, scope, applied, options.more);
  const results: PruneResult[] = [];
  // As kf delete does: a webhook goes before the Service behind it, a CRD after its objects.
  for (const group of deletionGroups(candidates, (c) => c.object))
    await mapBounded(group, options.concurrency ?? 16, async ({ object, mapping }) => {
      let result: PruneResult;
      try {
        await deleteObject(client, mapping, object.metadata.namespace, object.metadata.name!, {
          dryRun: options.serverDryRun,
          uid: object.metadata.uid,
          propagation: 'Background',
        });
        result = { object, outcome: 'pruned' };
      } catch (error) {
        if (!(error instanceof ApiError || error instanceof UnreachableError)) throw error;
        result = { object, outcome: 'failed', message: describeClusterError(error, connection.context) };
      }
      results.push(result);
      options.onPrune?.(result);
    });
  return results;
}
