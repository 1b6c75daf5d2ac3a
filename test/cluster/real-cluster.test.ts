// Proves the clusters started by globalSetup are real Kubernetes control planes:
// kubectl and @kubernetes/client-node talk to them over verified TLS, the two contexts
// are separate clusters, CRDs are served and validated, and RBAC is enforced.
import {
  ApiextensionsV1Api,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type ApiException,
} from '@kubernetes/client-node';
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';

const kubeconfigPath = process.env.KUBECONFIG ?? '';

function contextConfig(context: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  kc.setCurrentContext(context);
  return kc;
}

const freshName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    const code = (error as ApiException<unknown>).code;
    if (typeof code !== 'number') throw error;
    return code;
  }
}

async function createNamespace(context: string, name: string): Promise<void> {
  await contextConfig(context)
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name } } });
}

const deploymentYaml = (namespace: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example/web:1.2.3
`;

describe('globalSetup', () => {
  it('exports KUBECONFIG to workers and provides the same path', () => {
    expect(kubeconfigPath).not.toBe('');
    expect(inject('kubeconfig')).toBe(kubeconfigPath);
  });

  it('writes contexts minikube (current), gke and restricted with verified TLS', () => {
    const config = parse(readFileSync(kubeconfigPath, 'utf8'));
    expect(config['current-context']).toBe('minikube');
    const contexts = Object.fromEntries(config.contexts.map((c: any) => [c.name, c.context]));
    expect(Object.keys(contexts).sort()).toEqual(['gke', 'minikube', 'restricted']);
    expect(contexts.minikube.namespace).toBe('default');
    expect(contexts.gke.namespace).toBe('default');
    expect(contexts.minikube.cluster).not.toBe(contexts.gke.cluster);
    for (const cluster of config.clusters) {
      expect(cluster.cluster['insecure-skip-tls-verify']).toBeUndefined();
      expect(Buffer.from(cluster.cluster['certificate-authority-data'], 'base64').toString()).toContain(
        'BEGIN CERTIFICATE',
      );
    }
    const servers = config.clusters.map((c: any) => c.cluster.server);
    expect(new Set(servers).size).toBe(2);
  });
});

describe('two real control planes', () => {
  it('kubectl applies a Deployment to minikube; client-node reads it back; gke does not have it', async () => {
    const namespace = freshName('kf-deploy');
    await createNamespace('minikube', namespace);
    await createNamespace('gke', namespace);

    const applied = await execa('kubectl', ['--context', 'minikube', 'apply', '-f', '-'], {
      input: deploymentYaml(namespace),
      env: { KUBECONFIG: kubeconfigPath },
    });
    expect(applied.stdout).toContain('deployment.apps/web created');

    const minikube = contextConfig('minikube').makeApiClient(AppsV1Api);
    const deployment = await minikube.readNamespacedDeployment({ name: 'web', namespace });
    expect(deployment.spec?.replicas).toBe(2);
    expect(deployment.spec?.template.spec?.containers[0]?.image).toBe('registry.example/web:1.2.3');
    expect(deployment.metadata?.managedFields?.some((f) => f.manager?.startsWith('kubectl'))).toBe(true);

    const gke = contextConfig('gke').makeApiClient(AppsV1Api);
    expect(await statusOf(gke.readNamespacedDeployment({ name: 'web', namespace }))).toBe(404);
  });

  it('serves the Kubernetes version the tools module pins', async () => {
    const goMod = readFileSync(new URL('./go/go.mod', import.meta.url), 'utf8');
    const pinned = /^\s*k8s\.io\/kubernetes (v\S+)/m.exec(goMod)?.[1];
    const { stdout } = await execa('kubectl', ['--context', 'gke', 'get', '--raw', '/version'], {
      env: { KUBECONFIG: kubeconfigPath },
    });
    expect(JSON.parse(stdout).gitVersion).toBe(pinned);
  });

  it('rejects a server whose certificate is not signed by the configured CA', async () => {
    // Swap the CAs: the gke server presented with minikube's CA must fail verification.
    const config = parse(readFileSync(kubeconfigPath, 'utf8'));
    const [a, b] = config.clusters;
    [a.cluster['certificate-authority-data'], b.cluster['certificate-authority-data']] = [
      b.cluster['certificate-authority-data'],
      a.cluster['certificate-authority-data'],
    ];
    const kc = new KubeConfig();
    kc.loadFromString(JSON.stringify(config));
    kc.setCurrentContext('minikube');
    await expect(kc.makeApiClient(CoreV1Api).listNamespace()).rejects.toThrow(
      /certificate|self.signed|verify/i,
    );
  });
});

describe('custom resources', () => {
  it('establishes a CRD, accepts a valid custom resource and rejects one that violates its schema', async () => {
    const kc = contextConfig('minikube');
    const group = `${freshName('t')}.kf.test`;
    const plural = 'trainers';
    const crdName = `${plural}.${group}`;
    await kc.makeApiClient(ApiextensionsV1Api).createCustomResourceDefinition({
      body: {
        metadata: { name: crdName },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural, singular: 'trainer', kind: 'Trainer' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      required: ['replicas'],
                      properties: { replicas: { type: 'integer', minimum: 1 }, image: { type: 'string' } },
                    },
                  },
                },
              },
            },
          ],
        },
      },
    });

    const extensions = kc.makeApiClient(ApiextensionsV1Api);
    let established = false;
    for (let i = 0; i < 100 && !established; i++) {
      const crd = await extensions.readCustomResourceDefinition({ name: crdName });
      established =
        crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
      if (!established) await sleep(100);
    }
    expect(established).toBe(true);

    const namespace = freshName('kf-crd');
    await createNamespace('minikube', namespace);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const create = (name: string, spec: unknown): Promise<unknown> =>
      custom.createNamespacedCustomObject({
        group,
        version: 'v1',
        namespace,
        plural,
        body: { apiVersion: `${group}/v1`, kind: 'Trainer', metadata: { name }, spec },
      });

    // The discovery cache of a new group may lag behind Established for a moment.
    let status = 404;
    for (let i = 0; i < 50 && status === 404; i++) {
      status = await statusOf(create('good', { replicas: 3, image: 'trainer:1' }));
      if (status === 404) await sleep(100);
    }
    expect(status).toBe(200);
    const stored = (await custom.getNamespacedCustomObject({
      group,
      version: 'v1',
      namespace,
      plural,
      name: 'good',
    })) as any;
    expect(stored.spec).toEqual({ replicas: 3, image: 'trainer:1' });

    for (const [name, spec, field] of [
      ['zero', { replicas: 0 }, 'spec.replicas'],
      ['text', { replicas: 'three' }, 'spec.replicas'],
      ['missing', { image: 'x' }, 'spec.replicas'],
    ] as const) {
      const error = await create(name, spec).then(
        () => undefined,
        (e: ApiException<string>) => e,
      );
      expect(error?.code, `${name} must be rejected`).toBe(422);
      expect(String(error?.body)).toContain(field);
    }
  });
});

describe('RBAC', () => {
  it('lets the restricted context read its namespace but not create or read elsewhere', async () => {
    const config = parse(readFileSync(kubeconfigPath, 'utf8'));
    const restrictedNamespace = config.contexts.find((c: any) => c.name === 'restricted').context.namespace;
    const core = contextConfig('restricted').makeApiClient(CoreV1Api);

    const pods = await core.listNamespacedPod({ namespace: restrictedNamespace });
    expect(pods.items).toEqual([]);
    expect(
      await statusOf(
        core.createNamespacedConfigMap({
          namespace: restrictedNamespace,
          body: { metadata: { name: 'nope' }, data: { a: 'b' } },
        }),
      ),
    ).toBe(403);
    expect(await statusOf(core.listNamespacedPod({ namespace: 'default' }))).toBe(403);
    expect(await statusOf(core.createNamespace({ body: { metadata: { name: freshName('nope') } } }))).toBe(
      403,
    );

    const viaKubectl = await execa(
      'kubectl',
      ['--context', 'restricted', 'create', 'configmap', 'nope', '--from-literal=a=b'],
      { env: { KUBECONFIG: kubeconfigPath }, reject: false },
    );
    expect(viaKubectl.exitCode).not.toBe(0);
    expect(viaKubectl.stderr).toMatch(/forbidden/i);
  });
});
