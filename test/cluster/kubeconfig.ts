// The kubeconfig that points tests (and people trying kf) at the test control planes.
import { writeFileSync, renameSync } from 'node:fs';
import { stringify } from 'yaml';

export interface KubeconfigCluster {
  /** Cluster and context name, e.g. `minikube`. */
  name: string;
  server: string;
  caPem: string;
}

export interface KubeconfigInput {
  clusters: readonly KubeconfigCluster[];
  admin: { user: string; token: string };
  /** Adds a context named `restricted` on `cluster` as `user`, defaulting to `namespace`. */
  restricted?: { cluster: string; user: string; token: string; namespace: string };
  currentContext: string;
}

export const RESTRICTED_CONTEXT = 'restricted';

/**
 * One cluster + one context per control plane (namespace `default`, admin user), and
 * optionally the `restricted` context. TLS is verified with each server's CA, embedded
 * as certificate-authority-data so the file works wherever it is copied.
 */
export function buildKubeconfig(input: KubeconfigInput): Record<string, unknown> {
  const caData = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');
  const users = [{ name: input.admin.user, user: { token: input.admin.token } }];
  const contexts = input.clusters.map((c) => ({
    name: c.name,
    context: { cluster: c.name, user: input.admin.user, namespace: 'default' },
  }));
  if (input.restricted) {
    const r = input.restricted;
    if (!input.clusters.some((c) => c.name === r.cluster))
      throw new Error(`restricted context: unknown cluster ${r.cluster}`);
    users.push({ name: r.user, user: { token: r.token } });
    contexts.push({
      name: RESTRICTED_CONTEXT,
      context: { cluster: r.cluster, user: r.user, namespace: r.namespace },
    });
  }
  if (!contexts.some((c) => c.name === input.currentContext))
    throw new Error(`unknown current context ${input.currentContext}`);
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: input.clusters.map((c) => ({
      name: c.name,
      cluster: { server: c.server, 'certificate-authority-data': caData(c.caPem) },
    })),
    users,
    contexts,
    'current-context': input.currentContext,
  };
}

/** Writes the kubeconfig atomically with mode 0600 (it holds bearer tokens). */
export function writeKubeconfig(path: string, kubeconfig: Record<string, unknown>): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, stringify(kubeconfig), { mode: 0o600 });
  renameSync(tmp, path);
}
