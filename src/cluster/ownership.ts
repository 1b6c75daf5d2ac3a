// Who owns the live objects an apply is about to write: an object that is a member of another
// ApplySet (another kf app's environment, or a kubectl --applyset set) is not taken over silently.
// Every object kf applies carries its set's part-of label, so this also finds any other kf app's.
import { UserError } from '../errors.js';
import { ApiError } from './api-error.js';
import { planEntries, type ApplyPlan } from './apply-plan.js';
import { ANNOTATION_TOOLING, LABEL_ID, LABEL_PART_OF } from './applyset.js';
import type { RestMapper, ResourceMapping } from './discovery.js';
import type { Connection } from './kubeconfig.js';
import { describeObject, objectKey, type KubeObject } from '../kube-object.js';
import { listMetadata } from './resources.js';

export interface ForeignMember {
  object: KubeObject;
  /** the ApplySet id in its part-of label */
  owner: string;
}

/** Planned objects that exist live as members of an ApplySet whose id is not in `ownIds`. */
export async function findForeignMembers(
  connection: Connection,
  mapper: RestMapper,
  plan: ApplyPlan,
  ownIds: ReadonlySet<string>,
): Promise<ForeignMember[]> {
  const planned = new Map<string, KubeObject>();
  const lists = new Map<string, { mapping: ResourceMapping; namespace?: string }>();
  for (const entry of planEntries(plan)) {
    const mapping = await mapper.find(entry.gvk);
    if (!mapping) continue; // a kind this run introduces: nothing of it exists yet
    const namespace = mapping.scope === 'Namespaced' ? entry.object.metadata.namespace : undefined;
    planned.set(objectKey(entry.object), entry.object);
    lists.set(`${mapping.resource}.${mapping.gvk.group}|${namespace ?? ''}`, { mapping, namespace });
  }
  const foreign: ForeignMember[] = [];
  for (const { mapping, namespace } of lists.values()) {
    for (const item of await listMetadata(connection.client, mapping, namespace, LABEL_PART_OF)) {
      const owner = item.metadata.labels?.[LABEL_PART_OF];
      const mine = planned.get(objectKey(item));
      if (owner !== undefined && mine && !ownIds.has(owner)) foreign.push({ object: mine, owner });
    }
  }
  return foreign;
}

/** `inventory Secret ns/name (kf/0.1.0)` for an ApplySet id, or just the id when its parent is not visible. */
export async function describeApplySet(connection: Connection, id: string): Promise<string> {
  for (const resource of ['secrets', 'configmaps']) {
    try {
      const { body } = await connection.client.request<{ items?: KubeObject[] }>({
        method: 'GET',
        path: `/api/v1/${resource}`,
        query: { labelSelector: `${LABEL_ID}=${id}` },
        accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json',
      });
      const parent = body.items?.[0];
      if (parent) {
        const tooling = parent.metadata.annotations?.[ANNOTATION_TOOLING];
        const kind = resource === 'secrets' ? 'Secret' : 'ConfigMap';
        return `ApplySet ${id} (inventory ${kind} ${parent.metadata.namespace}/${parent.metadata.name}${tooling ? `, ${tooling}` : ''})`;
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error; // not allowed to list: name the id only
    }
  }
  return `ApplySet ${id}`;
}

/** The one-line refusal: the first object, its owner, how many more, and the flag. */
export async function adoptionRefused(connection: Connection, foreign: ForeignMember[]): Promise<UserError> {
  const [first] = foreign;
  const more = foreign.length > 1 ? ` (and ${foreign.length - 1} more object(s) of other sets)` : '';
  return new UserError(
    `${describeObject(first!.object)} belongs to ${await describeApplySet(connection, first!.owner)}, not to this app${more}; rerun with --adopt to take it over`,
    { hint: 'after --adopt the other app no longer prunes it; or rename the object in one of the apps' },
  );
}
