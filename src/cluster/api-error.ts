// Errors from the API server, kept structured (HTTP code, Status reason, field-manager conflicts)
// so callers can explain them in one line: RBAC denials, ownership conflicts, unreachable servers.
import { UserError } from '../errors.js';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
}

/** A non-success HTTP answer from the API server. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: KubeStatus,
    readonly method: string,
    readonly path: string,
  ) {
    super(status.message ?? `HTTP ${code} for ${method} ${path}`);
    this.name = 'ApiError';
  }

  get reason(): string | undefined {
    return this.status.reason;
  }
}

/** The server could not be reached at all (after retries). */
export class UnreachableError extends Error {
  constructor(
    readonly server: string,
    readonly context: string,
    readonly detail: string,
  ) {
    super(`cannot reach the API server ${server} (context ${context}): ${detail}`);
    this.name = 'UnreachableError';
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.code === 404;
}

/** A 404 about the object's namespace (not the object itself). */
export function isMissingNamespace(error: unknown): boolean {
  return error instanceof ApiError && error.code === 404 && error.status.details?.kind === 'namespaces';
}

/** `User "dev" cannot patch resource "deployments" in API group "apps" in the namespace "ml"` → parts. */
export function parseForbidden(
  message: string,
): { user: string; verb: string; resource: string; namespace?: string } | undefined {
  const match =
    /User "([^"]*)" cannot (\S+) resource "([^"]+)"(?: in API group "[^"]*")?(?: in the namespace "([^"]+)")?/.exec(
      message,
    );
  if (!match) return undefined;
  return { user: match[1], verb: match[2], resource: match[3], namespace: match[4] };
}

/** One line for an RBAC denial: "user U cannot patch deployments in namespace N (context C)". */
export function describeForbidden(error: ApiError, context: string): string {
  const parts = parseForbidden(error.status.message ?? '');
  if (!parts) return `forbidden: ${error.status.message ?? error.message} (context ${context})`;
  const where = parts.namespace ? `in namespace ${parts.namespace}` : 'at cluster scope';
  return `user ${parts.user} cannot ${parts.verb} ${parts.resource} ${where} (context ${context})`;
}

/** Field-manager conflicts of a server-side apply: which manager owns which field. */
export function describeConflict(error: ApiError): string {
  const causes = (error.status.details?.causes ?? []).filter((c) => c.reason === 'FieldManagerConflict');
  if (causes.length === 0) return `conflict: ${error.status.message ?? error.message}`;
  const owners = causes.map((c) => {
    const manager = /conflict with "([^"]+)"/.exec(c.message ?? '')?.[1] ?? c.message ?? 'another manager';
    return `${c.field ?? '?'} is owned by "${manager}"`;
  });
  return `conflict: ${owners.join(', ')} (rerun with --force-conflicts to take ownership)`;
}

/** The fields a 422 Invalid answer names (`spec.ports[0].port`), in its order. */
export function invalidFields(error: ApiError): string[] {
  return (error.status.details?.causes ?? [])
    .filter((c) => c.reason !== 'FieldManagerConflict' && c.field !== undefined && c.field !== '')
    .map((c) => c.field as string);
}

/** Turns a cluster failure that ends a whole command into the one-line user error kf prints. */
export function asUserError(error: unknown, context: string): unknown {
  if (error instanceof UnreachableError) {
    return new UserError(describeClusterError(error, context), {
      cause: error,
      hint: `is the cluster of context ${context} running? check the server address in the kubeconfig`,
    });
  }
  if (error instanceof ApiError) return new UserError(describeClusterError(error, context), { cause: error });
  return error;
}

/** Short, single-line explanation of any error that came out of a cluster call. */
export function describeClusterError(error: unknown, context: string): string {
  if (error instanceof ApiError) {
    if (error.code === 403) return describeForbidden(error, context);
    if (
      error.code === 409 &&
      error.status.reason === 'Conflict' &&
      error.status.details?.causes?.some((c) => c.reason === 'FieldManagerConflict')
    ) {
      return describeConflict(error);
    }
    if (error.code === 401) return `unauthorized: the credentials of context ${context} were rejected`;
    return `${error.status.message ?? error.message}`;
  }
  if (error instanceof UnreachableError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
