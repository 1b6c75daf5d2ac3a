// Shared set-up for the live cluster-ops suites: connections to the test control planes
// (KUBECONFIG comes from the integration project's globalSetup) and fresh namespaces per test.
import { randomBytes } from 'node:crypto';
import { connectEnvironment, type Connection } from '../../../src/cluster/kubeconfig.js';
import type { KubeObject, RenderedObject } from '../../../src/kube-object.js';
import type { ClientOptions } from '../../../src/cluster/client.js';

export async function connect(
  namespace: string,
  context = 'minikube',
  options: ClientOptions & { kubeconfig?: string } = {},
): Promise<Connection> {
  return connectEnvironment('test', { context, namespace }, options);
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Creates a namespace with a unique name. */
export async function freshNamespace(connection: Connection, prefix = 'kf-ops'): Promise<string> {
  const name = uniqueName(prefix);
  await connection.client.request({
    method: 'POST',
    path: '/api/v1/namespaces',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
  });
  return name;
}

export function configMap(name: string, data: Record<string, string>, namespace?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    data,
  };
}

export function deployment(name: string, image = 'nginx:1.27', replicas = 1): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
    },
  };
}

export function service(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

export function rendered(objects: KubeObject[], component = 'core'): RenderedObject[] {
  return objects.map((object) => ({ component, object }));
}

export async function getJson<T = KubeObject>(connection: Connection, path: string): Promise<T | undefined> {
  try {
    return (await connection.client.request<T>({ method: 'GET', path })).body;
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}
