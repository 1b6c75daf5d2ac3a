// Objects whose apiVersion the cluster no longer serves (what 2018 ksonnet apps render on
// Kubernetes 1.37), through the real kf binary on the minikube plane: apply refuses before sending
// anything and names each object, its component file, the version(s) that serve its kind and what
// to do; the servable components apply alone; diff, validate --server, status and delete say the
// same instead of "create", "NotFound" or "already gone".
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { ensureBuilt, runKf, tempDir } from '../../helpers/run-kf.js';
import type { Connection } from '../../../src/cluster/kubeconfig.js';
import { connect, freshNamespace, getJson, uniqueName } from './helpers.js';

let admin: Connection;
let app: string;
let ns: string;
/** a group no CRD of any test defines */
const group = `${uniqueName('unserved')}.kf.test`;
const kf = (args: string[]) => runKf(args, { cwd: app, env: { KUBECONFIG: inject('kubeconfig') } });

const oldDeployment = {
  apiVersion: 'apps/v1beta1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    },
  },
};
const oldIngress = {
  apiVersion: 'extensions/v1beta1',
  kind: 'Ingress',
  metadata: { name: 'web' },
  spec: { backend: { serviceName: 'web', servicePort: 80 } },
};
const role = uniqueName('kf-unserved-role');
const oldClusterRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1beta1',
  kind: 'ClusterRole',
  metadata: { name: role },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
};
const widget = { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w' } };
const settings = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } };
const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
};

beforeAll(async () => {
  ensureBuilt();
  admin = await connect('default');
  ns = await freshNamespace(admin, 'kf-unserved');
  app = tempDir('kf-unserved-');
  const server = inject('clusters').controlPlanes.find((c) => c.name === 'minikube')!.server;
  mkdirSync(join(app, 'components'), { recursive: true });
  const yaml = (objects: object[]) => objects.map((o) => `---\n${stringify(o)}`).join('');
  writeFileSync(join(app, 'components', 'config.yaml'), yaml([settings]));
  writeFileSync(join(app, 'components', 'web.yaml'), yaml([service, oldDeployment, oldIngress]));
  writeFileSync(join(app, 'components', 'widgets.yaml'), yaml([widget]));
  // Jsonnet through a library, as 2018 ksonnet packages wrote them: messages name the library's line.
  mkdirSync(join(app, 'lib'));
  writeFileSync(
    join(app, 'lib', 'legacy.libsonnet'),
    `{\n  clusterRole(name):: {\n    apiVersion: ${JSON.stringify(oldClusterRole.apiVersion)},\n    kind: 'ClusterRole',\n    metadata: { name: name },\n    rules: ${JSON.stringify(oldClusterRole.rules)},\n  },\n}\n`,
  );
  writeFileSync(
    join(app, 'components', 'rbac.jsonnet'),
    `(import 'legacy.libsonnet').clusterRole(${JSON.stringify(role)})\n`,
  );
  writeFileSync(
    join(app, 'app.yaml'),
    stringify({
      apiVersion: 'kf.dev/v1alpha1',
      kind: 'App',
      name: 'unserved',
      id: 'a1b2c3d4e5f6',
      environments: { minikube: { context: 'minikube', server, namespace: ns } },
      registries: {},
      libraries: {},
    }),
  );
});
afterAll(() => admin.client.close());

const deploymentLine = (ns: string) =>
  `NOT SERVED deployment.apps/web -n ${ns} (component web, components/web.yaml:12:13): apiVersion apps/v1beta1 of Deployment is not served by context minikube (Kubernetes 1.37); it serves Deployment as apps/v1 (change its apiVersion to apps/v1, then check the fields that version changed with kf validate)`;

