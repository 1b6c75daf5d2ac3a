// `kf status` as a function: render the environment (or some components), read every object it
// manages from the cluster and say, by the kstatus rules, whether it is up: Current /
// InProgress / Failed / Terminating / NotFound with the reason, ready/desired replicas for
// workloads, the phase and per-replica-type counts for TFJobs, and what the pods of a workload
// that is not ready show (unschedulable, image pull errors). `watchStatus` repeats that until
// everything is Current, something Failed, or the time is up.
import type { Connection } from '../cluster/kubeconfig.js';
import type { RestMapper } from '../cluster/discovery.js';
import { preparePlan } from '../cluster/apply.js';
import { planEntries } from '../cluster/apply-plan.js';
import { withConnection, type ConnectionOptions } from './connection.js';
import { renderTarget, type TargetOptions } from './target.js';
import { getObject } from '../cluster/resources.js';
import { groupVersionKind, type KubeObject } from '../kube-object.js';
import {
  computeStatus,
  tfJobPhase,
  tfJobReplicas,
  workloadReplicas,
  type ReadinessStatus,
  type ReplicaCounts,
} from '../cluster/status.js';
import { waitUntilCurrent } from '../cluster/wait.js';
import { mapBounded } from '../cluster/bounded.js';
import {
  describeUnserved,
  findUnserved,
  sameObjectAt,
  servingCluster,
  type Unserved,
} from '../cluster/served.js';

export type StatusOptions = TargetOptions & ConnectionOptions;

export interface ObjectStatus {
  component: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  status: ReadinessStatus;
  message: string;
  /** ready/desired replicas (Deployment, StatefulSet, DaemonSet, ReplicaSet; Job: succeeded/completions) */
  replicas?: { ready: number; desired: number };
  /** TFJobs: the phase and the counts per replica type */
  tfJob?: { phase: string; replicas: ReplicaCounts[] };
  /** what the object's pods show is wrong, when it is not ready */
  problems?: string[];
  /** its apiVersion is not served: the apiVersions that serve its kind (empty: none) */
  servedAs?: string[];
}

export interface StatusResult {
  envName: string;
  context: string;
  server: string;
  /** the environment's namespace on that cluster */
  namespace: string;
  objects: ObjectStatus[];
  /** every object is Current */
  current: boolean;
  counts: Record<ReadinessStatus, number>;
}

export type StatusEvent = { type: 'status'; result: StatusResult };

function summarize(component: string, object: KubeObject, live: KubeObject | undefined): ObjectStatus {
  const readiness = computeStatus(live);
  const entry: ObjectStatus = {
    component,
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
    name: object.metadata.name ?? '',
    status: readiness.status,
    message: readiness.message,
  };
  if (live) {
    const replicas = workloadReplicas(live);
    if (replicas) entry.replicas = replicas;
    if (groupVersionKind(live).group === 'kubeflow.org' && live.kind === 'TFJob')
      entry.tfJob = { phase: tfJobPhase(live), replicas: tfJobReplicas(live) };
  }
  return entry;
}

function countStatuses(objects: readonly ObjectStatus[]): Record<ReadinessStatus, number> {
  const counts: Record<ReadinessStatus, number> = {
    Current: 0,
    InProgress: 0,
    Failed: 0,
    Terminating: 0,
    NotFound: 0,
  };
  for (const o of objects) counts[o.status]++;
  return counts;
}

