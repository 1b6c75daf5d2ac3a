// Readiness of a live object by the kstatus rules (sigs.k8s.io/cli-utils/pkg/kstatus): a pure
// function from an object to Current / InProgress / Failed (plus Terminating / NotFound) with a
// human message. `kf apply --wait` polls objects and feeds them through here.
import { groupKindString, groupVersionKind, isObjectRecord, type KubeObject } from '../kube-object.js';

export type ReadinessStatus = 'Current' | 'InProgress' | 'Failed' | 'Terminating' | 'NotFound';

export interface Readiness {
  status: ReadinessStatus;
  message: string;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

const current = (message: string): Readiness => ({ status: 'Current', message });
const inProgress = (message: string): Readiness => ({ status: 'InProgress', message });
const failed = (message: string): Readiness => ({ status: 'Failed', message });

function record(value: unknown): Record<string, unknown> {
  return isObjectRecord(value) ? value : {};
}

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' ? value : fallback;
}

function conditions(status: Record<string, unknown>): Condition[] {
  const list = status.conditions;
  return Array.isArray(list)
    ? list.filter((c): c is Condition => isObjectRecord(c) && typeof c.type === 'string')
    : [];
}

function condition(status: Record<string, unknown>, type: string): Condition | undefined {
  return conditions(status).find((c) => c.type === type);
}

type Rule = (spec: Record<string, unknown>, status: Record<string, unknown>, object: KubeObject) => Readiness;

/** `spec.progressDeadlineSeconds` that means "none" to the deployment controller (math.MaxInt32). */
const NO_PROGRESS_DEADLINE = 2147483647;

