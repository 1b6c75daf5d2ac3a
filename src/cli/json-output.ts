// The documented `-o json` shapes of apply, diff, delete, status, validate and export (docs/json-output.md): plain data made
// from the workflow results, objects named the kubectl way, in plan order, nothing that changes
// from run to run (no times, no resourceVersions).
import { kubectlName, type KubeObject } from '../kube-object.js';
import type { ApplyResult } from '../workflow/apply.js';
import type { DeleteSummary } from '../workflow/delete.js';
import type { DiffResult } from '../workflow/diff.js';
import type { ClusterTarget } from '../workflow/events.js';
import type { ExportResult } from '../workflow/export.js';
import type { StatusResult } from '../workflow/status.js';
import type { Problem, ValidateResult } from '../workflow/validate.js';

interface ObjectRef {
  name: string;
  namespace?: string;
}

function ref(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): ObjectRef {
  const out: ObjectRef = { name: kubectlName(object) };
  if (object.metadata.namespace) out.namespace = object.metadata.namespace;
  return out;
}

function cluster(target: ClusterTarget | undefined): Record<string, string> {
  return target ? { context: target.context, server: target.server, namespace: target.namespace } : {};
}

const withMessage = <T extends object>(value: T, message: string | undefined): T & { message?: string } =>
  message ? { ...value, message } : value;

export function applyJson(result: ApplyResult): unknown {
  const out: Record<string, unknown> = {
    kind: 'ApplyResult',
    environment: result.envName,
    ...cluster(result.target),
    dryRun: result.dryRun,
  };
  if (result.dryRun === 'client') {
    out.objects = result.plan.map((p) => ({ ...ref(p.object), component: p.component, wave: p.wave }));
    return out;
  }
  out.objects = result.objects.map((r) =>
    withMessage({ ...ref(r.object), component: r.component, outcome: r.outcome }, r.message),
  );
  out.pruned = result.pruned.map((p) => withMessage({ ...ref(p.object), outcome: p.outcome }, p.message));
  if (result.pruneSkipped) out.pruneSkipped = result.pruneSkipped;
  out.summary = result.counts;
  if (result.readiness) {
    const entry = (e: { object: KubeObject; readiness: { status: string; message: string } }) => ({
      ...ref(e.object),
      status: e.readiness.status,
      message: e.readiness.message,
    });
    out.readiness = {
      ready: result.readiness.ready,
      failed: result.readiness.failed.map(entry),
      timedOut: result.readiness.timedOut.map(entry),
    };
  }
  return out;
}

export function diffJson(result: DiffResult): unknown {
  return {
    kind: 'DiffResult',
    environment: result.envName,
    ...(result.other !== undefined ? { other: result.other } : cluster(result.target)),
    objects: result.objects.map((d) => {
      const base = { ...ref(d.object), change: d.change };
      if (d.change === 'error') return { ...base, message: d.text };
      return d.text ? { ...base, diff: d.text } : base;
    }),
    summary: {
      create: result.objects.filter((d) => d.change === 'create').length,
      update: result.objects.filter((d) => d.change === 'update').length,
      delete: result.objects.filter((d) => d.change === 'delete').length,
      none: result.objects.filter((d) => d.change === 'none').length,
      error: result.errors,
    },
  };
}

export function deleteJson(result: DeleteSummary): unknown {
  return {
    kind: 'DeleteResult',
    environment: result.envName,
    ...cluster(result.target),
    dryRun: result.dryRun,
    ...(result.dryRun === 'client'
      ? { objects: (result.plan ?? []).map((p) => ({ ...ref(p.object), component: p.component })) }
      : {
          objects: result.objects.map((r) =>
            withMessage({ ...ref(r.object), outcome: r.outcome }, r.message),
          ),
          summary: result.counts,
        }),
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function statusJson(result: StatusResult): unknown {
  return {
    kind: 'StatusResult',
    environment: result.envName,
    context: result.context,
    server: result.server,
    namespace: result.namespace,
    objects: result.objects.map((o) => {
      const out: Record<string, unknown> = {
        ...ref({
          apiVersion: o.apiVersion,
          kind: o.kind,
          metadata: { name: o.name, namespace: o.namespace },
        }),
        component: o.component,
        status: o.status,
        message: o.message,
      };
      if (o.replicas) out.replicas = o.replicas;
      if (o.tfJob) out.tfJob = o.tfJob;
      if (o.problems && o.problems.length > 0) out.problems = o.problems;
      if (o.servedAs) out.servedAs = o.servedAs;
      return out;
    }),
    current: result.current,
    summary: result.counts,
  };
}

function problemJson(problem: Problem): Record<string, unknown> {
  const object =
    problem.kind === ''
      ? {}
      : ref({
          apiVersion: problem.apiVersion,
          kind: problem.kind,
          metadata: { name: problem.name, namespace: problem.namespace },
        });
  return {
    ...object,
    ...(problem.component ? { component: problem.component } : {}),
    ...(problem.path ? { path: problem.path } : {}),
    message: problem.message,
    ...(problem.location ? { location: problem.location } : {}),
  };
}

export function validateJson(result: ValidateResult): unknown {
  return {
    kind: 'ValidateResult',
    environments: result.environments.map((e) => ({
      environment: e.env,
      kubernetesVersion: e.k8sVersion,
      server: e.server,
      objects: e.objects,
      problems: e.problems.map(problemJson),
      ...(e.skipped.length > 0 ? { skipped: e.skipped } : {}),
    })),
    summary: {
      environments: result.environments.length,
      objects: result.environments.reduce((n, e) => n + e.objects, 0),
      problems: result.problems,
    },
  };
}

export function exportJson(result: ExportResult): unknown {
  const out: Record<string, unknown> = {
    kind: 'ExportResult',
    dir: result.dir,
    environments: result.envs,
    check: result.check,
  };
  if (!result.check) {
    out.files = result.files.map(({ path, entry }) => ({
      path,
      environment: entry.environment,
      component: entry.component,
      ...ref({
        apiVersion: entry.apiVersion,
        kind: entry.kind,
        metadata: { name: entry.name, namespace: entry.namespace },
      }),
    }));
    return out;
  }
  const drift = result.drift!;
  out.upToDate = result.upToDate;
  out.missing = drift.missing;
  out.extra = drift.extra;
  out.unowned = drift.unowned;
  out.changed = drift.changed.map((c) => ({ path: c.path, diff: c.diff }));
  return out;
}
