// `kf validate --server`: a server-side dry-run apply of every object (the API server's own
// validation, admission and defaulting; nothing is stored), through kf's cluster client.
import type { EnvironmentSpec } from '../app/app-file.js';
import { ApiError, UnreachableError, describeClusterError } from '../cluster/api-error.js';
import { RestMapper, groupVersionKind } from '../cluster/discovery.js';
import { connectEnvironment, type ConnectOptions } from '../cluster/kubeconfig.js';
import { serverSideApply } from '../cluster/resources.js';
import { UserError } from '../errors.js';
import type { RenderedObject } from '../kube-object.js';
import type { Problem } from './validate.js';

export interface ServerCheck {
  problems: Problem[];
  /** objects the dry-run could not judge yet, with the reason (namespace or CRD created by this render) */
  skipped: string[];
}

export async function dryRunOnServer(
  envName: string,
  env: EnvironmentSpec,
  objects: RenderedObject[],
  options: ConnectOptions = {},
): Promise<ServerCheck> {
  const connection = await connectEnvironment(envName, env, options);
  const mapper = new RestMapper(connection.client);
  const renderedNamespaces = new Set(
    objects.filter((o) => o.object.kind === 'Namespace').map((o) => o.object.metadata.name),
  );
  const renderedKinds = new Set(
    objects
      .filter((o) => o.object.kind === 'CustomResourceDefinition')
      .map((o) => {
        const spec = o.object.spec as { group?: string; names?: { kind?: string } } | undefined;
        return `${spec?.group}/${spec?.names?.kind}`;
      }),
  );
  const result: ServerCheck = { problems: [], skipped: [] };
  try {
    for (const { component, object } of objects) {
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
      const gvk = groupVersionKind(object);
      const mapping = await mapper.find(gvk);
      if (!mapping) {
        if (renderedKinds.has(`${gvk.group}/${gvk.kind}`))
          result.skipped.push(`${label}: its CustomResourceDefinition is rendered but not installed yet`);
        else
          result.problems.push({
            ...where,
            message: `the server ${connection.server} does not serve ${object.apiVersion} ${object.kind}`,
          });
        continue;
      }
      try {
        await serverSideApply(connection.client, mapping, object, { dryRun: true, force: true });
      } catch (error) {
        if (error instanceof UnreachableError)
          throw new UserError(error.message, {
            hint: `check that context ${connection.context} is reachable`,
          });
        const namespace = object.metadata.namespace;
        if (
          error instanceof ApiError &&
          error.code === 404 &&
          namespace &&
          renderedNamespaces.has(namespace)
        ) {
          result.skipped.push(`${label}: namespace ${namespace} is rendered but does not exist yet`);
          continue;
        }
        result.problems.push({
          ...where,
          message: `server dry-run: ${describeClusterError(error, connection.context)}`,
        });
      }
    }
  } finally {
    connection.client.close();
  }
  return result;
}