const deployment: Rule = (spec, status) => {
  const want = num(spec.replicas, 1);
  const replicas = num(status.replicas);
  const updated = num(status.updatedReplicas);
  const ready = num(status.readyReplicas);
  const available = num(status.availableReplicas);
  const progressing = condition(status, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return failed('Progress deadline exceeded');
  if (want > replicas) return inProgress(`Replicas: ${replicas}/${want}`);
  if (want > updated) return inProgress(`Updated: ${updated}/${want}`);
  if (replicas > want) return inProgress(`Pending termination: ${replicas - want}`);
  if (updated > available) return inProgress(`Available: ${available}/${updated}`);
  if (want > ready) return inProgress(`Ready: ${ready}/${want}`);
  // Without a progress deadline (MaxInt32: what extensions/v1beta1 defaulted to, and what 2018
  // manifests exported from such clusters still say) the controller removes the Progressing
  // condition, so the replica counts above decide, as in `kubectl rollout status`.
  const noDeadline = spec.progressDeadlineSeconds === NO_PROGRESS_DEADLINE;
  if (!noDeadline && !(progressing?.status === 'True' && progressing.reason === 'NewReplicaSetAvailable')) {
    return inProgress('Rollout in progress');
  }
  if (condition(status, 'Available')?.status !== 'True') return inProgress('Deployment not Available');
  return current(`Deployment is available. Replicas: ${replicas}`);
};

const statefulSet: Rule = (spec, status) => {
  const strategy = record(spec.updateStrategy);
  if (strategy.type === 'OnDelete') return current('StatefulSet is using the OnDelete strategy');
  const want = num(spec.replicas, 1);
  const replicas = num(status.replicas);
  const ready = num(status.readyReplicas);
  const currentReplicas = num(status.currentReplicas);
  const updated = num(status.updatedReplicas);
  if (want > replicas) return inProgress(`Replicas: ${replicas}/${want}`);
  if (want > ready) return inProgress(`Ready: ${ready}/${want}`);
  if (replicas > want) return inProgress(`Pending termination: ${replicas - want}`);
  const partition = record(strategy.rollingUpdate).partition;
  if (typeof partition === 'number') {
    if (updated < want - partition) return inProgress(`Updated: ${updated}/${want - partition}`);
    return current(`Partition rollout complete. updated: ${updated}`);
  }
  if (want > currentReplicas) return inProgress(`Current: ${currentReplicas}/${want}`);
  if (status.currentRevision !== status.updateRevision)
    return inProgress('Waiting for the updated revision to roll out');
  return current(`All replicas scheduled as expected. Replicas: ${replicas}`);
};

const daemonSet: Rule = (_spec, status) => {
  if (typeof status.desiredNumberScheduled !== 'number')
    return inProgress('Missing .status.desiredNumberScheduled');
  const desired = num(status.desiredNumberScheduled);
  if (desired > num(status.currentNumberScheduled))
    return inProgress(`Current: ${num(status.currentNumberScheduled)}/${desired}`);
  if (desired > num(status.updatedNumberScheduled))
    return inProgress(`Updated: ${num(status.updatedNumberScheduled)}/${desired}`);
  if (desired > num(status.numberAvailable))
    return inProgress(`Available: ${num(status.numberAvailable)}/${desired}`);
  if (desired > num(status.numberReady)) return inProgress(`Ready: ${num(status.numberReady)}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
};

const replicaSet: Rule = (spec, status) => {
  const want = num(spec.replicas, 1);
  if (condition(status, 'ReplicaFailure')?.status === 'True') return inProgress('Replica failure');
  if (want > num(status.fullyLabeledReplicas))
    return inProgress(`Labelled: ${num(status.fullyLabeledReplicas)}/${want}`);
  if (want > num(status.availableReplicas))
    return inProgress(`Available: ${num(status.availableReplicas)}/${want}`);
  if (want > num(status.readyReplicas)) return inProgress(`Ready: ${num(status.readyReplicas)}/${want}`);
  if (num(status.replicas) > want) return inProgress(`Pending termination: ${num(status.replicas) - want}`);
  return current(`ReplicaSet is available. Replicas: ${num(status.replicas)}`);
};

const job: Rule = (spec, status) => {
  for (const c of conditions(status)) {
    if (c.type === 'Complete' && c.status === 'True') return current('Job Completed');
    if (c.type === 'Failed' && c.status === 'True')
      return failed(`Job Failed${c.message ? `: ${c.message}` : ''}`);
  }
  if (spec.suspend === true) return current('Job is suspended');
  if (status.startTime === undefined) return inProgress('Job not started');
  return current(
    `Job in progress. success: ${num(status.succeeded)}, active: ${num(status.active)}, failed: ${num(status.failed)}`,
  );
};

const crd: Rule = (_spec, status) => {
  const names = condition(status, 'NamesAccepted');
  if (names?.status === 'False')
    return failed(`CRD names not accepted: ${names.message ?? names.reason ?? ''}`.trim());
  const established = condition(status, 'Established');
  if (established?.status === 'True') return current('CRD is established');
  if (established?.status === 'False' && established.reason !== 'Installing') {
    return failed(`CRD is not established: ${established.message ?? established.reason ?? ''}`.trim());
  }
  return inProgress('Install in progress');
};

// An aggregated API (kube-aggregator) serves only once the aggregator reached the backing Service
// and read the group's discovery: its Available condition says so (and why not). kstatus has no
// rule for it, and its generic one called an APIService that never became Available Current.
const apiService: Rule = (_spec, status) => {
  const available = condition(status, 'Available');
  if (available?.status === 'True') return current('APIService is Available');
  if (available === undefined) return inProgress('APIService not yet checked by the aggregator');
  const why = [available.reason, available.message].filter(Boolean).join(': ');
  return inProgress(`APIService is not Available${why ? `: ${why}` : ''}`);
};

const pvc: Rule = (_spec, status) =>
  status.phase === 'Bound'
    ? current('PVC is Bound')
    : inProgress(`PVC is not Bound. phase: ${String(status.phase ?? 'Pending')}`);

const service: Rule = (spec, status) => {
  if (spec.type !== 'LoadBalancer') return current('Service is ready');
  const ingress = record(status.loadBalancer).ingress;
  return Array.isArray(ingress) && ingress.length > 0
    ? current('Service is ready')
    : inProgress('Pending external IP');
};

const pod: Rule = (_spec, status) => {
  if (status.phase === 'Succeeded') return current('Pod has completed successfully');
  if (status.phase === 'Failed') return failed('Pod has failed');
  if (status.phase === 'Running' && condition(status, 'Ready')?.status === 'True')
    return current('Pod is Ready');
  return inProgress(`Pod phase: ${String(status.phase ?? 'Pending')}`);
};

/** Replica counts of a TFJob per replica type, in the training operator's order. */
export interface ReplicaCounts {
  type: string;
  replicas: number;
  active: number;
  succeeded: number;
  failed: number;
}

const REPLICA_ORDER = ['Chief', 'Master', 'PS', 'Worker', 'Evaluator'];

export function tfJobReplicas(object: KubeObject): ReplicaCounts[] {
  const specs = record(record(object.spec).tfReplicaSpecs);
  const statuses = record(record(object.status).replicaStatuses);
  const rank = (type: string): number => {
    const i = REPLICA_ORDER.findIndex((t) => t.toLowerCase() === type.toLowerCase());
    return i < 0 ? REPLICA_ORDER.length : i;
  };
  return Object.keys(specs)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((type) => {
      const counts = record(
        statuses[type] ?? Object.entries(statuses).find(([k]) => k.toLowerCase() === type.toLowerCase())?.[1],
      );
      return {
        type,
        replicas: num(record(specs[type]).replicas, 1),
        active: num(counts.active),
        succeeded: num(counts.succeeded),
        failed: num(counts.failed),
      };
    });
}

/** "PS 1/1 active; Worker 0/1 active, 1 succeeded" */
export function describeReplicas(replicas: readonly ReplicaCounts[]): string {
  return replicas
    .map((r) => {
      const extra = [r.succeeded ? `${r.succeeded} succeeded` : '', r.failed ? `${r.failed} failed` : '']
        .filter(Boolean)
        .join(', ');
      return `${r.type} ${r.active}/${r.replicas} active${extra ? `, ${extra}` : ''}`;
    })
    .join('; ');
}

/**
 * TFJob (kubeflow.org/v1, training operator v1): Running or Succeeded is ready; Failed is final
 * and carries the operator's message; anything else (no status yet, Created, Restarting) is in
 * progress. The message always ends with the replica counts.
 */
const tfJob: Rule = (_spec, status, object) => {
  const counts = describeReplicas(tfJobReplicas(object));
  const all = conditions(status);
  const isTrue = (type: string) => all.find((c) => c.type === type && c.status === 'True');
  const failedCondition = isTrue('Failed');
  if (failedCondition)
    return failed(
      `TFJob Failed: ${failedCondition.message || failedCondition.reason || 'no message'}${counts ? ` (${counts})` : ''}`,
    );
  if (isTrue('Succeeded')) return current(`TFJob Succeeded${counts ? `: ${counts}` : ''}`);
  if (runPolicy(object).suspend === true) return current('TFJob is suspended');
  if (isTrue('Running')) return current(`TFJob Running${counts ? `: ${counts}` : ''}`);
  const restarting = isTrue('Restarting');
  if (restarting)
    return inProgress(`TFJob Restarting: ${restarting.message || restarting.reason || ''}; ${counts}`);
  if (isTrue('Created')) return inProgress(`TFJob Created${counts ? `: ${counts}` : ''}`);
  return inProgress('TFJob not yet seen by the training operator (no status)');
};

/**
 * prometheus-operator's workloads (Prometheus, PrometheusAgent, Alertmanager, ThanosRuler): the
 * operator reports Reconciled (it created the StatefulSets) and Available (True, or Degraded /
 * False while pods are missing), each with the generation it looked at. kstatus reads neither and
 * calls the object Current before, or without, any operator having seen it.
 */
const prometheusOperatorWorkload: Rule = (_spec, status, object) => {
  const generation = object.metadata.generation;
  const seen = (type: string) => {
    const c = condition(status, type);
    const stale =
      c !== undefined &&
      typeof c.observedGeneration === 'number' &&
      typeof generation === 'number' &&
      c.observedGeneration < generation;
    return stale ? undefined : c;
  };
  const reconciled = seen('Reconciled');
  const available = seen('Available');
  if (reconciled === undefined || available === undefined)
    return inProgress(
      `${object.kind} not yet reconciled by prometheus-operator (no status for generation ${generation ?? '?'})`,
    );
  const why = (c: Condition) => [c.reason, c.message].filter(Boolean).join(': ');
  if (reconciled.status !== 'True')
    return inProgress(
      `${object.kind} not Reconciled (${reconciled.status}${why(reconciled) ? `: ${why(reconciled)}` : ''})`,
    );
  if (available.status !== 'True')
    return inProgress(
      `${object.kind} Available is ${available.status}${why(available) ? `: ${why(available)}` : ''}`,
    );
  return current(`${object.kind} is Available`);
};

function runPolicy(object: KubeObject): Record<string, unknown> {
  return record(record(object.spec).runPolicy);
}

const alwaysCurrent: Rule = () => current('Resource is always ready');

const RULES = new Map<string, Rule>([
  ['Deployment.apps', deployment],
  ['StatefulSet.apps', statefulSet],
  ['DaemonSet.apps', daemonSet],
  ['ReplicaSet.apps', replicaSet],
  ['Job.batch', job],
  ['CustomResourceDefinition.apiextensions.k8s.io', crd],
  ['APIService.apiregistration.k8s.io', apiService],
  ['PersistentVolumeClaim', pvc],
  ['Service', service],
  ['Pod', pod],
  ['PodDisruptionBudget.policy', alwaysCurrent],
  ['ConfigMap', alwaysCurrent],
  ['Secret', alwaysCurrent],
  ['CronJob.batch', alwaysCurrent],
  ['TFJob.kubeflow.org', tfJob],
  ['Prometheus.monitoring.coreos.com', prometheusOperatorWorkload],
  ['PrometheusAgent.monitoring.coreos.com', prometheusOperatorWorkload],
  ['Alertmanager.monitoring.coreos.com', prometheusOperatorWorkload],
  ['ThanosRuler.monitoring.coreos.com', prometheusOperatorWorkload],
]);

/** kstatus readiness of one live object (`undefined` = not found). */
export function computeStatus(object: KubeObject | undefined): Readiness {
  if (!object) return { status: 'NotFound', message: 'Resource not found' };
  if (object.metadata.deletionTimestamp)
    return { status: 'Terminating', message: 'Resource scheduled for deletion' };
  const status = record(object.status);
  const spec = record(object.spec);
  const observed = status.observedGeneration;
  const generation = object.metadata.generation;
  if (typeof observed === 'number' && typeof generation === 'number' && observed !== generation) {
    return inProgress(
      `${object.kind} generation is ${generation}, but latest observed generation is ${observed}`,
    );
  }
  const reconciling = condition(status, 'Reconciling');
  if (reconciling?.status === 'True')
    return inProgress(reconciling.message || reconciling.reason || 'Reconciling');
  const stalled = condition(status, 'Stalled');
  if (stalled?.status === 'True') return failed(stalled.message || stalled.reason || 'Stalled');
  const rule = RULES.get(groupKindString(groupVersionKind(object)));
  if (rule) return rule(spec, status, object);
  const ready = condition(status, 'Ready');
  if (ready?.status === 'True') return current(ready.message || 'Resource is Ready');
  if (ready?.status === 'False') return inProgress(ready.message || ready.reason || 'Resource is not Ready');
  return current('Resource is current');
}

/** True when waiting longer cannot change the outcome. */
export function isSettled(readiness: Readiness): boolean {
  return readiness.status === 'Current' || readiness.status === 'Failed';
}

const STUCK_WAITING = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/**
 * Why a pod of a workload is not getting anywhere, if it visibly is not: unschedulable (the
 * scheduler's reason, e.g. "0/3 nodes are available: 3 Insufficient nvidia.com/gpu"), or a
 * container stuck waiting (image pull errors, crash loops). `undefined` when nothing is wrong
 * that can be told from the pod.
 */
export function podProblem(pod: KubeObject): string | undefined {
  const status = record(pod.status);
  const name = pod.metadata.name ?? '?';
  const scheduled = condition(status, 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable')
    return `pod ${name} is unschedulable: ${(scheduled.message ?? '').trim() || 'no node fits'}`;
  const containers = [
    ...(Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : []),
    ...(Array.isArray(status.containerStatuses) ? status.containerStatuses : []),
  ];
  for (const c of containers) {
    const waiting = record(record(record(c).state).waiting);
    if (typeof waiting.reason === 'string' && STUCK_WAITING.has(waiting.reason))
      return `pod ${name}: container ${String(record(c).name)} ${waiting.reason}${typeof waiting.message === 'string' && waiting.message ? `: ${waiting.message}` : ''}`;
  }
  return undefined;
}

/** Kinds whose readiness depends on pods they own (directly, or through ReplicaSets). */
export const POD_OWNER_KINDS = new Set([
  'Deployment.apps',
  'StatefulSet.apps',
  'DaemonSet.apps',
  'ReplicaSet.apps',
  'Job.batch',
  'TFJob.kubeflow.org',
]);

/** The pods of `owner` among `pods`, following Deployment → ReplicaSet → Pod. */
export function ownedPods(
  owner: KubeObject,
  pods: readonly KubeObject[],
  replicaSets: readonly KubeObject[],
): KubeObject[] {
  const uid = owner.metadata.uid;
  if (!uid) return [];
  const owners = new Set([uid]);
  for (const rs of replicaSets)
    if (rs.metadata.ownerReferences?.some((ref) => ref.uid === uid) && rs.metadata.uid)
      owners.add(rs.metadata.uid);
  return pods.filter((pod) => pod.metadata.ownerReferences?.some((ref) => owners.has(ref.uid)));
}

/** ready/desired replicas of a workload (undefined for kinds without replicas). */
export function workloadReplicas(object: KubeObject): { ready: number; desired: number } | undefined {
  const spec = record(object.spec);
  const status = record(object.status);
  switch (groupKindString(groupVersionKind(object))) {
    case 'Deployment.apps':
    case 'StatefulSet.apps':
    case 'ReplicaSet.apps':
      return { ready: num(status.readyReplicas), desired: num(spec.replicas, 1) };
    case 'DaemonSet.apps':
      return { ready: num(status.numberReady), desired: num(status.desiredNumberScheduled) };
    case 'Job.batch':
      return { ready: num(status.succeeded), desired: num(spec.completions, 1) };
    default:
      return undefined;
  }
}

/** The TFJob's phase: the type of its latest true condition (Created, Running, Restarting, Succeeded, Failed). */
export function tfJobPhase(object: KubeObject): string {
  const all = conditions(record(object.status)).filter((c) => c.status === 'True');
  return all.at(-1)?.type ?? 'Pending';
}
