// Which of a plan's objects ask for an apiVersion the cluster does not serve (extensions/v1beta1,
// apps/v1beta1, a CRD's dropped version, a CRD that is not installed), and how to say so: the
// object, its apiVersion, the version(s) that do serve its kind, and what to do. Apply refuses
// such a plan before sending anything; diff, validate --server, status and delete report it.
import { groupVersionKind, type GroupVersionKind, type KubeObject } from '../kube-object.js';
import { isCrd, planEntries, type ApplyPlan, type PlanEntry } from './apply-plan.js';
import type { ClusterClient } from './client.js';
import type { RestMapper } from './discovery.js';

export interface Unserved {
  component: string;
  object: KubeObject;
  gvk: GroupVersionKind;
  /** apiVersions at which the cluster (or a CRD of the same plan) serves the kind; empty when none */
  servedAs: string[];
}

/** Where the objects were to go, for the messages: the context and the server's Kubernetes version. */
export interface ServingCluster {
  context: string;
  /** `1.37`; undefined when /version did not answer */
  kubernetesVersion?: string;
}

/** The plan's objects whose apiVersion neither the server nor a CRD of the plan serves, in plan order. */
export async function findUnserved(mapper: RestMapper, plan: ApplyPlan): Promise<Unserved[]> {
  const runVersions = crdVersions(planEntries(plan).map((e) => e.object));
  const verdicts = new Map<string, Promise<string[] | undefined>>();
  const verdict = (entry: PlanEntry): Promise<string[] | undefined> => {
    const { group, version, kind } = entry.gvk;
    const key = `${group}/${version}/${kind}`;
    let found = verdicts.get(key);
    if (!found) {
      found = (async () => {
        const fromRun = runVersions.get(`${kind}.${group}`);
        // A CRD of this plan decides for its kind: the versions it declares are the ones served.
        if (fromRun !== undefined)
          return fromRun.includes(version) ? undefined : fromRun.map((v) => `${group}/${v}`);
        if (await mapper.find(entry.gvk)) return undefined;
        // Only where this very kind lives on: its own group, or where Kubernetes moved the old
        // extensions group's kinds. A Widget of another CRD group is another kind.
        return (await mapper.servedApiVersions(kind)).filter((v) => sameKindGroup(group, groupOf(v)));
      })();
      verdicts.set(key, found);
    }
    return found;
  };
  const results = await Promise.all(
    planEntries(plan).map(async (entry) => ({ entry, servedAs: await verdict(entry) })),
  );
  return results
    .filter((r): r is { entry: PlanEntry; servedAs: string[] } => r.servedAs !== undefined)
    .map(({ entry, servedAs }) => ({
      component: entry.component,
      object: entry.object,
      gvk: entry.gvk,
      servedAs,
    }));
}

/** The served versions each CRD among `objects` declares, keyed `Kind.group`. */
function crdVersions(objects: readonly KubeObject[]): Map<string, string[]> {
  const versions = new Map<string, string[]>();
  for (const object of objects) {
    if (!isCrd(object)) continue;
    const spec = (object.spec ?? {}) as {
      group?: string;
      names?: { kind?: string };
      version?: string;
      versions?: { name?: string; served?: boolean }[];
    };
    if (!spec.group || !spec.names?.kind) continue;
    const declared = [
      ...(spec.versions ?? []).filter((v) => v.served !== false && v.name).map((v) => v.name!),
      ...(spec.version && !spec.versions?.length ? [spec.version] : []),
    ];
    versions.set(`${spec.names.kind}.${spec.group}`, declared);
  }
  return versions;
}

/** The server's Kubernetes version as `major.minor`, for messages; undefined when it does not say. */
export async function kubernetesVersion(client: ClusterClient): Promise<string | undefined> {
  try {
    const { body } = await client.request<{ major?: string; minor?: string }>({
      method: 'GET',
      path: '/version',
    });
    return body.major && body.minor ? `${body.major}.${body.minor.replace(/\D+$/, '')}` : undefined;
  } catch {
    return undefined;
  }
}

/** `context minikube (Kubernetes 1.37)` */
export function describeCluster(cluster: ServingCluster): string {
  return `context ${cluster.context}${cluster.kubernetesVersion ? ` (Kubernetes ${cluster.kubernetesVersion})` : ''}`;
}

/** What is wrong with an unserved object and what to do, without the object's own name. */
export function describeUnserved(
  unserved: Pick<Unserved, 'object' | 'servedAs'>,
  cluster: ServingCluster,
): { message: string; hint: string } {
  const { apiVersion, kind } = unserved.object;
  const where = describeCluster(cluster);
  if (unserved.servedAs.length > 0) {
    const served = unserved.servedAs;
    return {
      message: `apiVersion ${apiVersion} of ${kind} is not served by ${where}; it serves ${kind} as ${served.join(', ')}`,
      hint: `change its apiVersion to ${served[0]}, then check the fields that version changed with kf validate`,
    };
  }
  const { group } = groupVersionKind(unserved.object);
  return {
    message: `${kind} (${apiVersion}) is not served by ${where}, and no CustomResourceDefinition the environment renders defines it`,
    hint: `install the CustomResourceDefinition of ${kind}${group ? `.${group}` : ''} first, or leave this component out`,
  };
}

/** `component tensorboard, components/tensorboard.jsonnet` */
export function componentLabel(component: string, file: string | undefined): string {
  return file ? `component ${component}, ${file}` : `component ${component}`;
}

/** The cluster a connection reaches, described for these messages (asks /version once). */
export async function servingCluster(connection: {
  context: string;
  client: ClusterClient;
}): Promise<ServingCluster> {
  return { context: connection.context, kubernetesVersion: await kubernetesVersion(connection.client) };
}

/** Kubernetes moved every kind of the old `extensions` group to these groups, keeping the objects. */
const EXTENSIONS_MOVED_TO = new Set(['apps', 'networking.k8s.io', 'policy']);

/** Whether a kind of group `other` is the same kind as one of `group`: the same group, or a move out of extensions. */
function sameKindGroup(group: string, other: string): boolean {
  return other === group || (group === 'extensions' && EXTENSIONS_MOVED_TO.has(other));
}

const groupOf = (apiVersion: string): string =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';

/**
 * The apiVersion at which the cluster keeps the same object an unserved apiVersion named, if one:
 * another version of its group (apps/v1beta1 → apps/v1), or for the old `extensions` group the
 * group its kind moved to. Undefined when no version, or no single group, can be trusted to be it.
 */
export function sameObjectAt(unserved: Pick<Unserved, 'gvk' | 'servedAs'>): string | undefined {
  const candidates = unserved.servedAs.filter((v) => sameKindGroup(unserved.gvk.group, groupOf(v)));
  return new Set(candidates.map(groupOf)).size === 1 ? candidates[0] : undefined;
}
