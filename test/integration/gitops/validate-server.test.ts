// `kf validate --server` against a real kube-apiserver: a server-side dry-run of every object
// (nothing is stored), problems only the server sees, and objects it cannot judge yet.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import type { Connection } from '../../../src/cluster/kubeconfig.js';
import { runKf, tempDir } from '../../helpers/run-kf.js';
import { connect, freshNamespace, getJson, uniqueName } from '../cluster-ops/helpers.js';

let admin: Connection;
let ns: string;

beforeAll(async () => {
  admin = await connect('default');
  ns = await freshNamespace(admin, 'kf-validate');
});
afterAll(() => admin.client.close());

function app(components: Record<string, unknown[]>): string {
  const root = tempDir('kf-validate-server-');
  const server = inject('clusters').controlPlanes.find((c) => c.name === 'minikube')?.server;
  writeFileSync(
    join(root, 'app.yaml'),
    stringify({
      apiVersion: 'kf.dev/v1alpha1',
      kind: 'App',
      name: 'validate-server',
      environments: { minikube: { context: 'minikube', server, namespace: ns } },
      registries: {},
      libraries: {},
    }),
  );
  mkdirSync(join(root, 'components'));
  for (const [name, objects] of Object.entries(components)) {
    writeFileSync(
      join(root, 'components', `${name}.yaml`),
      objects.map((o) => `---\n${stringify(o)}`).join(''),
    );
  }
  return root;
}

const kf = (root: string, args: string[]) =>
  runKf(args, { cwd: root, env: { KUBECONFIG: inject('kubeconfig') } });

describe('kf validate --server', () => {
  it('dry-runs valid objects on the cluster without creating them', async () => {
    const name = uniqueName('cfg');
    const root = app({
      web: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' } }],
    });
    const result = await kf(root, ['validate', '--server']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('minikube: 1 object, Kubernetes 1.37 + server dry-run: valid');
    expect(result.exitCode).toBe(0);
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/${name}`)).toBeUndefined();
  });

  it('reports what only the server rejects, naming environment, component and object', async () => {
    const root = app({
      svc: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'odd' },
          spec: { type: 'Sideways', ports: [{ port: 80 }] },
        },
      ],
    });
    const offline = await kf(root, ['validate']);
    expect(offline.exitCode).toBe(0);
    const result = await kf(root, ['validate', '--server']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^minikube/svc: Service ${ns}/odd: server dry-run: .*Sideways`));
  });

  it('skips objects whose namespace or CRD the same render creates', async () => {
    const newNs = uniqueName('kf-later');
    const root = app({
      ns: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: newNs } }],
      cm: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: newNs }, data: {} }],
      crd: [
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'widgets.validate.kf.dev' },
          spec: {
            group: 'validate.kf.dev',
            scope: 'Namespaced',
            names: { kind: 'Widget', plural: 'widgets' },
            versions: [
              {
                name: 'v1',
                served: true,
                storage: true,
                schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
              },
            ],
          },
        },
      ],
      widget: [
        { apiVersion: 'validate.kf.dev/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } },
      ],
    });
    const result = await kf(root, ['validate', '--server']);
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(
      `skipped: minikube/cm: ConfigMap ${newNs}/c: namespace ${newNs} is rendered but does not exist yet`,
    );
    expect(result.stderr).toContain(
      `skipped: minikube/widget: Widget ${ns}/w: its CustomResourceDefinition is rendered but not installed yet`,
    );
    expect(await getJson(admin, `/api/v1/namespaces/${newNs}`)).toBeUndefined();
  });
});