async function poll(
  connection: Connection,
  mapper: RestMapper,
  rendered: readonly { component: string; object: KubeObject }[],
  unserved: Unserved[],
): Promise<ObjectStatus[]> {
  const statuses: { live?: KubeObject; summary: ObjectStatus }[] = [];
  const cluster = unserved.length > 0 ? await servingCluster(connection) : undefined;
  await mapBounded(
    rendered.map((entry, index) => ({ ...entry, index })),
    16,
    async ({ component, object, index }) => {
      // An apiVersion the server does not serve: not there as rendered, and kf apply cannot put it there.
      const notServed = unserved.find((u) => u.object === object);
      if (notServed) {
        const { message, hint } = describeUnserved(notServed, cluster!);
        // The same object may live on at the version its kind is served as now (what ks applied
        // on Kubernetes 1.10 is an apps/v1 Deployment today): say so, it is not what kf applies.
        const servedAs = sameObjectAt(notServed);
        const mappingNow =
          servedAs && (await mapper.find(groupVersionKind({ apiVersion: servedAs, kind: object.kind })));
        const liveNow =
          mappingNow &&
          (await getObject(connection.client, mappingNow, object.metadata.namespace, object.metadata.name!));
        const summary = summarize(component, object, undefined);
        const exists = liveNow ? `; ${object.kind} ${object.metadata.name} exists as ${servedAs}` : '';
        statuses[index] = {
          summary: { ...summary, message: `${message}${exists} (${hint})`, servedAs: notServed.servedAs },
        };
        return;
      }
      const mapping = await mapper.find(groupVersionKind(object));
      // A kind the server does not serve (CRD not installed) means the object is not there.
      const live = mapping
        ? await getObject(connection.client, mapping, object.metadata.namespace, object.metadata.name!)
        : undefined;
      statuses[index] = { live, summary: summarize(component, object, live) };
    },
  );
  // The pods of workloads that are not ready: one poll of the wait machinery reports them.
  const notReady = statuses.filter((s) => s.live && s.summary.status === 'InProgress');
  if (notReady.length > 0) {
    const waited = await waitUntilCurrent(
      connection.client,
      mapper,
      notReady.map((s) => s.live!),
      { timeoutMs: 0 },
    );
    for (const pending of waited.timedOut) {
      const entry = notReady.find((s) => s.live === pending.object);
      if (entry && pending.problems?.length) entry.summary.problems = pending.problems;
    }
  }
  return statuses.map((s) => s.summary);
}

async function withStatusConnection<T>(
  options: StatusOptions,
  run: (
    connection: Connection,
    rendered: { component: string; object: KubeObject }[],
    mapper: RestMapper,
    unserved: Unserved[],
  ) => Promise<T>,
): Promise<T> {
  const target = renderTarget(options);
  return withConnection(target, options, async (connection) => {
    // Namespaces placed exactly as apply places them (the environment's unless an object names one).
    const { plan, mapper } = await preparePlan(connection, target.plan);
    return run(connection, planEntries(plan), mapper, await findUnserved(mapper, plan));
  });
}

function result(connection: Connection, envName: string, objects: ObjectStatus[]): StatusResult {
  const counts = countStatuses(objects);
  return {
    envName,
    context: connection.context,
    server: connection.server,
    namespace: connection.namespace,
    objects,
    current: counts.Current === objects.length,
    counts,
  };
}

/** The live status of every object the environment renders, in apply order. */
export async function status(options: StatusOptions): Promise<StatusResult> {
  return withStatusConnection(options, async (connection, rendered, mapper, unserved) =>
    result(connection, options.env, await poll(connection, mapper, rendered, unserved)),
  );
}

/** Every object Current and no TFJob still running: nothing more will happen by itself. */
export function settled(result: StatusResult): boolean {
  return (
    result.current &&
    result.objects.every((o) => !o.tfJob || o.tfJob.phase === 'Succeeded' || o.tfJob.phase === 'Failed')
  );
}

/**
 * Polls every `intervalMs` (default 2 s), reporting each poll whose outcome changed, until it is
 * settled (every object Current and every TFJob finished), one object has Failed, or `timeoutMs`
 * passed (default: no limit). Returns the last poll.
 */
export async function watchStatus(
  options: StatusOptions & {
    intervalMs?: number;
    timeoutMs?: number;
    onEvent?: (event: StatusEvent) => void;
  },
): Promise<StatusResult> {
  return withStatusConnection(options, async (connection, rendered, mapper, unserved) => {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    let last = '';
    for (;;) {
      const current = result(connection, options.env, await poll(connection, mapper, rendered, unserved));
      const key = JSON.stringify(current.objects);
      if (key !== last) options.onEvent?.({ type: 'status', result: current });
      last = key;
      if (settled(current) || current.counts.Failed > 0 || Date.now() >= deadline) return current;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(options.intervalMs ?? 2000, Math.max(0, deadline - Date.now()))),
      );
    }
  });
}
