// Who owns the live objects an apply is about to write. kf does not silently take over an object
// that something else manages declaratively: a member of another ApplySet (another kf app's
// environment, or a `kubectl apply --applyset` set; every object kf applies carries its set's
// part-of label), an object of a Helm release, one kept by `kubectl apply` (client-side, as
// ksonnet did) or by another server-side-apply manager. Objects created imperatively (`kubectl
// create`, controllers) are taken over without a word, as kubectl apply would.
import { UserError } from '../errors.js';
import { ApiError } from './api-error.js';
import { planEntries, type ApplyPlan } from './apply-plan.js';
import { ANNOTATION_TOOLING, LABEL_ID, LABEL_PART_OF } from './applyset.js';
import type { RestMapper, ResourceMapping } from './discovery.js';
import type { Connection } from './kubeconfig.js';
import { describeObject, objectKey, type KubeObject } from '../kube-object.js';
import { FIELD_MANAGER, listMetadata } from './resources.js';

export type ForeignMember =
  | {
      object: KubeObject;
      /** the ApplySet id in its part-of label */
      owner: string;
    }
  | {
      object: KubeObject;
      /** e.g. `Helm release ns/name`, `kubectl apply (client-side)` */
      manager: string;
    };

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const HELM_RELEASE = 'meta.helm.sh/release-name';
const HELM_NAMESPACE = 'meta.helm.sh/release-namespace';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
}

/** Who else manages `live` declaratively, or undefined when nobody does. */
export function otherManager(live: KubeObject): string | undefined {
  const annotations = live.metadata.annotations ?? {};
  const release = annotations[HELM_RELEASE];
  if (release !== undefined) {
    const namespace = annotations[HELM_NAMESPACE] ?? live.metadata.namespace;
    return `Helm release ${namespace ? `${namespace}/` : ''}${release}`;
  }
  const appliers = ((live.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? [])
    .filter((entry) => entry.operation === 'Apply' && entry.manager !== FIELD_MANAGER)
    .map((entry) => entry.manager ?? '(unnamed)');
  if (appliers.length > 0) return `server-side apply by field manager ${[...new Set(appliers)].join(', ')}`;
  if (annotations[LAST_APPLIED] !== undefined) return 'kubectl apply (client-side; also ksonnet)';
  return undefined;
}

/**
 * Planned objects that exist live and are managed by someone else: members of an ApplySet whose
 * id is not in `ownIds`, or (not in any set) managed declaratively by another tool.
 */
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
    for (const item of await listMetadata(connection.client, mapping, namespace)) {
      const mine = planned.get(objectKey(item));
      if (!mine) continue;
      const owner = item.metadata.labels?.[LABEL_PART_OF];
      if (owner !== undefined) {
        if (!ownIds.has(owner)) foreign.push({ object: mine, owner });
        continue;
      }
      const manager = otherManager(item);
      if (manager !== undefined) foreign.push({ object: mine, manager });
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
  const more = foreign.length > 1 ? ` (and ${foreign.length - 1} more managed elsewhere)` : '';
  const owner =
    'owner' in first!
      ? `belongs to ${await describeApplySet(connection, first.owner)}`
      : `is managed by ${first!.manager}`;
  return new UserError(
    `${describeObject(first!.object)} ${owner}, not to this app${more}; rerun with --adopt to take it over`,
    {
      hint:
        'owner' in first!
          ? 'after --adopt the other app no longer prunes it; or rename the object in one of the apps'
          : 'after --adopt kf applies and prunes it with this app; or leave it to its manager and drop it from the app',
    },
  );
}
