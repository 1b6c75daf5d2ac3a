// The documented `-o json` shapes of apply, diff and delete (docs/json-output.md): plain data made
// from the workflow results, objects named the kubectl way, in plan order, nothing that changes
// from run to run (no times, no resourceVersions).
import { kubectlName, type KubeObject } from '../kube-object.js';
import type { ApplyResult } from '../workflow/apply.js';
import type { DeleteSummary } from '../workflow/delete.js';
import type { DiffResult } from '../workflow/diff.js';
import type { ClusterTarget } from '../workflow/events.js';

interface ObjectRef {
  name: string;
  namespace?: string;
}

function ref(object: KubeObject): ObjectRef {
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
