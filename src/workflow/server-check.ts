// `kf validate --server`: every rendered object goes through the server-side dry run (the API
// server's own validation, admission and defaulting; nothing is stored). Objects whose namespace
// or CRD the same render creates cannot be judged yet and are listed as skipped.
import { UnreachableError, describeClusterError } from '../cluster/api-error.js';
import { planApply, planEntries } from '../cluster/apply-plan.js';
import { preparePlan } from '../cluster/apply.js';
import { dryRunEntry } from '../cluster/dry-run.js';
import type { Connection } from '../cluster/kubeconfig.js';
import { UserError } from '../errors.js';
import type { KubeObject, RenderedObject } from '../kube-object.js';
import type { Problem } from '../render/validate.js';
import { describeUnserved, findUnserved, servingCluster } from '../cluster/served.js';

export interface ServerCheck {
  problems: Problem[];
  /** objects the dry-run could not judge yet, with the reason (namespace or CRD created by this render) */
  skipped: string[];
}

export async function checkOnServer(
  connection: Connection,
  envName: string,
  objects: RenderedObject[],
  apiVersionPlaces: (objects: readonly KubeObject[]) => Map<KubeObject, string> = () => new Map(),
): Promise<ServerCheck> {
  const { plan, mapper } = await preparePlan(connection, planApply(objects));
  const unserved = new Map((await findUnserved(mapper, plan)).map((u) => [u.object, u]));
  const cluster = unserved.size > 0 ? await servingCluster(connection) : undefined;
  const places = unserved.size > 0 ? apiVersionPlaces([...unserved.keys()]) : new Map<KubeObject, string>();
  const renderedNamespaces = new Set(
    objects.filter((o) => o.object.kind === 'Namespace').map((o) => o.object.metadata.name),
  );
  const result: ServerCheck = { problems: [], skipped: [] };
  for (const entry of planEntries(plan)) {
    const { component, object } = entry;
    const where = {
      environment: envName,
      component,
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: object.metadata.namespace,
      name: object.metadata.name,
      path: '',
    };
    const label = `${envName}/${component}: ${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
    const notServed = unserved.get(object);
    if (notServed) {
      const { message, hint } = describeUnserved(notServed, cluster!);
      result.problems.push({
        ...where,
        message: `${message} (${places.get(object) ?? component}: ${hint})`,
      });
      continue;
    }
    const answer = await dryRunEntry(connection, mapper, entry, { force: true });
    if (answer.kind === 'answered') continue;
    if (answer.kind === 'unknown-kind') {
      result.skipped.push(`${label}: its CustomResourceDefinition is rendered but not installed yet`);
      continue;
    }
    const namespace = object.metadata.namespace;
    if (answer.kind === 'missing-namespace' && namespace && renderedNamespaces.has(namespace)) {
      result.skipped.push(`${label}: namespace ${namespace} is rendered but does not exist yet`);
      continue;
    }
    if (answer.error instanceof UnreachableError)
      throw new UserError(answer.error.message, {
        hint: `check that context ${connection.context} is reachable`,
      });
    result.problems.push({
      ...where,
      message: `server dry-run: ${describeClusterError(answer.error, connection.context)}`,
    });
  }
  return result;
}