describe('an apiVersion the cluster does not serve', () => {
  it('kf apply refuses before sending anything, naming each object, its file, what serves the kind and what to do', async () => {
    const result = await kf(['apply', 'minikube', '--yes']);
    expect(result.exitCode).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      // cluster-scoped, whatever its apiVersion: no namespace
      `NOT SERVED clusterrole.rbac.authorization.k8s.io/${role} (component rbac, lib/legacy.libsonnet:3:17): apiVersion rbac.authorization.k8s.io/v1beta1 of ClusterRole is not served by context minikube (Kubernetes 1.37); it serves ClusterRole as rbac.authorization.k8s.io/v1 (change its apiVersion to rbac.authorization.k8s.io/v1, then check the fields that version changed with kf validate)`,
      deploymentLine(ns),
      `NOT SERVED ingress.extensions/web -n ${ns} (component web, components/web.yaml:27:13): apiVersion extensions/v1beta1 of Ingress is not served by context minikube (Kubernetes 1.37); it serves Ingress as networking.k8s.io/v1 (change its apiVersion to networking.k8s.io/v1, then check the fields that version changed with kf validate)`,
      `NOT SERVED widget.${group}/w -n ${ns} (component widgets, components/widgets.yaml:2:13): Widget (${group}/v1) is not served by context minikube (Kubernetes 1.37), and no CustomResourceDefinition the environment renders defines it (install the CustomResourceDefinition of Widget.${group} first, or leave this component out)`,
      `kf: 4 of 6 objects have an apiVersion context minikube (Kubernetes 1.37) does not serve (listed above); nothing was applied (change each as its line says; or apply the components that are servable as they are: kf apply minikube -c config)`,
    ]);
    // -o json: no document (nothing was applied), and the lines the error says are "listed above"
    // are on stderr all the same.
    const json = await kf(['apply', 'minikube', '--yes', '-o', 'json']);
    expect(json.exitCode).toBe(1);
    expect(json.stdout).toBe('');
    expect(json.stderr.trim().split('\n')).toEqual(lines);
    // Nothing was sent: not the servable ConfigMap and Service, not even the inventory.
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/settings`)).toBeUndefined();
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/services/web`)).toBeUndefined();
    expect(
      await getJson(admin, `/api/v1/namespaces/${ns}/secrets/kf-unserved-minikube-a1b2c3d4e5f6`),
    ).toBeUndefined();
  }, 120_000);

  it('one unservable object: one line, with its file first', async () => {
    const result = await kf(['apply', 'minikube', '--yes', '-c', 'widgets', '--dry-run=server']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `kf: components/widgets.yaml:2:13: Widget.${group} ${ns}/w (component widgets): Widget (${group}/v1) is not served by context minikube (Kubernetes 1.37), and no CustomResourceDefinition the environment renders defines it; nothing was sent for the dry run (install the CustomResourceDefinition of Widget.${group} first, or leave this component out)\n`,
    );
  }, 120_000);

  it('the servable components apply alone, as the hint says', async () => {
    const result = await kf(['apply', 'minikube', '--yes', '-c', 'config']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(`created configmap/settings -n ${ns}`);
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/settings`)).toBeDefined();
  }, 120_000);

  it('kf diff reports them as objects it cannot compare, not as objects to create', async () => {
    const result = await kf(['diff', 'minikube']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `kf: cannot diff ClusterRole.rbac.authorization.k8s.io ${role}: apiVersion rbac.authorization.k8s.io/v1beta1 of ClusterRole is not served by context minikube (Kubernetes 1.37); it serves ClusterRole as rbac.authorization.k8s.io/v1 (component rbac, lib/legacy.libsonnet:3:17; change its apiVersion to rbac.authorization.k8s.io/v1, then check the fields that version changed with kf validate)`,
      `kf: cannot diff Deployment.apps ${ns}/web: apiVersion apps/v1beta1 of Deployment is not served by context minikube (Kubernetes 1.37); it serves Deployment as apps/v1 (component web, components/web.yaml:12:13; change its apiVersion to apps/v1, then check the fields that version changed with kf validate)`,
      `kf: cannot diff Ingress.extensions ${ns}/web: apiVersion extensions/v1beta1 of Ingress is not served by context minikube (Kubernetes 1.37); it serves Ingress as networking.k8s.io/v1 (component web, components/web.yaml:27:13; change its apiVersion to networking.k8s.io/v1, then check the fields that version changed with kf validate)`,
      `kf: cannot diff Widget.${group} ${ns}/w: Widget (${group}/v1) is not served by context minikube (Kubernetes 1.37), and no CustomResourceDefinition the environment renders defines it (component widgets, components/widgets.yaml:2:13; install the CustomResourceDefinition of Widget.${group} first, or leave this component out)`,
      'kf: 4 object(s) could not be compared (listed above)',
    ]);
    // The Service is still to create; nothing claims the unservable objects would be created.
    expect(result.stdout).toContain(`+++ merged/Service ${ns}/web`);
    expect(result.stdout).not.toMatch(/merged\/(Deployment|Ingress|Widget)/);
  }, 120_000);

  it('kf validate --server says what the cluster serves, in place of the offline guess', async () => {
    const result = await kf(['validate', 'minikube', '--server', '-c', 'web']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      `minikube/web: Deployment ${ns}/web: apiVersion apps/v1beta1 of Deployment is not served by context minikube (Kubernetes 1.37); it serves Deployment as apps/v1 (components/web.yaml:12:13: change its apiVersion to apps/v1, then check the fields that version changed with kf validate)`,
      `minikube/web: Ingress ${ns}/web: apiVersion extensions/v1beta1 of Ingress is not served by context minikube (Kubernetes 1.37); it serves Ingress as networking.k8s.io/v1 (components/web.yaml:27:13: change its apiVersion to networking.k8s.io/v1, then check the fields that version changed with kf validate)`,
    ]);
    const rbac = await kf(['validate', 'minikube', '--server', '-c', 'rbac']);
    expect(rbac.stdout).toBe(
      `minikube/rbac: ClusterRole ${role}: apiVersion rbac.authorization.k8s.io/v1beta1 of ClusterRole is not served by context minikube (Kubernetes 1.37); it serves ClusterRole as rbac.authorization.k8s.io/v1 (lib/legacy.libsonnet:3:17: change its apiVersion to rbac.authorization.k8s.io/v1, then check the fields that version changed with kf validate)\n`,
    );
    expect(result.stderr).toBe(
      'minikube: 3 objects, Kubernetes 1.37 + server dry-run: 2 problems\n' +
        'kf: 2 problems found (each is listed above as [file:line:column: ]environment/component: object: field: message)\n',
    );
  }, 120_000);

  it('kf status says they are not served and how to fix them, not to kf apply them', async () => {
    const result = await kf(['status', 'minikube', '-c', 'web', '-c', 'config']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Deployment\\s+${ns}/web\\s+web\\s+NotFound\\s+apiVersion apps/v1beta1 of Deployment is not served by context minikube \\(Kubernetes 1\\.37\\); it serves Deployment as apps/v1 \\(change its apiVersion to apps/v1, then check the fields that version changed with kf validate\\)$`,
        'm',
      ),
    );
    expect(result.stdout).toMatch(new RegExp(`^ConfigMap\\s+${ns}/settings\\s+config\\s+Current`, 'm'));
    expect(result.stderr).toBe(
      `kf: 3 of 4 object(s) in minikube are not Current (2 with an apiVersion the cluster does not serve: change them as their rows say, then 'kf apply minikube')\n`,
    );
    const json = JSON.parse((await kf(['status', 'minikube', '-c', 'web', '-o', 'json'])).stdout) as {
      objects: { name: string; status: string; servedAs?: string[] }[];
    };
    expect(json.objects.map((o) => [o.name, o.status, o.servedAs])).toEqual([
      ['deployment.apps/web', 'NotFound', ['apps/v1']],
      ['ingress.extensions/web', 'NotFound', ['networking.k8s.io/v1']],
      ['service/web', 'NotFound', undefined],
    ]);
  }, 120_000);

  it('kf delete deletes them where the cluster keeps them now (apps/v1, networking.k8s.io/v1), not "already gone"', async () => {
    // What `ks apply` created on Kubernetes 1.10 is served as apps/v1 and networking.k8s.io/v1 today.
    const create = (path: string, body: object) => admin.client.request({ method: 'POST', path, body });
    await create(`/apis/apps/v1/namespaces/${ns}/deployments`, {
      ...oldDeployment,
      apiVersion: 'apps/v1',
      spec: { ...oldDeployment.spec, selector: { matchLabels: { app: 'web' } } },
    });
    await create(`/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web' },
      spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
    });
    // kf status says the old object lives on at the version served now, and still is not what kf applies.
    const status = await kf(['status', 'minikube', '-c', 'web']);
    expect(status.exitCode).toBe(1);
    expect(status.stdout).toMatch(
      new RegExp(
        `^Deployment\\s+${ns}/web\\s+web\\s+NotFound\\s+apiVersion apps/v1beta1 of Deployment is not served by context minikube \\(Kubernetes 1\\.37\\); it serves Deployment as apps/v1; Deployment web exists as apps/v1 \\(change its apiVersion`,
        'm',
      ),
    );
    const result = await kf(['delete', 'minikube', '--yes', '-c', 'web']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(
      `deleted deployment.apps/web -n ${ns}: as apps/v1 (the cluster does not serve apps/v1beta1)\n`,
    );
    expect(result.stderr).toContain(
      `deleted ingress.extensions/web -n ${ns}: as networking.k8s.io/v1 (the cluster does not serve extensions/v1beta1)\n`,
    );
    const gone = async (path: string) => {
      const live = await getJson(admin, path);
      return live === undefined || live.metadata.deletionTimestamp !== undefined;
    };
    expect(await gone(`/apis/apps/v1/namespaces/${ns}/deployments/web`)).toBe(true);
    expect(await gone(`/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses/web`)).toBe(true);
  }, 120_000);

  it('kf apply --dry-run=server says the others passed the dry run, not that they were applied', async () => {
    const broken = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_A_Name' } };
    writeFileSync(join(app, 'components', 'broken.yaml'), stringify(broken));
    try {
      const result = await kf(['apply', 'minikube', '--dry-run=server', '-c', 'broken', '-c', 'config']);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        /\nkf: 1 of 2 objects failed \(listed above\); the others passed the server's dry run \(nothing was applied\) \(fix the cause and run it again\)\n$/,
      );
    } finally {
      rmSync(join(app, 'components', 'broken.yaml'));
    }
  }, 120_000);
});
