// Connects a rendered environment to its cluster for the length of one workflow: cluster failures
// that end the run become kf's one-line user error, and the client is always closed.
import { asUserError } from '../cluster/api-error.js';
import { connectEnvironment, type Connection } from '../cluster/kubeconfig.js';
import { UserError } from '../errors.js';
import type { Confirm, ConfirmRequest, EventSink } from './events.js';
import type { EnvironmentSpec } from '../app/app-file.js';

/** `--kubeconfig` and `--force-context`: the options every connecting workflow takes. */
export interface ConnectionOptions {
  /** one kubeconfig file, overriding $KUBECONFIG and ~/.kube/config */
  kubeconfig?: string;
  /** act even if the context now points at a different server than the environment's */
  forceContext?: boolean;
}

export async function withConnection<T>(
  target: { envName: string; env: EnvironmentSpec },
  options: ConnectionOptions & { maxSockets?: number; onEvent?: EventSink },
  run: (connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await connectEnvironment(target.envName, target.env, {
    kubeconfig: options.kubeconfig,
    forceContext: options.forceContext,
    maxSockets: options.maxSockets,
    // A server that refuses connections outright gets one error line at the end, not a retry log.
    onRetry: (request, attempt, reason) => {
      if (!reason.includes('ECONNREFUSED'))
        options.onEvent?.({ type: 'retry', request, attempt: attempt + 1, reason });
    },
  });
  try {
    return await run(connection);
  } catch (error) {
    throw asUserError(error, connection.context);
  } finally {
    connection.client.close();
  }
}

/** Asks `confirm` (when given) before changing the cluster; a "no" ends the run, nothing changed. */
export async function confirmOrCancel(confirm: Confirm | undefined, request: ConfirmRequest): Promise<void> {
  if (confirm && !(await confirm(request))) throw new UserError('cancelled; nothing was changed');
}
